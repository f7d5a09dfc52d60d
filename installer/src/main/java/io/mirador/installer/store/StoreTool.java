package io.mirador.installer.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The child process that opens the embedded store while no service runs: {@code schema} prints the
 * applied migration version (0 for an empty store), {@code backup DIR} runs ClickHouse's {@code
 * BACKUP DATABASE mirador TO File(DIR)}, {@code restore DIR} restores into an empty store. Exit 0
 * and one result line on standard output, or exit 1 and the engine's message.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp mirador-installer.jar \
 *   io.mirador.installer.store.StoreTool LIBCHDB STORE_DIR schema|backup DIR|restore DIR</pre>
 */
public final class StoreTool {
  static final String DATABASE = "mirador";
  static final String MIGRATIONS = "mirador_schema_migrations";

  private StoreTool() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: StoreTool LIBCHDB STORE_DIR schema|backup DIR|restore DIR");
      System.exit(2);
    }
    Path library = Path.of(args[0]);
    Path store = Path.of(args[1]).toAbsolutePath().normalize();
    String action = args[2];
    Path dir = args.length > 3 ? Path.of(args[3]).toAbsolutePath().normalize() : null;
    int exit = 0;
    try {
      List<String> settings =
          dir == null ? List.of() : List.of("--backups.allowed_path=" + sqlPath(dir.getParent()));
      try (Chdb db = new Chdb(library, store, settings)) {
        switch (action) {
          case "schema" -> System.out.println(schema(db));
          case "backup" -> {
            requireDir(dir);
            String out =
                db.query("BACKUP DATABASE " + DATABASE + " TO File('" + sqlPath(dir) + "')");
            if (!out.contains("BACKUP_CREATED")) {
              throw new IllegalStateException("BACKUP did not complete: " + out.trim());
            }
            System.out.println(schema(db));
          }
          case "restore" -> {
            requireDir(dir);
            if (!Files.isRegularFile(dir.resolve(".backup"))) {
              throw new IllegalStateException(
                  dir + " is not a ClickHouse backup (no .backup file)");
            }
            db.query("DROP DATABASE IF EXISTS " + DATABASE + " SYNC");
            String out =
                db.query("RESTORE DATABASE " + DATABASE + " FROM File('" + sqlPath(dir) + "')");
            if (!out.contains("RESTORED")) {
              throw new IllegalStateException("RESTORE did not complete: " + out.trim());
            }
            System.out.println(schema(db));
          }
          default -> throw new IllegalArgumentException("unknown action " + action);
        }
      }
    } catch (Throwable t) {
      System.err.println("store " + action + " failed: " + t.getMessage());
      exit = 1;
    }
    System.out.flush();
    // halt: the engine's threads must not run JVM shutdown hooks against a closed library.
    Runtime.getRuntime().halt(exit);
  }

  static int schema(Chdb db) throws Throwable {
    String exists =
        db.query(
                "SELECT count() FROM system.tables WHERE database = '"
                    + DATABASE
                    + "' AND name = '"
                    + MIGRATIONS
                    + "'")
            .trim();
    if (exists.equals("0")) {
      return 0;
    }
    String v = db.query("SELECT max(Version) FROM " + DATABASE + "." + MIGRATIONS).trim();
    return v.isEmpty() ? 0 : Integer.parseInt(v);
  }

  private static void requireDir(Path dir) {
    if (dir == null) {
      throw new IllegalArgumentException("a directory is required");
    }
  }

  /** Paths go into SQL string literals: refuse the characters that could leave the literal. */
  static String sqlPath(Path p) {
    String s = p.toString();
    if (s.indexOf('\'') >= 0 || s.indexOf('\\') >= 0 || s.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException("path has a quote, backslash or control character: " + s);
    }
    return s;
  }
}
