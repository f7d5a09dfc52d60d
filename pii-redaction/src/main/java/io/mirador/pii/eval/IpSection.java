package io.mirador.pii.eval;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * IP addresses: IPv4 dotted quads (RFC 791, octets 0-255) and IPv6 in the text forms of RFC 4291
 * section 2.2 (full, with leading zeros, compressed with {@code ::}, the recommended form of RFC
 * 5952, and with an embedded IPv4 tail as in {@code ::ffff:198.51.100.7} and the RFC 6052 prefix
 * {@code 64:ff9b::}), alone, with ports ({@code 198.51.100.7:8443}, {@code [2001:db8::1]:443}), in
 * URLs and in {@code X-Forwarded-For} lists. Addresses come from the documentation ranges (RFC
 * 5737: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24; RFC 3849: 2001:db8::/32) and the private
 * ranges of RFC 1918 (a workstation's private address identifies its user).
 *
 * <p>Loopback ({@code 127.0.0.0/8}, {@code ::1}) and unspecified ({@code 0.0.0.0}, {@code ::})
 * addresses identify no one: they are written unlabelled and count against precision if redacted.
 */
final class IpSection implements CorpusSection {
  static final int COUNT = 400;
  static final int NOT_PERSONAL = 60;

  private static final String[] V4_PREFIX = {"192.0.2.", "198.51.100.", "203.0.113."};

  @Override
  public String name() {
    return "ip_address";
  }

  @Override
  public void generate(RandomGenerator random, CorpusSink sink) {
    for (int i = 0; i < COUNT; i++) {
      String ip = i % 2 == 0 ? v4(random) : v6(random, i / 2);
      boolean v6 = ip.indexOf(':') >= 0;
      switch (random.nextInt(7)) {
        case 0 -> sink.sample().text("client.address=").entity("IP_ADDRESS", ip).add();
        case 1 ->
            sink.sample()
                .text("connection from ")
                .text(v6 ? "[" : "")
                .entity("IP_ADDRESS", ip)
                .text((v6 ? "]" : "") + ":" + (1024 + random.nextInt(60000)) + " accepted")
                .add();
        case 2 ->
            sink.sample()
                .text("url.full=https://")
                .text(v6 ? "[" : "")
                .entity("IP_ADDRESS", ip)
                .text((v6 ? "]" : "") + ":8443/api/v1/orders?page=2")
                .add();
        case 3 ->
            sink.sample()
                .text("X-Forwarded-For: ")
                .entity("IP_ADDRESS", ip)
                .text(", ")
                .entity("IP_ADDRESS", v4(random))
                .text(", ")
                .entity("IP_ADDRESS", v6(random, random.nextInt(6)))
                .add();
        case 4 -> sink.sample().text("{\"ip\": \"").entity("IP_ADDRESS", ip).text("\"}").add();
        case 5 ->
            sink.sample()
                .text("blocked ")
                .entity("IP_ADDRESS", ip)
                .text(" after 5 attempts.")
                .add();
        default ->
            sink.sample().text("peer ").entity("IP_ADDRESS", ip).text(" (geo: unknown)").add();
      }
    }
    String[] notPersonal = {
      "127.0.0.1", "127.0.1.1", "127.10.20.30", "::1", "0.0.0.0", "::", "0:0:0:0:0:0:0:1"
    };
    for (int i = 0; i < NOT_PERSONAL; i++) {
      String ip = notPersonal[i % notPersonal.length];
      String shown = ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
      sink.sample()
          .text(
              switch (i % 3) {
                case 0 -> "server.address=" + ip + " server.port=" + (1024 + random.nextInt(60000));
                case 1 ->
                    "url.full=http://" + shown + ":" + (1024 + random.nextInt(60000)) + "/checkout";
                default -> "listening on " + shown + ":" + (1024 + random.nextInt(60000));
              })
          .add();
    }
  }

  static String v4(RandomGenerator r) {
    return switch (r.nextInt(5)) {
      case 0 -> "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
      case 1 -> "192.168." + r.nextInt(256) + "." + (1 + r.nextInt(254));
      case 2 -> "172." + (16 + r.nextInt(16)) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
      default -> V4_PREFIX[r.nextInt(V4_PREFIX.length)] + (1 + r.nextInt(254));
    };
  }

  /** One of six IPv6 text forms, chosen by {@code form}. */
  static String v6(RandomGenerator r, int form) {
    String g3 = group(r);
    String g4 = group(r);
    String v =
        switch (form % 6) {
          case 0 ->
              "2001:db8:"
                  + g3
                  + ":"
                  + g4
                  + ":"
                  + group(r)
                  + ":"
                  + group(r)
                  + ":"
                  + group(r)
                  + ":"
                  + group(r);
          case 1 ->
              "2001:0db8:"
                  + pad4(g3)
                  + ":"
                  + pad4(g4)
                  + ":0000:0000:"
                  + pad4(group(r))
                  + ":"
                  + pad4(group(r));
          case 2 -> "2001:db8::" + group(r);
          case 3 -> "2001:db8:" + g3 + "::" + group(r) + ":" + group(r);
          case 4 -> "::ffff:" + V4_PREFIX[r.nextInt(3)] + (1 + r.nextInt(254));
          default -> "64:ff9b::" + V4_PREFIX[r.nextInt(3)] + (1 + r.nextInt(254));
        };
    return r.nextInt(5) == 0 ? v.toUpperCase(Locale.ROOT) : v;
  }

  private static String group(RandomGenerator r) {
    return Integer.toHexString(1 + r.nextInt(0xffff));
  }

  private static String pad4(String g) {
    return "0".repeat(4 - g.length()) + g;
  }
}
