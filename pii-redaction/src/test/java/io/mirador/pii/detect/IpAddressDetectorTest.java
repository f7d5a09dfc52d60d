package io.mirador.pii.detect;

import static io.mirador.pii.detect.DetectorsTest.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpAddressDetectorTest {
  private static final DetectorKind K = DetectorKind.IP_ADDRESS;

  @Test
  void ipv4WithExactBounds() {
    assertThat(found(K, "192.0.2.10")).containsExactly("192.0.2.10");
    assertThat(found(K, "from 192.0.2.10:8080 and 198.51.100.7."))
        .containsExactly("192.0.2.10", "198.51.100.7");
    assertThat(found(K, "ip:203.0.113.5,x")).containsExactly("203.0.113.5");
    assertThat(found(K, "[198.51.100.255]")).containsExactly("198.51.100.255");
    assertThat(found(K, "10.0.0.1/8")).containsExactly("10.0.0.1");
  }

  @Test
  void ipv4OctetsAreAtMost255AndThreeDigits() {
    assertThat(found(K, "255.255.255.254")).containsExactly("255.255.255.254");
    assertThat(found(K, "256.1.1.1 1.256.1.1 1.1.1.256")).isEmpty();
    assertThat(found(K, "0192.0.2.1 192.0.2.0001")).isEmpty();
    assertThat(found(K, "192.0.2 192.0.2. 192..2.1")).isEmpty();
  }

  @Test
  void versionsAndGluedNumbersAreNotAddresses() {
    assertThat(found(K, "v1.2.3.4 1.2.3.4.5 a1.2.3.4 1.2.3.4a 1.2.3.4_x")).isEmpty();
    assertThat(found(K, "9.1.2.3.4")).isEmpty();
    assertThat(found(K, "build 1.2.3.4.")).containsExactly("1.2.3.4");
  }

  @Test
  void ipv6FullCompressedAndWithEmbeddedIpv4() {
    assertThat(found(K, "2001:db8::1")).containsExactly("2001:db8::1");
    assertThat(found(K, "2001:0db8:0000:0000:0000:ff00:0042:8329"))
        .containsExactly("2001:0db8:0000:0000:0000:ff00:0042:8329");
    assertThat(found(K, "addr 2001:DB8:0:0:8:800:200C:417A."))
        .containsExactly("2001:DB8:0:0:8:800:200C:417A");
    assertThat(found(K, "::ffff:192.0.2.128")).containsExactly("::ffff:192.0.2.128");
    assertThat(found(K, "64:ff9b::198.51.100.7")).containsExactly("64:ff9b::198.51.100.7");
    assertThat(found(K, "[fe80::1ff:fe23:4567:890a]:443"))
        .containsExactly("fe80::1ff:fe23:4567:890a");
    assertThat(found(K, "2001:db8::")).containsExactly("2001:db8::");
    assertThat(found(K, "peer 2001:db8::5: refused")).containsExactly("2001:db8::5");
    assertThat(found(K, "1:2:3:4:5:6:7::")).containsExactly("1:2:3:4:5:6:7::");
    assertThat(found(K, "addr:2001:db8::1 id:2001:db8::2"))
        .containsExactly("2001:db8::1", "2001:db8::2");
  }

  @Test
  void malformedIpv6IsRejected() {
    assertThat(found(K, "12:30:45 00:1a:2b:3c:4d:5e std::vector :: a1.2.3.4")).isEmpty();
    assertThat(found(K, "1:2:3:4:5:6:7")).isEmpty();
    assertThat(found(K, "1:2:3:4:5:6:7:8:9")).isEmpty();
    assertThat(found(K, "2001:db8::1::2")).isEmpty();
    assertThat(found(K, "2001:db8:12345::1")).isEmpty();
    assertThat(found(K, ":2001:db8::1")).isEmpty();
    assertThat(found(K, "2001:db8:1")).isEmpty();
    assertThat(found(K, "::ffff:192.0.2.300")).isEmpty();
    assertThat(found(K, "::ffff:192.0.2.1:80")).isEmpty();
    assertThat(found(K, "1:2:3:4:5:6:7:8::")).isEmpty();
    assertThat(found(K, "2001:db8::1x")).isEmpty();
    assertThat(found(K, "::1.2")).isEmpty();
  }

  @Test
  void ipv6IsAtMost45Characters() {
    String v6 = "0000:0000:0000:0000:0000:ffff:192.168.100.200";
    assertThat(v6).hasSize(45);
    assertThat(found(K, v6)).containsExactly(v6);
    assertThat(found(K, "0" + v6)).isEmpty();
  }

  @Test
  void ipv4AndIpv6Helpers() {
    assertThat(IpAddressDetector.ipv4End("192.0.2.1 x", 0)).isEqualTo(9);
    assertThat(IpAddressDetector.ipv4End("a 192.0.2.1", 2)).isEqualTo(11);
    assertThat(IpAddressDetector.ipv4End("192.0.2.1.5", 0)).isEqualTo(-1);
    assertThat(IpAddressDetector.ipv4End("192.0.2.1.", 0)).isEqualTo(9);
    assertThat(IpAddressDetector.validIpv6("::a:1", 0, 5)).isTrue();
    assertThat(IpAddressDetector.validIpv6("::", 0, 2)).isFalse();
    assertThat(IpAddressDetector.validIpv6("1::", 0, 3)).isFalse();
    assertThat(IpAddressDetector.validIpv6("1:2::", 0, 5)).isTrue();
    assertThat(IpAddressDetector.validIpv6("1:2:3:4:5:6:7:8", 0, 15)).isTrue();
    assertThat(IpAddressDetector.validIpv6("1:2:3:4:5:6::7:8", 0, 16)).isFalse();
    assertThat(IpAddressDetector.validIpv6("1:2:3:4:5:6:", 0, 12)).isFalse();
  }
}
