package io.mirador.installer.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TarReaderTest {

  /** A ustar header with a correct checksum; {@code size} octal unless {@code base256}. */
  static byte[] header(String name, char type, long size, String link, boolean base256) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000644");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    if (base256) {
      h[124] = (byte) 0x80;
      for (int i = 0; i < 8; i++) {
        h[135 - i] = (byte) (size >>> (8 * i));
      }
    } else {
      put(h, 124, String.format("%011o", size));
    }
    put(h, 136, "00000000000");
    h[156] = (byte) type;
    put(h, 157, link);
    put(h, 257, "ustar");
    put(h, 263, "00");
    checksum(h);
    return h;
  }

  static void checksum(byte[] h) {
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum) + "\0 ");
  }

  private static void put(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(b, 0, h, off, b.length);
  }

  private static byte[] content(byte[] data) {
    byte[] padded = new byte[(data.length + 511) / 512 * 512];
    System.arraycopy(data, 0, padded, 0, data.length);
    return padded;
  }

  private static TarReader reader(byte[]... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p);
    }
    return new TarReader(new ByteArrayInputStream(out.toByteArray()));
  }

  private static final byte[] END = new byte[1024];

  @Test
  void readsFilesDirectoriesLinksAndTheEnd() throws IOException {
    byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
    TarReader r =
        reader(
            header("top/", '5', 0, "", false),
            header("top/a", '0', 5, "", false),
            content(data),
            header("top/b", '1', 0, "top/a", false),
            header("top/c", '2', 0, "a", false),
            header("top/d", '3', 0, "", false),
            END);
    assertThat(r.next().type()).isEqualTo(TarReader.Type.DIRECTORY);
    TarReader.Entry a = r.next();
    assertThat(a.name()).isEqualTo("top/a");
    assertThat(a.size()).isEqualTo(5);
    assertThat(a.mode()).isEqualTo(0644);
    assertThat(r.content().readAllBytes()).isEqualTo(data);
    TarReader.Entry b = r.next();
    assertThat(b.type()).isEqualTo(TarReader.Type.HARD_LINK);
    assertThat(b.linkName()).isEqualTo("top/a");
    assertThat(r.next().type()).isEqualTo(TarReader.Type.SYMLINK);
    assertThat(r.next().type()).isEqualTo(TarReader.Type.OTHER);
    assertThat(r.next()).isNull();
    assertThat(r.next()).isNull();
  }

  @Test
  void skipsUnreadContent() throws IOException {
    TarReader r =
        reader(
            header("a", '0', 700, "", false),
            content(new byte[700]),
            header("b", '0', 0, "", false),
            END);
    assertThat(r.next().name()).isEqualTo("a");
    assertThat(r.next().name()).isEqualTo("b");
    assertThat(r.next()).isNull();
  }

  @Test
  void base256Sizes() throws IOException {
    TarReader r = reader(header("big", '0', 3, "", true), content(new byte[] {1, 2, 3}), END);
    TarReader.Entry e = r.next();
    assertThat(e.size()).isEqualTo(3);
    assertThat(r.content().readAllBytes()).containsExactly(1, 2, 3);
  }

  @Test
  void gnuLongNamesAndLinks() throws IOException {
    String longName = "top/" + "n".repeat(150);
    String longLink = "top/" + "l".repeat(150);
    byte[] ln = (longName + "\0").getBytes(StandardCharsets.UTF_8);
    byte[] ll = (longLink + "\0").getBytes(StandardCharsets.UTF_8);
    TarReader r =
        reader(
            header("././@LongLink", 'L', ln.length, "", false),
            content(ln),
            header("././@LongLink", 'K', ll.length, "", false),
            content(ll),
            header("top/short", '2', 0, "x", false),
            END);
    TarReader.Entry e = r.next();
    assertThat(e.name()).isEqualTo(longName);
    assertThat(e.linkName()).isEqualTo(longLink);
  }

  @Test
  void paxPathLinkAndSize() throws IOException {
    String records =
        record("path", "top/pax-name")
            + record("linkpath", "top/pax-link")
            + record("mtime", "1.5");
    byte[] pax = records.getBytes(StandardCharsets.UTF_8);
    TarReader r =
        reader(
            header("PaxHeaders/x", 'x', pax.length, "", false),
            content(pax),
            header("short", '2', 0, "x", false),
            END);
    TarReader.Entry e = r.next();
    assertThat(e.name()).isEqualTo("top/pax-name");
    assertThat(e.linkName()).isEqualTo("top/pax-link");
    byte[] sized = record("size", "4").getBytes(StandardCharsets.UTF_8);
    TarReader r2 =
        reader(
            header("PaxHeaders/y", 'x', sized.length, "", false),
            content(sized),
            header("f", '0', 0, "", false),
            content(new byte[] {9, 9, 9, 9}),
            END);
    TarReader.Entry f = r2.next();
    assertThat(f.size()).isEqualTo(4);
    assertThat(r2.content().readAllBytes()).hasSize(4);
    assertThat(r2.next()).isNull();
  }

  @Test
  void ustarPrefixJoinsTheName() throws IOException {
    byte[] h = header("name", '0', 0, "", false);
    put(h, 345, "some/prefix");
    checksum(h);
    assertThat(reader(h, END).next().name()).isEqualTo("some/prefix/name");
  }

  @Test
  void refusesBadChecksumsBadNumbersAndTruncation() throws IOException {
    byte[] h = header("a", '0', 0, "", false);
    h[0] = 'b';
    assertThatThrownBy(() -> reader(h, END).next()).hasMessageContaining("checksum");
    byte[] notOctal = header("a", '0', 0, "", false);
    put(notOctal, 124, "0000000009x");
    checksum(notOctal);
    assertThatThrownBy(() -> reader(notOctal, END).next()).hasMessageContaining("octal");
    assertThatThrownBy(() -> reader(Arrays.copyOf(header("a", '0', 0, "", false), 300)).next())
        .isInstanceOf(EOFException.class);
    TarReader noEnd = reader(header("a", '0', 0, "", false));
    noEnd.next();
    assertThatThrownBy(noEnd::next)
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("end-of-archive");
    TarReader cut = reader(header("a", '0', 1000, "", false), new byte[100]);
    cut.next();
    assertThatThrownBy(() -> cut.content().readAllBytes()).isInstanceOf(EOFException.class);
  }

  @Test
  void refusesMalformedOrHugeExtendedHeaders() {
    byte[] bad = "12 path\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () -> reader(header("x", 'x', bad.length, "", false), content(bad), END).next())
        .hasMessageContaining("pax");
    byte[] negative = record("size", "-1").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                reader(header("x", 'x', negative.length, "", false), content(negative), END).next())
        .hasMessageContaining("negative");
    assertThatThrownBy(
            () ->
                reader(header("x", 'x', TarReader.MAX_EXTENDED_HEADER + 1L, "", false), END).next())
        .hasMessageContaining("larger than");
  }

  private static String record(String key, String value) {
    String body = " " + key + "=" + value + "\n";
    int len = body.length() + 1;
    while (Integer.toString(len).length() + body.length() != len) {
      len++;
    }
    return len + body;
  }
}
