package io.mirador.crypto;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-sender replay protection for the core. Use it in this order for each batch:
 *
 * <ol>
 *   <li>{@link #check} (cheap, before opening: refuse obvious replays without any crypto);
 *   <li>open the batch;
 *   <li>{@link #accept} (after it opened: only authentic batches move the window);
 *   <li>store it; on failure {@link #release} so the agent's retry is not taken for a replay;
 *   <li>{@link #flush} before acknowledging, so the state survives a restart.
 * </ol>
 *
 * <p>The persisted state is, per sender, the high-water mark and the window's bitmap, so after a
 * restart out-of-order batches inside the window are still told apart from replays. Thread-safe.
 */
public final class ReplayGuard {
  /** Default window: 1024 sequence numbers per sender. */
  public static final int DEFAULT_WINDOW = 1024;

  private static final String MAGIC = "mirador-replay-state v1";

  /** What the window says about a sequence number. */
  public enum Verdict {
    /** Not seen before and inside (or ahead of) the window. */
    ACCEPTED,
    /** Seen before: a replay, or the agent retrying an already stored batch. */
    DUPLICATE,
    /** Older than the window: cannot be told apart from a replay, refused. */
    TOO_OLD
  }

  private final int windowSize;
  private final Path stateFile;
  private final Map<String, ReplayWindow> windows = new HashMap<>();
  private boolean dirty;

  private ReplayGuard(int windowSize, Path stateFile) {
    if (windowSize < 64 || windowSize % 64 != 0 || windowSize > 1 << 16) {
      throw new IllegalArgumentException("windowSize must be a multiple of 64 in [64, 65536]");
    }
    this.windowSize = windowSize;
    this.stateFile = stateFile;
  }

  /** A guard that forgets everything on restart (tests, or a core that dedups elsewhere). */
  public static ReplayGuard inMemory(int windowSize) {
    return new ReplayGuard(windowSize, null);
  }

  /**
   * A guard persisted in {@code stateFile}, loaded if the file exists.
   *
   * @throws IOException if the file cannot be read or fails its checksum: a corrupt state must stop
   *     the core rather than silently reopen every window to replays
   */
  public static ReplayGuard persistent(Path stateFile, int windowSize) throws IOException {
    ReplayGuard guard = new ReplayGuard(windowSize, requireNonNull(stateFile, "stateFile"));
    if (Files.exists(stateFile)) {
      guard.load();
    }
    return guard;
  }

  public synchronized Verdict check(String sender, long sequence) {
    ReplayWindow w = windows.get(requireNonNull(sender, "sender"));
    return w == null ? (sequence >= 0 ? Verdict.ACCEPTED : Verdict.TOO_OLD) : w.check(sequence);
  }

  public synchronized Verdict accept(String sender, long sequence) {
    ReplayWindow w =
        windows.computeIfAbsent(
            requireNonNull(sender, "sender"), s -> new ReplayWindow(windowSize));
    Verdict v = w.accept(sequence);
    if (v == Verdict.ACCEPTED) {
      dirty = true;
    }
    return v;
  }

  public synchronized void release(String sender, long sequence) {
    ReplayWindow w = windows.get(requireNonNull(sender, "sender"));
    if (w != null) {
      w.release(sequence);
      dirty = true;
    }
  }

  /** The highest accepted sequence number of {@code sender}, or -1. */
  public synchronized long highWaterMark(String sender) {
    ReplayWindow w = windows.get(requireNonNull(sender, "sender"));
    return w == null ? -1 : w.highest();
  }

  /** Persists the state (atomically: write, fsync, rename) if anything changed. */
  public synchronized void flush() throws IOException {
    if (stateFile == null || !dirty) {
      return;
    }
    StringBuilder body = new StringBuilder();
    body.append(MAGIC).append('\n').append("window ").append(windowSize).append('\n');
    Base64.Encoder b64 = Base64.getEncoder();
    for (Map.Entry<String, ReplayWindow> e : new TreeMap<>(windows).entrySet()) {
      ReplayWindow w = e.getValue();
      ByteArrayOutputStream bitmap = new ByteArrayOutputStream(windowSize / 8);
      for (long word : w.bits()) {
        for (int i = 7; i >= 0; i--) {
          bitmap.write((int) (word >>> (8 * i)));
        }
      }
      body.append("sender ")
          .append(b64.encodeToString(e.getKey().getBytes(StandardCharsets.UTF_8)))
          .append(' ')
          .append(w.highest())
          .append(' ')
          .append(b64.encodeToString(bitmap.toByteArray()))
          .append('\n');
    }
    String checksum = sha256(body.toString());
    body.append("sha256 ").append(checksum).append('\n');
    SecureFiles.writeAtomically(
        stateFile, body.toString().getBytes(StandardCharsets.UTF_8), SecureFiles.OWNER_ONLY);
    dirty = false;
  }

  private void load() throws IOException {
    List<String> lines = Files.readAllLines(stateFile, StandardCharsets.UTF_8);
    if (lines.size() < 3 || !lines.get(0).equals(MAGIC)) {
      throw new IOException("replay state " + stateFile + ": not a " + MAGIC + " file");
    }
    String last = lines.get(lines.size() - 1);
    String content = String.join("\n", lines.subList(0, lines.size() - 1)) + "\n";
    if (!last.equals("sha256 " + sha256(content))) {
      throw new IOException("replay state " + stateFile + ": checksum mismatch (corrupt file)");
    }
    int fileWindow;
    try {
      fileWindow = Integer.parseInt(lines.get(1).substring("window ".length()));
    } catch (RuntimeException e) {
      throw new IOException("replay state " + stateFile + ": bad window line");
    }
    Base64.Decoder b64 = Base64.getDecoder();
    for (String line : lines.subList(2, lines.size() - 1)) {
      String[] parts = line.split(" ");
      try {
        if (parts.length != 4 || !parts[0].equals("sender")) {
          throw new IllegalArgumentException("bad line");
        }
        String sender = new String(b64.decode(parts[1]), StandardCharsets.UTF_8);
        long highest = Long.parseLong(parts[2]);
        byte[] bitmap = b64.decode(parts[3]);
        long[] words = new long[fileWindow / 64];
        if (bitmap.length != fileWindow / 8) {
          throw new IllegalArgumentException("bitmap length");
        }
        for (int i = 0; i < bitmap.length; i++) {
          words[i / 8] |= (bitmap[i] & 0xffL) << (8 * (7 - i % 8));
        }
        ReplayWindow restored = new ReplayWindow(fileWindow, highest, words);
        windows.put(sender, fileWindow == windowSize ? restored : resize(restored));
      } catch (IllegalArgumentException e) {
        throw new IOException("replay state " + stateFile + ": malformed sender line");
      }
    }
  }

  /** A window of the configured size with the same high-water mark: seen numbers stay seen. */
  private ReplayWindow resize(ReplayWindow old) {
    ReplayWindow w = new ReplayWindow(windowSize);
    long h = old.highest();
    if (h < 0) {
      return w;
    }
    w.accept(h);
    // Numbers the old window cannot vouch for are marked seen: refusing is the safe side.
    for (long s = Math.max(0, h - windowSize + 1); s < h; s++) {
      if (old.check(s) != Verdict.ACCEPTED) {
        w.accept(s);
      }
    }
    return w;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
