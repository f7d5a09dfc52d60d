package io.mirador.installer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.installer.layout.History;
import io.mirador.installer.layout.Prefix;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupsProblemTest {
  private static final History.Backup B =
      new History.Backup("20261206T100000Z-1.0", "1.0", 4, "2026-12-06T10:00:00Z", "test");

  @TempDir Path root;

  private Backups backups() {
    return new Backups(new Prefix(root), null);
  }

  private Path dir() {
    return new Prefix(root).backups().resolve(B.name());
  }

  private void writeRecord(String name) throws Exception {
    Files.createDirectories(dir());
    Files.writeString(
        dir().resolve("backup.json"),
        "{\"name\": \""
            + name
            + "\", \"version\": \"1.0\", \"schema\": 4,"
            + " \"createdAt\": \"2026-12-06T10:00:00Z\", \"reason\": \"test\"}");
  }

  @Test
  void aMissingDirectoryIsNamed() {
    assertThat(backups().problem(B, true))
        .hasValueSatisfying(p -> assertThat(p).contains("is missing"));
  }

  @Test
  void anUnparsableRecordIsUnreadable() throws Exception {
    Files.createDirectories(dir());
    Files.writeString(dir().resolve("backup.json"), "{not json");
    assertThat(backups().problem(B, true))
        .hasValueSatisfying(p -> assertThat(p).contains("is unreadable"));
  }

  @Test
  void aRecordOfAnotherBackupIsUnreadable() throws Exception {
    writeRecord("20260101T000000Z-0.9");
    assertThat(backups().problem(B, true))
        .hasValueSatisfying(p -> assertThat(p).contains("describes another backup"));
  }

  @Test
  void aBackupWithoutItsStoreIsUnreadableForTheEngineOnly() throws Exception {
    writeRecord(B.name());
    assertThat(backups().problem(B, true))
        .hasValueSatisfying(p -> assertThat(p).contains("no store at"));
    assertThat(backups().problem(B, false)).isEmpty();
  }

  @Test
  void aCompleteBackupHasNoProblem() throws Exception {
    writeRecord(B.name());
    Files.createDirectories(dir().resolve("store"));
    Files.writeString(dir().resolve("store/.backup"), "x");
    assertThat(backups().problem(B, true)).isEmpty();
  }
}
