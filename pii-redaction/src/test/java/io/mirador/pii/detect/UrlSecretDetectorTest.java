package io.mirador.pii.detect;

import static io.mirador.pii.detect.DetectorsTest.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlSecretDetectorTest {
  private static final DetectorKind K = DetectorKind.URL_SECRET;

  @Test
  void spacesBeforeTheSeparatorStillName() {
    assertThat(found(K, "{\"password\" : \"s3cr3t\"}")).containsExactly("s3cr3t");
    assertThat(found(K, "password : s3cr3t")).containsExactly("s3cr3t");
    assertThat(found(K, "api_key  = k3y")).containsExactly("k3y");
    assertThat(found(K, "password" + " ".repeat(9) + "= far")).isEmpty();
  }

  @Test
  void urlUserinfo() {
    assertThat(found(K, "GET https://bob:hunter2@db.example.com/x")).containsExactly("bob:hunter2");
    assertThat(found(K, "redis://:pw@cache:6379")).containsExactly(":pw");
    assertThat(found(K, "ftp://anon@files.example.com")).containsExactly("anon");
    assertThat(found(K, "https://a:b@c@host/p")).containsExactly("a:b@c");
    assertThat(found(K, "https://example.com/a@b")).isEmpty();
    assertThat(found(K, "https://example.com?x=a@b")).isEmpty();
    assertThat(found(K, "https://example.com#a@b")).isEmpty();
    assertThat(found(K, "\"https://example.com\" a@b")).isEmpty();
    assertThat(found(K, "'https://example.com' a@b")).isEmpty();
    assertThat(found(K, "<https://example.com> a@b")).isEmpty();
    assertThat(found(K, "<https://example.com>a@b")).isEmpty();
    assertThat(found(K, "https://@host")).isEmpty();
    assertThat(found(K, "https://")).isEmpty();
  }

  @Test
  void authorityIsBoundedTo512Characters() {
    String user = "u".repeat(511);
    assertThat(found(K, "https://" + user + "@host")).containsExactly(user);
    assertThat(found(K, "https://" + user + "u@host")).isEmpty();
  }

  @Test
  void parametersWithSecretNames() {
    assertThat(found(K, "/cb?code=200&access_token=abc123&api_key=k-9&page=2&password=p%40ss"))
        .containsExactly("abc123", "k-9", "p%40ss");
    for (String name :
        new String[] {
          "password",
          "PASSWD",
          "pwd",
          "pass",
          "passphrase",
          "secret",
          "client_secret",
          "token",
          "refresh_token",
          "id_token",
          "auth_token",
          "session_token",
          "apikey",
          "api-key",
          "x-api-key",
          "private_key",
          "auth",
          "Authorization",
          "credential",
          "credentials",
          "sig",
          "signature",
          "X-Amz-Signature",
          "x-amz-credential",
          "x-amz-security-token",
          "x-goog-signature",
          "x-goog-credential",
          "sessionid",
          "session_id",
          "JSESSIONID",
          "phpsessid",
          "aws_secret_access_key",
          "AccountKey",
          "sharedaccesskey",
          "sharedaccesssignature",
          "sas",
          "otp",
          "pin"
        }) {
      assertThat(found(K, name + "=v4lue")).as(name).containsExactly("v4lue");
    }
  }

  @Test
  void namesBySuffixAndDottedNames() {
    for (String name :
        new String[] {
          "db_password", "mypasswd", "app_secret", "app-secret", "app.secret", "aws_secret_key",
          "github_token", "csrf-token", "x.token", "stripeapikey", "my_api_key", "my-api-key",
          "ssh_private_key", "aws_access_key", "config.password"
        }) {
      assertThat(found(K, name + "=v4lue")).as(name).containsExactly("v4lue");
    }
    for (String name :
        new String[] {
          "username",
          "page",
          "sort",
          "passenger",
          "tokens",
          "secretary",
          "keyboard",
          "a",
          "x1",
          "token_count",
          "pin_code",
          "monkey",
          "abcret",
          "abcrd",
          "abcwd",
          "abcet",
          "abcen",
          "abcey",
          "signed",
          "xen"
        }) {
      assertThat(found(K, name + "=value")).as(name).isEmpty();
    }
  }

  @Test
  void valuesEndAtDelimitersAndQuotesAreHonoured() {
    assertThat(found(K, "{\"password\": \"s3cr3t\", \"user\": \"x\"}")).containsExactly("s3cr3t");
    assertThat(found(K, "password='it''s'")).containsExactly("it");
    assertThat(found(K, "password=\"\" ok")).isEmpty();
    assertThat(found(K, "password=\"unterminated")).isEmpty();
    assertThat(found(K, "--db_password=xyz X-Amz-Signature=abcdef"))
        .containsExactly("xyz", "abcdef");
    for (String end :
        new String[] {"&", ";", ",", "\"", "'", "#", "<", ">", ")", "]", "}", " ", "\n"}) {
      assertThat(found(K, "token=abc" + end + "rest")).as(end).containsExactly("abc");
    }
    assertThat(found(K, "password: hunter2 next")).containsExactly("hunter2");
    assertThat(found(K, "password=" + " ".repeat(9) + "x")).isEmpty(); // more than 8 spaces
    assertThat(found(K, "password=" + " ".repeat(8) + "x")).containsExactly("x");
    assertThat(found(K, "password=")).isEmpty();
    assertThat(found(K, "password=&x=1")).isEmpty();
  }

  @Test
  void aSchemeAfterASecretNameIsAUrlNotAValue() {
    assertThat(found(K, "auth:/path")).isEmpty();
    assertThat(found(K, "auth: /path")).containsExactly("/path");
    assertThat(found(K, "token:abc")).containsExactly("abc");
  }

  @Test
  void nothingSecretHere() {
    assertThat(found(K, "https://example.com/a?page=2&sort=asc key=value")).isEmpty();
    assertThat(found(K, "12:00:01 a.b=1 =x :y")).isEmpty();
    assertThat(found(K, "")).isEmpty();
    String longName = "p".repeat(60) + "password";
    assertThat(found(K, longName + "=x")).containsExactly("x");
    assertThat(found(K, "q".repeat(70) + "_password=x")).containsExactly("x");
  }
}
