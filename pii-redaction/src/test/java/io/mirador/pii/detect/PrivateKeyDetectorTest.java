package io.mirador.pii.detect;

import static io.mirador.pii.detect.DetectorsTest.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrivateKeyDetectorTest {
  private static final DetectorKind K = DetectorKind.PRIVATE_KEY;

  @Test
  void wholeBlocksOfEveryPrivateKeyLabel() {
    for (String label :
        new String[] {
          "PRIVATE KEY",
          "RSA PRIVATE KEY",
          "EC PRIVATE KEY",
          "OPENSSH PRIVATE KEY",
          "ENCRYPTED PRIVATE KEY",
          "PGP PRIVATE KEY BLOCK",
          "DSA PRIVATE KEY"
        }) {
      String block = "-----BEGIN " + label + "-----\nMIIEowIBAAKCAQEA\n-----END " + label + "-----";
      assertThat(found(K, "key:\n" + block + "\nafter")).as(label).containsExactly(block);
    }
  }

  @Test
  void twoBlocksAndCertificatesBetween() {
    String key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----";
    String cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    assertThat(found(K, cert + "\n" + key + "\n" + cert + "\n" + key)).containsExactly(key, key);
    assertThat(found(K, cert)).isEmpty();
    assertThat(found(K, "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----")).isEmpty();
  }

  @Test
  void truncatedBlocksRunToTheEnd() {
    assertThat(found(K, "x -----BEGIN PRIVATE KEY-----\nMIIE truncated"))
        .containsExactly("-----BEGIN PRIVATE KEY-----\nMIIE truncated");
    assertThat(found(K, "-----BEGIN PRIVATE KEY-----\nAA\n-----END PRIVATE KEY"))
        .containsExactly("-----BEGIN PRIVATE KEY-----\nAA\n-----END PRIVATE KEY");
    assertThat(found(K, "-----BEGIN PRIVATE KEY-----\nAA\n-----END pk-----"))
        .containsExactly("-----BEGIN PRIVATE KEY-----\nAA\n-----END pk-----");
  }

  @Test
  void labelsAreUpperCaseDigitsAndSpacesOfFewerThan64Characters() {
    assertThat(found(K, "-----BEGIN private key-----\nAA\n-----END private key-----")).isEmpty();
    assertThat(found(K, "-----BEGIN PRIVATE KEY")).isEmpty();
    assertThat(found(K, "-----BEGIN PRIVATE KEY-")).isEmpty();
    assertThat(found(K, "-----BEGIN PRIVATE-KEY-----\nAA")).isEmpty();
    // The closing dashes must start within 64 characters of the label.
    String label64 = "X".repeat(52) + " PRIVATE KEY";
    assertThat(label64).hasSize(64);
    String label = "X".repeat(51) + " PRIVATE KEY";
    assertThat(found(K, "-----BEGIN " + label + "-----\nAA")).hasSize(1);
    assertThat(found(K, "-----BEGIN " + label64 + "-----\nAA")).isEmpty();
    assertThat(found(K, "-----BEGIN X1 PRIVATE KEY-----\nAA")).hasSize(1);
  }

  @Test
  void aRejectedBeginDoesNotHideALaterBlock() {
    String key = "-----BEGIN PRIVATE KEY-----\nAA\n-----END PRIVATE KEY-----";
    assertThat(found(K, "-----BEGIN lower-----BEGIN nothing " + key)).containsExactly(key);
  }
}
