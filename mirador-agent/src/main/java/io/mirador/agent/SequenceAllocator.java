package io.mirador.agent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Per-agent batch sequence numbers that never repeat, across restarts and crashes. The core keeps a
 * replay window over them: a reused number would be acknowledged as a DUPLICATE and its data never
 * stored. Numbers are reserved in blocks: the file holds the end of the reserved block, written
 * (fsynced, atomically renamed) before any number of the block is used; after a crash the rest of
 * the block is skipped, which the core's window tolerates (gaps are fine, repeats are not).
 */
final class SequenceAllocator {
  static final long BLOCK = 256;
  private final Path file;
  private long next;
  private long reservedEnd;

  SequenceAllocator(Path file) throws IOException {
    this.file = file;
    long start = 1;
    if (Files.exists(file)) {
      String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
      try {
        start = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new IOException(
            file + " is corrupt; refusing to start (a reset would reuse sequence numbers)");
      }
      if (start < 1) {
        throw new IOException(file + " is corrupt: " + start);
      }
    }
    this.next = start;
    this.reservedEnd = start;
  }

  synchronized long next() throws IOException {
    if (next >= reservedEnd) {
      reserve(next + BLOCK);
    }
    return next++;
  }

  private void reserve(long end) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap((end + "\n").getBytes(StandardCharsets.US_ASCII)));
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel d =
        FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      d.force(true);
    }
    reservedEnd = end;
  }
}
