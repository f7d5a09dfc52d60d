package io.mirador.installer.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes tar.gz archives entry by entry, including the hostile ones a real tool would refuse. */
final class TestTar {
  record Entry(String name, char type, byte[] content, String link, int mode) {}

  private final List<Entry> entries = new ArrayList<>();

  TestTar file(String name, byte[] content) {
    entries.add(new Entry(name, '0', content, "", 0644));
    return this;
  }

  TestTar file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  TestTar dir(String name) {
    entries.add(new Entry(name.endsWith("/") ? name : name + "/", '5', new byte[0], "", 0755));
    return this;
  }

  TestTar symlink(String name, String target) {
    entries.add(new Entry(name, '2', new byte[0], target, 0777));
    return this;
  }

  TestTar hardlink(String name, String target) {
    entries.add(new Entry(name, '1', new byte[0], target, 0644));
    return this;
  }

  TestTar special(String name, char type) {
    entries.add(new Entry(name, type, new byte[0], "", 0644));
    return this;
  }

  byte[] tarBytes() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Entry e : entries) {
      if (e.name().getBytes(StandardCharsets.UTF_8).length > 99) {
        String record = " path=" + e.name() + "\n";
        int len = record.length() + 3;
        String full = len + record;
        if (full.length() != len) {
          full = (len + 1) + record;
        }
        byte[] pax = full.getBytes(StandardCharsets.UTF_8);
        writeHeader(out, "PaxHeaders/x", 'x', pax.length, "", 0644);
        out.write(pax);
        pad(out, pax.length);
        writeHeader(
            out, e.name().substring(0, 90), e.type(), e.content().length, e.link(), e.mode());
      } else {
        writeHeader(out, e.name(), e.type(), e.content().length, e.link(), e.mode());
      }
      out.write(e.content());
      pad(out, e.content().length);
    }
    out.write(new byte[1024]);
    return out.toByteArray();
  }

  Path writeGzip(Path file) throws IOException {
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
      o.write(tarBytes());
    }
    return file;
  }

  private static void pad(ByteArrayOutputStream out, int length) {
    int p = (512 - length % 512) % 512;
    out.write(new byte[p], 0, p);
  }

  private static void writeHeader(
      ByteArrayOutputStream out, String name, char type, long size, String link, int mode) {
    byte[] h = new byte[512];
    put(h, 0, 100, name);
    put(h, 100, 8, String.format("%07o", mode));
    put(h, 108, 8, "0000000");
    put(h, 116, 8, "0000000");
    put(h, 124, 12, String.format("%011o", size));
    put(h, 136, 12, String.format("%011o", 1767225600L));
    h[156] = (byte) type;
    put(h, 157, 100, link);
    put(h, 257, 6, "ustar");
    h[262] = 0;
    put(h, 263, 2, "00");
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, 8, String.format("%06o", sum) + "\0 ");
    out.write(h, 0, 512);
  }

  private static void put(byte[] h, int off, int len, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(b, 0, h, off, Math.min(len, b.length));
  }
}
