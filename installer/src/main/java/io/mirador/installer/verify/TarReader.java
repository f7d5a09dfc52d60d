package io.mirador.installer.verify;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A streaming reader of POSIX ustar / pax / GNU tar archives, with bounded memory: it holds one
 * 512-byte header and at most {@link #MAX_EXTENDED_HEADER} bytes of pax or GNU long-name data. It
 * reports entries as they are and leaves every policy (which types are allowed, paths) to its
 * caller; it only refuses what it cannot read (bad checksum, bad size field, truncation).
 */
final class TarReader {
  static final int BLOCK = 512;
  static final int MAX_EXTENDED_HEADER = 1 << 20;

  /** Entry types as the tar formats define them. */
  enum Type {
    FILE,
    HARD_LINK,
    SYMLINK,
    DIRECTORY,
    OTHER // character/block device, fifo, contiguous file, unknown
  }

  record Entry(
      String name, Type type, long size, String linkName, int mode, char typeFlag, long mtime) {}

  private final InputStream in;
  private final byte[] header = new byte[BLOCK];
  private long remaining; // content bytes of the current entry not yet read
  private long padding; // padding after the current entry's content
  private boolean ended;

  TarReader(InputStream in) {
    this.in = in;
  }

  /** The next entry, or null at the end of the archive. Unread content is skipped. */
  Entry next() throws IOException {
    if (ended) {
      return null;
    }
    skipFully(remaining + padding);
    remaining = 0;
    padding = 0;
    String longName = null;
    String longLink = null;
    String paxPath = null;
    String paxLink = null;
    Long paxSize = null;
    while (true) {
      if (!readBlock()) {
        throw new EOFException("tar archive ends without its end-of-archive blocks (truncated)");
      }
      if (isZero(header)) {
        ended = true;
        return null;
      }
      verifyChecksum();
      char flag = (char) (header[156] & 0xff);
      long size = parseNumber(124, 12);
      if (size < 0) {
        throw new IOException("tar header with a negative size");
      }
      if (flag == 'x' || flag == 'g' || flag == 'L' || flag == 'K') {
        if (size > MAX_EXTENDED_HEADER) {
          throw new IOException("tar extended header larger than " + MAX_EXTENDED_HEADER);
        }
        byte[] data = readContent((int) size);
        if (flag == 'L') {
          longName = cString(data, 0, data.length);
        } else if (flag == 'K') {
          longLink = cString(data, 0, data.length);
        } else if (flag == 'x') {
          PaxHeaders pax = PaxHeaders.parse(data);
          paxPath = pax.path();
          paxLink = pax.linkPath();
          paxSize = pax.size();
        }
        continue; // global pax headers ('g') carry nothing a bundle needs
      }
      String name = cString(header, 0, 100);
      String prefix = isUstar() ? cString(header, 345, 155) : "";
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      if (longName != null) {
        name = longName;
      }
      if (paxPath != null) {
        name = paxPath;
      }
      String link = cString(header, 157, 100);
      if (longLink != null) {
        link = longLink;
      }
      if (paxLink != null) {
        link = paxLink;
      }
      if (paxSize != null) {
        size = paxSize;
      }
      Type type =
          switch (flag) {
            case '0', '\0', '7' -> name.endsWith("/") ? Type.DIRECTORY : Type.FILE;
            case '1' -> Type.HARD_LINK;
            case '2' -> Type.SYMLINK;
            case '5' -> Type.DIRECTORY;
            default -> Type.OTHER;
          };
      if (flag == '7') {
        type = Type.OTHER; // contiguous files: not something a bundle contains
      }
      int mode = (int) parseNumber(100, 8);
      long mtime = parseNumber(136, 12);
      if (type == Type.HARD_LINK || type == Type.SYMLINK || type == Type.DIRECTORY) {
        // Links and directories carry no content whatever their size field says (pax allows it).
        remaining = type == Type.DIRECTORY ? size : 0;
      } else {
        remaining = size;
      }
      padding = (BLOCK - (remaining % BLOCK)) % BLOCK;
      return new Entry(name, type, size, link, mode, flag, mtime);
    }
  }

  /** The current entry's content; reading past it returns end of stream. */
  InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
          throw new EOFException("tar entry content truncated");
        }
        remaining -= n;
        return n;
      }
    };
  }

  private byte[] readContent(int size) throws IOException {
    byte[] data = in.readNBytes(size);
    if (data.length != size) {
      throw new EOFException("tar extended header truncated");
    }
    skipFully((BLOCK - (size % BLOCK)) % BLOCK);
    return data;
  }

  private boolean readBlock() throws IOException {
    int n = in.readNBytes(header, 0, BLOCK);
    if (n == 0) {
      return false;
    }
    if (n != BLOCK) {
      throw new EOFException("tar header truncated");
    }
    return true;
  }

  private void skipFully(long n) throws IOException {
    byte[] buf = new byte[8192];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) {
        throw new EOFException("tar archive truncated");
      }
      n -= r;
    }
  }

  private void verifyChecksum() throws IOException {
    long recorded = parseNumber(148, 8);
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
    }
    if (sum != recorded) {
      throw new IOException("tar header checksum mismatch (corrupt archive)");
    }
  }

  private boolean isUstar() {
    return header[257] == 'u'
        && header[258] == 's'
        && header[259] == 't'
        && header[260] == 'a'
        && header[261] == 'r';
  }

  /** Octal (NUL/space terminated) or GNU base-256 (high bit of the first byte). */
  long parseNumber(int offset, int length) throws IOException {
    if ((header[offset] & 0x80) != 0) {
      long v = header[offset] & 0x7f;
      for (int i = 1; i < length; i++) {
        if ((v >>> 55) != 0) {
          throw new IOException("tar numeric field out of range");
        }
        v = (v << 8) | (header[offset + i] & 0xff);
      }
      return v;
    }
    long v = 0;
    int i = offset;
    int end = offset + length;
    while (i < end && (header[i] == ' ' || header[i] == 0)) {
      i++;
    }
    boolean digits = false;
    for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
      int c = header[i];
      if (c < '0' || c > '7') {
        throw new IOException("tar numeric field is not octal");
      }
      if ((v >>> 60) != 0) {
        throw new IOException("tar numeric field out of range");
      }
      v = (v << 3) | (c - '0');
      digits = true;
    }
    return digits ? v : 0;
  }

  private static String cString(byte[] b, int offset, int length) {
    int end = offset;
    while (end < offset + length && b[end] != 0) {
      end++;
    }
    return new String(b, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** The pax keys a bundle uses: path, linkpath, size. */
  record PaxHeaders(String path, String linkPath, Long size) {
    static PaxHeaders parse(byte[] data) throws IOException {
      String path = null;
      String link = null;
      Long size = null;
      int pos = 0;
      while (pos < data.length) {
        int space = pos;
        while (space < data.length && data[space] != ' ') {
          space++;
        }
        if (space >= data.length) {
          throw new IOException("malformed pax header");
        }
        int recordLength;
        try {
          recordLength =
              Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
          throw new IOException("malformed pax header length");
        }
        int end = pos + recordLength;
        if (recordLength <= 0 || end > data.length || end <= space + 1 || data[end - 1] != '\n') {
          throw new IOException("malformed pax header record");
        }
        String record = new String(data, space + 1, end - space - 2, StandardCharsets.UTF_8);
        int eq = record.indexOf('=');
        if (eq <= 0) {
          throw new IOException("malformed pax header record");
        }
        String key = record.substring(0, eq);
        String value = record.substring(eq + 1);
        switch (key) {
          case "path" -> path = value;
          case "linkpath" -> link = value;
          case "size" -> {
            try {
              size = Long.parseLong(value);
            } catch (NumberFormatException e) {
              throw new IOException("malformed pax size");
            }
            if (size < 0) {
              throw new IOException("negative pax size");
            }
          }
          default -> {
            // mtime, uid, gid, uname, gname, ...: not needed
          }
        }
        pos = end;
      }
      return new PaxHeaders(path, link, size);
    }
  }
}
