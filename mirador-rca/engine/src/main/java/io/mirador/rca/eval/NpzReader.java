package io.mirador.rca.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/** Reads the arrays of a numpy .npz (a zip of .npy files), with bounded sizes. */
final class NpzReader {
  static final long DEFAULT_MAX_ARRAY_BYTES = 1L << 30;
  static final int MAX_ENTRIES = 64;

  private NpzReader() {}

  static Map<String, NpyArray> read(Path file) throws IOException {
    return read(file, DEFAULT_MAX_ARRAY_BYTES);
  }

  static Map<String, NpyArray> read(Path file, long maxArrayBytes) throws IOException {
    var arrays = new LinkedHashMap<String, NpyArray>();
    String source = file.getFileName().toString();
    try (InputStream in = Files.newInputStream(file);
        ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (arrays.size() >= MAX_ENTRIES) {
          throw new NpyFormatException(source + ": more than " + MAX_ENTRIES + " entries");
        }
        String name = entry.getName();
        if (entry.isDirectory() || !name.matches("[A-Za-z0-9_]{1,64}\\.npy")) {
          throw new NpyFormatException(source + ": unexpected entry '" + name + "'");
        }
        String key = name.substring(0, name.length() - 4);
        byte[] bytes = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxArrayBytes + 1));
        if (bytes.length > maxArrayBytes) {
          throw new NpyFormatException(
              source + ": array '" + key + "' is larger than " + maxArrayBytes + " bytes");
        }
        if (arrays.put(key, NpyReader.read(source + ":" + key, bytes)) != null) {
          throw new NpyFormatException(source + ": duplicate array '" + key + "'");
        }
      }
    } catch (ZipException e) {
      throw new NpyFormatException(source + ": not a valid .npz (" + e.getMessage() + ")");
    }
    if (arrays.isEmpty()) {
      throw new NpyFormatException(source + ": no arrays (not a .npz file?)");
    }
    return arrays;
  }
}
