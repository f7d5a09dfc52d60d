package io.mirador.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetachedSignatureTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  @TempDir Path dir;

  private static String resource(String name) throws IOException {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String name) throws IOException {
    try (InputStream in = DetachedSignatureTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void rfc8032Test1() {
    HexFormat hex = HexFormat.of();
    Ed25519Signer signer =
        Ed25519Signer.fromSeed(
            hex.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    assertThat(hex.formatHex(signer.publicKey()))
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    byte[] sig = signer.sign(new byte[0]);
    assertThat(hex.formatHex(sig))
        .isEqualTo(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    assertThat(Ed25519Signer.verify(signer.publicKey(), new byte[0], sig)).isTrue();
    assertThat(Ed25519Signer.verify(signer.publicKey(), new byte[1], sig)).isFalse();
  }

  @Test
  void verifiesASignatureMadeByTheMinisignTool() throws IOException {
    String pk = resource("minisign-test.pub");
    byte[] manifest = bytes("minisign-test-manifest.sha256");
    String sig = resource("minisign-test-manifest.sha256.minisig");

    DetachedSignature.Verification v = DetachedSignature.verify(pk, manifest, sig);
    assertThat(v)
        .isEqualTo(
            new DetachedSignature.Verification.Valid(
                "timestamp:1763700000\tfile:MANIFEST.sha256\thashed"));

    byte[] tampered = manifest.clone();
    tampered[10] ^= 1;
    assertThat(DetachedSignature.verify(pk, tampered, sig).isValid()).isFalse();
    String otherComment = sig.replace("timestamp:1763700000", "timestamp:1763700001");
    assertThat(DetachedSignature.verify(pk, manifest, otherComment))
        .isEqualTo(new DetachedSignature.Verification.Invalid("trusted comment was modified"));
  }

  @Test
  void signsAndVerifiesAndRefusesEveryBitFlipOfTheSignature() {
    Ed25519Signer signer = Ed25519Signer.generate(RANDOM);
    byte[] manifest = "sha256  abc  a.jar\n".getBytes(StandardCharsets.UTF_8);
    String pk = DetachedSignature.publicKeyFile(signer);
    String sig = DetachedSignature.sign(signer, manifest, "timestamp:1\tfile:MANIFEST");
    assertThat(DetachedSignature.verify(pk, manifest, sig).isValid()).isTrue();

    String[] lines = sig.split("\n");
    byte[] blob = java.util.Base64.getDecoder().decode(lines[1]);
    for (int bit = 0; bit < blob.length * 8; bit++) {
      byte[] f = blob.clone();
      f[bit / 8] ^= (byte) (1 << (bit % 8));
      lines[1] = java.util.Base64.getEncoder().encodeToString(f);
      assertThat(DetachedSignature.verify(pk, manifest, String.join("\n", lines)).isValid())
          .as("bit %d", bit)
          .isFalse();
    }

    Ed25519Signer other = Ed25519Signer.generate(RANDOM);
    assertThat(
            DetachedSignature.verify(DetachedSignature.publicKeyFile(other), manifest, sig)
                .isValid())
        .isFalse();
    assertThat(DetachedSignature.verify(pk, manifest, "garbage").isValid()).isFalse();
    assertThat(DetachedSignature.verify("garbage", manifest, sig).isValid()).isFalse();
  }

  /** Needs the minisign tool; ./mirador test installs it (apt-get install minisign). */
  @Test
  void theMinisignToolVerifiesOurSignatures() throws Exception {
    if (!onPath("minisign")) {
      System.out.println(
          "DetachedSignatureTest: minisign not installed, interoperability not checked");
    }
    assumeTrue(onPath("minisign"), "minisign not installed");
    Ed25519Signer signer = Ed25519Signer.generate(RANDOM);
    Path manifest = dir.resolve("MANIFEST.sha256");
    Files.writeString(manifest, "sha256  0123  mirador.jar\n");
    Files.writeString(dir.resolve("key.pub"), DetachedSignature.publicKeyFile(signer));
    Files.writeString(
        dir.resolve("MANIFEST.sha256.minisig"),
        DetachedSignature.sign(signer, Files.readAllBytes(manifest), "mirador 0.1.0"));
    Process p =
        new ProcessBuilder(
                "minisign",
                "-V",
                "-m",
                manifest.toString(),
                "-p",
                dir.resolve("key.pub").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("mirador 0.1.0");
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }
}
