package io.mirador.pii.detect;

import static io.mirador.pii.detect.DetectorsTest.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JwtDetectorTest {
  private static final DetectorKind K = DetectorKind.JWT;
  private static final String JWT =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEyMyJ9.c2lnbmF0dXJlLW5vdC1yZWFsLWF0LWFsbA";

  @Test
  void findsCompactJwsWithExactBounds() {
    assertThat(found(K, JWT)).containsExactly(JWT);
    assertThat(found(K, "token=" + JWT + ";")).containsExactly(JWT);
    assertThat(found(K, "Bearer " + JWT + " and " + JWT)).containsExactly(JWT, JWT);
    assertThat(found(K, "\"" + JWT + "\"")).containsExactly(JWT);
  }

  @Test
  void unsignedTokenWithEmptySignature() {
    assertThat(found(K, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."))
        .containsExactly("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
    assertThat(found(K, "x eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0. y")).hasSize(1);
  }

  @Test
  void segmentsHaveMinimumLengths() {
    // Header: "eyJ" plus at least 4 characters; payload at least 4.
    assertThat(found(K, "eyJabcd.efgh.s")).containsExactly("eyJabcd.efgh.s");
    assertThat(found(K, "eyJabc.efgh.s")).isEmpty();
    assertThat(found(K, "eyJabcd.efg.s")).isEmpty();
  }

  @Test
  void notAJwt() {
    assertThat(found(K, "eyJhbGci only")).isEmpty();
    assertThat(found(K, "xeyJhbGciOiJI.eyJzdWIi.sig")).isEmpty();
    assertThat(found(K, "-eyJhbGciOiJI.eyJzdWIi.sig")).isEmpty();
    assertThat(found(K, "eyJhbGciOiJI.eyJzdWIi")).isEmpty();
    assertThat(found(K, "eyJhbGciOiJI.")).isEmpty();
    assertThat(found(K, "eyJhbGciOiJI")).isEmpty();
    assertThat(found(K, "eyJhbGciOiJI eyJzdWIi.sig")).isEmpty();
    // Five segments (JWE) or four: not a JWS.
    assertThat(found(K, "eyJhbGciOiJI.abcdefgh.ijkl.mnop")).isEmpty();
    assertThat(found(K, "eyJhbGciOiJSU0EifQ.a2V5a2V5.aXZpdg.Y2lwaGVy.dGFn")).isEmpty();
  }

  @Test
  void aRejectedCandidateDoesNotHideALaterToken() {
    assertThat(found(K, "xeyJabcd eyJhbGciOiJI eyJabcd.efgh.ijk"))
        .containsExactly("eyJabcd.efgh.ijk");
    assertThat(found(K, "eyJ.eyJabcd.efgh.ijk")).containsExactly("eyJabcd.efgh.ijk");
  }
}
