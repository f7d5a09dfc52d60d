package io.mirador.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class HpkeRfc9180VectorsTest {
  static List<TestVectors.Vector> vectors() {
    return TestVectors.load("rfc9180-x25519-vectors.txt");
  }

  private static Hpke.Mode mode(TestVectors.Vector v) {
    return v.integer("mode") == 2 ? Hpke.Mode.AUTH : Hpke.Mode.BASE;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void deriveKeyPairGivesTheVectorsKeys(TestVectors.Vector v) {
    X25519KeyPair eph = Hpke.deriveKeyPair(v.hex("ikmE"));
    assertThat(eph.privateKeyUnsafe()).isEqualTo(v.hex("skEm"));
    assertThat(eph.publicKey().bytes()).isEqualTo(v.hex("enc"));
    X25519KeyPair recipient = Hpke.deriveKeyPair(v.hex("ikmR"));
    assertThat(recipient.privateKeyUnsafe()).isEqualTo(v.hex("skRm"));
    assertThat(recipient.publicKey().bytes()).isEqualTo(v.hex("pkRm"));
    if (v.has("ikmS")) {
      assertThat(Hpke.deriveKeyPair(v.hex("ikmS")).publicKey().bytes()).isEqualTo(v.hex("pkSm"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void senderReproducesKeyScheduleCiphertextsAndExports(TestVectors.Vector v) throws Exception {
    HpkeAead aead = HpkeAead.byId(v.integer("aead"));
    X25519KeyPair recipient = X25519KeyPair.fromPrivateKey(v.hex("skRm"));
    assertThat(recipient.publicKey().bytes()).isEqualTo(v.hex("pkRm"));
    X25519KeyPair sender = v.has("skSm") ? X25519KeyPair.fromPrivateKey(v.hex("skSm")) : null;
    if (sender != null) {
      assertThat(sender.publicKey().bytes()).isEqualTo(v.hex("pkSm"));
    }

    Hpke.SenderSetup setup =
        Hpke.setupSender(
            mode(v),
            aead,
            recipient.publicKey(),
            v.hex("info"),
            sender,
            X25519KeyPair.fromPrivateKey(v.hex("skEm")));

    assertThat(setup.enc()).isEqualTo(v.hex("enc"));
    assertThat(setup.context().key()).isEqualTo(v.hex("key"));
    assertThat(setup.context().baseNonce()).isEqualTo(v.hex("base_nonce"));
    assertThat(setup.context().exporterSecret()).isEqualTo(v.hex("exporter_secret"));
    assertThat(setup.context().seal(v.hex("aad0"), v.hex("pt"))).isEqualTo(v.hex("ct0"));
    assertThat(setup.context().seal(v.hex("aad1"), v.hex("pt"))).isEqualTo(v.hex("ct1"));
    assertThat(setup.context().export(v.hex("export_context"), 32))
        .isEqualTo(v.hex("export_value"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void recipientOpensTheVectorsCiphertexts(TestVectors.Vector v) throws Exception {
    HpkeAead aead = HpkeAead.byId(v.integer("aead"));
    X25519KeyPair recipient = X25519KeyPair.fromPrivateKey(v.hex("skRm"));
    X25519PublicKey sender = v.has("pkSm") ? X25519PublicKey.of(v.hex("pkSm")) : null;

    Hpke.Context ctx =
        Hpke.setupRecipient(mode(v), aead, v.hex("enc"), recipient, v.hex("info"), sender);

    assertThat(ctx.open(v.hex("aad0"), v.hex("ct0"))).isEqualTo(v.hex("pt"));
    assertThat(ctx.open(v.hex("aad1"), v.hex("ct1"))).isEqualTo(v.hex("pt"));
    // A failed open must not advance the sequence number: ct1 is now out of order.
    assertThatThrownBy(() -> ctx.open(v.hex("aad1"), v.hex("ct1")))
        .isInstanceOf(AEADBadTagException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void authVectorsRefuseAnotherSender(TestVectors.Vector v) {
    if (mode(v) != Hpke.Mode.AUTH) {
      return;
    }
    HpkeAead aead = HpkeAead.byId(v.integer("aead"));
    X25519KeyPair recipient = X25519KeyPair.fromPrivateKey(v.hex("skRm"));
    X25519PublicKey impostor = X25519KeyPair.generate(new SecureRandom()).publicKey();
    assertThatThrownBy(
            () ->
                Hpke.setupRecipient(
                        Hpke.Mode.AUTH, aead, v.hex("enc"), recipient, v.hex("info"), impostor)
                    .open(v.hex("aad0"), v.hex("ct0")))
        .isInstanceOf(AEADBadTagException.class);
  }

  /**
   * AES-256-GCM with X25519 has no RFC 9180 vector: check it (and ChaCha20-Poly1305) against
   * BouncyCastle's independent HPKE, both directions, both modes.
   */
  @ParameterizedTest
  @EnumSource(
      value = HpkeAead.class,
      names = {"AES_256_GCM", "CHACHA20_POLY1305"})
  void interoperatesWithBouncyCastleHpke(HpkeAead aead) throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] info = Bytes.ascii("interop");
    byte[] aad = Bytes.ascii("aad");
    byte[] pt = new byte[1000];
    random.nextBytes(pt);
    X25519KeyPair recipient = X25519KeyPair.generate(random);
    X25519KeyPair sender = X25519KeyPair.generate(random);

    for (byte bcMode : new byte[] {HPKE.mode_base, HPKE.mode_auth}) {
      Hpke.Mode mode = bcMode == HPKE.mode_auth ? Hpke.Mode.AUTH : Hpke.Mode.BASE;
      HPKE bc = new HPKE(bcMode, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, (short) aead.id);
      AsymmetricCipherKeyPair bcRecipient = bcPair(bc, recipient);
      AsymmetricCipherKeyPair bcSender = bcPair(bc, sender);

      // ours -> BouncyCastle
      Hpke.SenderSetup ours =
          Hpke.setupSender(
              mode,
              aead,
              recipient.publicKey(),
              info,
              mode == Hpke.Mode.AUTH ? sender : null,
              X25519KeyPair.generate(random));
      byte[] ct = ours.context().seal(aad, pt);
      byte[] opened =
          mode == Hpke.Mode.AUTH
              ? bc.setupAuthR(ours.enc(), bcRecipient, info, bcSender.getPublic()).open(aad, ct)
              : bc.setupBaseR(ours.enc(), bcRecipient, info).open(aad, ct);
      assertThat(opened).isEqualTo(pt);

      // BouncyCastle -> ours
      HPKEContextWithEncapsulation theirs =
          mode == Hpke.Mode.AUTH
              ? bc.setupAuthS(
                  bc.deserializePublicKey(recipient.publicKey().bytes()), info, bcSender)
              : bc.setupBaseS(bc.deserializePublicKey(recipient.publicKey().bytes()), info);
      byte[] ct2 = theirs.seal(aad, pt);
      Hpke.Context ctx =
          Hpke.setupRecipient(
              mode,
              aead,
              theirs.getEncapsulation(),
              recipient,
              info,
              mode == Hpke.Mode.AUTH ? sender.publicKey() : null);
      assertThat(ctx.open(aad, ct2)).isEqualTo(pt);
      assertThat(ctx.export(Bytes.ascii("x"), 32)).isEqualTo(theirs.export(Bytes.ascii("x"), 32));
    }
  }

  private static AsymmetricCipherKeyPair bcPair(HPKE bc, X25519KeyPair pair) {
    return bc.deserializePrivateKey(pair.privateKeyUnsafe(), pair.publicKey().bytes());
  }
}
