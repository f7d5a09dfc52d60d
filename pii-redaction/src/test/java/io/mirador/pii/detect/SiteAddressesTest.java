package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SiteAddressesTest {
  private static boolean personal(SiteAddresses a, String ip) {
    return a.isPersonal(ip, 0, ip.length());
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, false",
    "127.255.255.254, false",
    "::1, false",
    "0.0.0.0, false",
    "::, false",
    "128.0.0.1, true",
    "126.255.255.255, true",
    "::2, true",
    "1::1, true",
    "::ffff:127.0.0.1, false",
    "0.0.0.1, true",
    "192.0.2.1, true",
    "not-an-ip, true",
  })
  void defaultsTreatLoopbackAndUnspecifiedAsNotPersonal(String ip, boolean expected) {
    assertThat(personal(SiteAddresses.defaults(), ip)).isEqualTo(expected);
  }

  @Test
  void loopbackCanBeMadePersonal() {
    SiteAddresses a = SiteAddresses.of(List.of(), true);
    assertThat(personal(a, "127.0.0.1")).isTrue();
    assertThat(personal(a, "::1")).isTrue();
    assertThat(personal(a, "0.0.0.0")).isTrue();
    assertThat(a.loopbackPersonal()).isTrue();
  }

  @Test
  void siteNetworksAreNotPersonal() {
    SiteAddresses a =
        SiteAddresses.of(
            List.of("10.20.0.0/16", "fd00::/8", "192.0.2.128/25", "198.51.100.7"), false);
    assertThat(personal(a, "10.20.3.4")).isFalse();
    assertThat(personal(a, "10.21.3.4")).isTrue();
    assertThat(personal(a, "fd12:3456::1")).isFalse();
    assertThat(personal(a, "fe12:3456::1")).isTrue();
    assertThat(personal(a, "192.0.2.128")).isFalse();
    assertThat(personal(a, "192.0.2.255")).isFalse();
    assertThat(personal(a, "192.0.2.127")).isTrue();
    assertThat(personal(a, "198.51.100.7")).isFalse();
    assertThat(personal(a, "198.51.100.8")).isTrue();
    assertThat(a.notPersonal()).hasSize(4);
    assertThat(a.loopbackPersonal()).isFalse();
  }

  @Test
  void prefixZeroAndFullLengths() {
    SiteAddresses any4 = SiteAddresses.of(List.of("0.0.0.0/0"), true);
    assertThat(personal(any4, "203.0.113.9")).isFalse();
    assertThat(personal(any4, "2001:db8::1")).isTrue();
    SiteAddresses one6 = SiteAddresses.of(List.of("2001:db8::1/128"), true);
    assertThat(personal(one6, "2001:db8::1")).isFalse();
    assertThat(personal(one6, "2001:db8::2")).isTrue();
    SiteAddresses odd = SiteAddresses.of(List.of("10.0.0.0/9"), true);
    assertThat(personal(odd, "10.127.0.1")).isFalse();
    assertThat(personal(odd, "10.128.0.1")).isTrue();
  }

  @Test
  void badNetworksAreNamed() {
    assertThatThrownBy(() -> SiteAddresses.of(List.of("10.0.0.0/8", "example.com"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("addresses.notPersonal[1]: 'example.com' is not an IP network");
    assertThatThrownBy(() -> SiteAddresses.of(List.of("10.0.0.0/33"), false))
        .hasMessage("addresses.notPersonal[0]: prefix length must be 0-32");
    assertThatThrownBy(() -> SiteAddresses.of(List.of("fd00::/129"), false))
        .hasMessage("addresses.notPersonal[0]: prefix length must be 0-128");
    assertThatThrownBy(() -> SiteAddresses.of(List.of("10.0.0.0/x"), false))
        .hasMessage("addresses.notPersonal[0]: prefix length must be a number 0-32");
    assertThatThrownBy(() -> SiteAddresses.of(List.of("10.0.0.0/"), false))
        .hasMessageContaining("prefix length must be a number");
    assertThatThrownBy(() -> SiteAddresses.of(List.of("10.0.0.0/0008"), false))
        .hasMessageContaining("prefix length must be a number");
    assertThatThrownBy(() -> SiteAddresses.of(List.of("x".repeat(100)), false))
        .hasMessageContaining("...' is not an IP network");
    List<String> many =
        new ArrayList<>(Collections.nCopies(SiteAddresses.MAX_NETWORKS + 1, "10.0.0.1"));
    assertThatThrownBy(() -> SiteAddresses.of(many, false)).hasMessageContaining("more than 256");
    assertThat(SiteAddresses.of(many.subList(0, SiteAddresses.MAX_NETWORKS), false).notPersonal())
        .hasSize(SiteAddresses.MAX_NETWORKS);
  }

  @Test
  void equalityFollowsTheSettings() {
    SiteAddresses a = SiteAddresses.of(List.of("10.0.0.0/8"), false);
    assertThat(a).isEqualTo(SiteAddresses.of(List.of("10.0.0.0/8"), false));
    assertThat(a).hasSameHashCodeAs(SiteAddresses.of(List.of("10.0.0.0/8"), false));
    assertThat(a).isNotEqualTo(SiteAddresses.of(List.of("10.0.0.0/8"), true));
    assertThat(a).isNotEqualTo(SiteAddresses.of(List.of("10.0.0.0/9"), false));
    assertThat(a.hashCode()).isNotEqualTo(SiteAddresses.of(List.of("10.0.0.0/8"), true).hashCode());
    assertThat(a).isNotEqualTo("x");
    assertThat(a.toString()).contains("10.0.0.0/8").contains("false");
    assertThat(SiteAddresses.of(List.of(), false)).isEqualTo(SiteAddresses.defaults());
  }
}
