package io.mirador.pii.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * IP addresses that are not personal data: loopback ({@code 127.0.0.0/8}, {@code ::1}) and
 * unspecified ({@code 0.0.0.0}, {@code ::}) unless {@code loopbackPersonal}, plus the networks of
 * the site's own services ({@code notPersonal} CIDRs, IPv4 and IPv6). The IP detector's findings in
 * these ranges are left as they are; key rules (such as {@code client.address: hash}) still apply,
 * because a key says whose address it is. Immutable.
 */
public final class SiteAddresses {
  static final int MAX_NETWORKS = 256;
  private static final SiteAddresses DEFAULTS = new SiteAddresses(List.of(), false);

  private final List<String> notPersonal;
  private final boolean loopbackPersonal;
  private final byte[][] networks;
  private final int[] prefixes;

  private SiteAddresses(List<String> notPersonal, boolean loopbackPersonal) {
    this.notPersonal = List.copyOf(notPersonal);
    this.loopbackPersonal = loopbackPersonal;
    if (this.notPersonal.size() > MAX_NETWORKS) {
      throw new IllegalArgumentException(
          "addresses.notPersonal: more than " + MAX_NETWORKS + " networks");
    }
    this.networks = new byte[this.notPersonal.size()][];
    this.prefixes = new int[this.notPersonal.size()];
    for (int k = 0; k < networks.length; k++) {
      String cidr = requireNonNull(this.notPersonal.get(k), "network");
      int slash = cidr.indexOf('/');
      String address = slash < 0 ? cidr : cidr.substring(0, slash);
      byte[] a = IpLiteral.parse(address);
      if (a == null) {
        throw new IllegalArgumentException(
            "addresses.notPersonal[" + k + "]: '" + shorten(cidr) + "' is not an IP network");
      }
      boolean v4 = address.indexOf(':') < 0;
      int max = v4 ? 32 : 128;
      int prefix = max;
      if (slash >= 0) {
        String p = cidr.substring(slash + 1);
        if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw new IllegalArgumentException(
              "addresses.notPersonal[" + k + "]: prefix length must be a number 0-" + max);
        }
        prefix = Integer.parseInt(p);
        if (prefix > max) {
          throw new IllegalArgumentException(
              "addresses.notPersonal[" + k + "]: prefix length must be 0-" + max);
        }
      }
      networks[k] = a;
      prefixes[k] = v4 ? prefix + 96 : prefix;
    }
  }

  /** Loopback and unspecified addresses are not personal; no site networks. */
  public static SiteAddresses defaults() {
    return DEFAULTS;
  }

  /** Validates eagerly; messages name the entry ({@code addresses.notPersonal[2]}). */
  public static SiteAddresses of(List<String> notPersonal, boolean loopbackPersonal) {
    return new SiteAddresses(
        new ArrayList<>(requireNonNull(notPersonal, "notPersonal")), loopbackPersonal);
  }

  public List<String> notPersonal() {
    return notPersonal;
  }

  public boolean loopbackPersonal() {
    return loopbackPersonal;
  }

  /** True when the literal {@code s[from, to)} is an address of a person (or not an address). */
  public boolean isPersonal(CharSequence s, int from, int to) {
    byte[] a = IpLiteral.parse(s, from, to);
    if (a == null) {
      return true;
    }
    if (!loopbackPersonal && (isLoopback(a) || isUnspecified(a))) {
      return false;
    }
    for (int k = 0; k < networks.length; k++) {
      if (inNetwork(a, networks[k], prefixes[k])) {
        return false;
      }
    }
    return true;
  }

  static boolean isLoopback(byte[] a) {
    if (IpLiteral.isMappedV4(a)) {
      return a[12] == 127;
    }
    for (int i = 0; i < 15; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[15] == 1;
  }

  static boolean isUnspecified(byte[] a) {
    boolean v4 = IpLiteral.isMappedV4(a);
    for (int i = v4 ? 12 : 0; i < 16; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean inNetwork(byte[] a, byte[] network, int prefix) {
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }

  private static String shorten(String s) {
    return s.length() <= 48 ? s : s.substring(0, 48) + "...";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SiteAddresses other
        && other.loopbackPersonal == loopbackPersonal
        && other.notPersonal.equals(notPersonal);
  }

  @Override
  public int hashCode() {
    return notPersonal.hashCode() * 31 + Boolean.hashCode(loopbackPersonal);
  }

  @Override
  public String toString() {
    return "SiteAddresses[notPersonal="
        + notPersonal
        + ", loopbackPersonal="
        + loopbackPersonal
        + "]";
  }
}
