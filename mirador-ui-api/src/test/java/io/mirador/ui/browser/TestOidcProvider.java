package io.mirador.ui.browser;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * The OIDC provider of the refusal tests: WireMock (from {@code quarkus-test-oidc-server}) serving
 * discovery, a JWKS with a key pair made for this run, the authorization endpoint of the code flow
 * and the token endpoint. The tokens are real RS256 JWTs signed with that key, so the ui-api and
 * the core validate them exactly as they would a production provider's; what WireMock stands in for
 * is only the provider's login page: {@link #nextLogin} decides who the next browser login is.
 */
final class TestOidcProvider implements AutoCloseable {
  static final String REALM = "/realms/mirador";
  static final String CORE_AUDIENCE = "mirador-core";
  static final String UI_CLIENT_ID = "mirador-ui";
  private static final String KEY_ID = "mirador-browser-it";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A person the provider logs in: roles and tenants go into the {@code mirador_*} claims. */
  record User(String subject, List<String> roles, List<String> tenants) {}

  private final WireMockServer server;
  private final WireMock client;
  private final int port;
  private final KeyPair keys;

  TestOidcProvider() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      keys = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    server =
        new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().globalTemplating(true));
    server.start();
    port = server.port();
    client = new WireMock("127.0.0.1", port);
    ObjectNode discovery = JSON.createObjectNode();
    discovery.put("issuer", issuer());
    discovery.put("authorization_endpoint", issuer() + "/protocol/openid-connect/auth");
    discovery.put("token_endpoint", issuer() + "/protocol/openid-connect/token");
    discovery.put("jwks_uri", issuer() + "/protocol/openid-connect/certs");
    discovery.put("userinfo_endpoint", issuer() + "/protocol/openid-connect/userinfo");
    discovery.put("end_session_endpoint", issuer() + "/protocol/openid-connect/logout");
    discovery.putArray("response_types_supported").add("code");
    discovery.putArray("subject_types_supported").add("public");
    discovery.putArray("id_token_signing_alg_values_supported").add("RS256");
    discovery.putArray("code_challenge_methods_supported").add("S256");
    client.register(
        get(urlPathEqualTo(REALM + "/.well-known/openid-configuration"))
            .willReturn(json(discovery.toString())));
    client.register(
        get(urlPathEqualTo(REALM + "/protocol/openid-connect/certs")).willReturn(json(jwks())));
  }

  /** The provider another JVM runs ({@link MiradorStack#attach}): stubs go over its admin API. */
  private TestOidcProvider(int port, KeyPair keys) {
    this.server = null;
    this.port = port;
    this.client = new WireMock("127.0.0.1", port);
    this.keys = keys;
  }

  static TestOidcProvider attach(int port, Path keyFile) throws IOException {
    try {
      String[] lines = Files.readString(keyFile).strip().split("\n");
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      PrivateKey priv =
          rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines[0])));
      PublicKey pub =
          rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines[1])));
      return new TestOidcProvider(port, new KeyPair(pub, priv));
    } catch (GeneralSecurityException e) {
      throw new IOException("unreadable provider key " + keyFile, e);
    }
  }

  /** Writes the signing key (made for this run; 0600, under target/) for {@link #attach}. */
  void writeKey(Path keyFile) throws IOException {
    Files.writeString(keyFile, "");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(
        keyFile,
        Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded())
            + "\n"
            + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded())
            + "\n");
  }

  int port() {
    return port;
  }

  String issuer() {
    return "http://127.0.0.1:" + port + REALM;
  }

  /**
   * The next authorization request logs {@code user} in: the provider redirects back with a one-off
   * code, and the token endpoint exchanges that code for this user's tokens.
   */
  void nextLogin(User user, Duration lifetime) {
    String code = "c" + HexFormat.of().formatHex(RANDOM.generateSeed(12));
    client.register(
        get(urlPathEqualTo(REALM + "/protocol/openid-connect/auth"))
            .willReturn(
                aResponse()
                    .withStatus(302)
                    .withHeader(
                        "Location",
                        "{{{request.query.redirect_uri}}}?state={{{request.query.state}}}&code="
                            + code)));
    ObjectNode tokens = JSON.createObjectNode();
    String token = token(user, lifetime);
    tokens.put("access_token", token);
    tokens.put("id_token", token);
    tokens.put("token_type", "Bearer");
    tokens.put("expires_in", lifetime.toSeconds());
    client.register(
        post(urlPathEqualTo(REALM + "/protocol/openid-connect/token"))
            .withRequestBody(containing("code=" + code))
            .willReturn(json(tokens.toString())));
  }

  /**
   * From now on the authorization endpoint shows a login page instead of logging anyone in, as a
   * real provider does for a browser without a provider session.
   */
  void noLogin() {
    client.register(
        get(urlPathEqualTo(REALM + "/protocol/openid-connect/auth"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/html; charset=utf-8")
                    .withBody(
                        "<!doctype html><title>Provider login</title>"
                            + "<h1 id=\"provider-login\">Identity provider: sign in</h1>")));
  }

  /** A signed token for {@code user}, addressed to the ui-api (id token) and the core (API). */
  String token(User user, Duration lifetime) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer());
    claims.setAudience(UI_CLIENT_ID, CORE_AUDIENCE);
    claims.setSubject(user.subject());
    claims.setClaim("preferred_username", user.subject());
    claims.setClaim("azp", UI_CLIENT_ID);
    claims.setStringListClaim("mirador_roles", user.roles());
    claims.setStringListClaim("mirador_tenants", user.tenants());
    Instant now = Instant.now();
    claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
    claims.setExpirationTime(NumericDate.fromSeconds(now.plus(lifetime).getEpochSecond()));
    claims.setGeneratedJwtId();
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(keys.getPrivate());
    jws.setKeyIdHeaderValue(KEY_ID);
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
    }
  }

  private String jwks() {
    RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
    ObjectNode jwks = JSON.createObjectNode();
    ObjectNode key = jwks.putArray("keys").addObject();
    key.put("kty", "RSA");
    key.put("kid", KEY_ID);
    key.put("use", "sig");
    key.put("alg", "RS256");
    key.put("n", base64Url(pub.getModulus()));
    key.put("e", base64Url(pub.getPublicExponent()));
    return jwks.toString();
  }

  private static String base64Url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Arrays.copyOfRange(bytes, skip, bytes.length));
  }

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }
}
