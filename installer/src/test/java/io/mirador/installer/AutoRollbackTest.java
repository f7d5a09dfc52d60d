package io.mirador.installer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.installer.layout.History;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AutoRollbackTest {
  private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
  private static final History.Backup BACKUP =
      new History.Backup("20261206T100000Z-1.0", "1.0", 4, T.toString(), "before upgrade");

  /** Records every step; the store's schema, the backup's state and health are set per test. */
  private static final class Recorded implements AutoRollback.Steps {
    final List<String> calls = new ArrayList<>();
    OptionalInt dataSchema = OptionalInt.of(4);
    boolean readFails;
    Optional<String> backupProblem = Optional.empty();
    boolean unhealthy;
    History saved;

    @Override
    public void stopAll() {
      calls.add("stop");
    }

    @Override
    public OptionalInt readDataSchema(String version) throws IOException {
      calls.add("read " + version);
      if (readFails) {
        throw new IOException("engine failed");
      }
      return dataSchema;
    }

    @Override
    public Optional<String> backupProblem(History.Backup backup) {
      calls.add("check " + backup.name());
      return backupProblem;
    }

    @Override
    public void switchCurrent(String version) {
      calls.add("switch " + version);
    }

    @Override
    public Path restore(History.Backup backup) {
      calls.add("restore " + backup.name());
      return Path.of("/p/data/core/clickhouse.replaced-x");
    }

    @Override
    public void startAndWait() throws InstallerException {
      calls.add("start");
      if (unhealthy) {
        throw new InstallerException(InstallerException.FAILED, "mirador-core not ready in 90 s");
      }
    }

    @Override
    public void removeRelease(String version) {
      calls.add("remove " + version);
    }

    @Override
    public void save(History h) {
      saved = h;
    }

    boolean deletedSomething() {
      return calls.stream().anyMatch(c -> c.startsWith("remove"));
    }
  }

  /** 1.0 (schema 4) was current, 2.0 (declaring {@code schema}) was switched to and failed. */
  private static History afterFailedUpgrade(int schema) {
    return History.empty("appliance")
        .withRelease("1.0", 4, T)
        .switchedTo("1.0")
        .withDataSchema(4)
        .withRelease("2.0", schema, T)
        .withBackup(BACKUP)
        .switchedTo("2.0");
  }

  private static InstallerException run(Recorded steps, int failedSchema) {
    return new AutoRollback(steps, "/p")
        .run(afterFailedUpgrade(failedSchema), true, "1.0", "2.0", failedSchema, BACKUP, "boom");
  }

  @Test
  void newerDeclaredSchemaRestoresTheBackupOnTheOldReleaseThenHealthChecks() {
    Recorded steps = new Recorded(); // the failed core never migrated: the data still reads 4
    InstallerException e = run(steps, 5);

    assertThat(steps.calls)
        .containsExactly(
            "stop",
            "read 2.0",
            "check " + BACKUP.name(),
            "switch 1.0",
            "restore " + BACKUP.name(),
            "start",
            "remove 2.0");
    assertThat(e.exitCode()).isEqualTo(InstallerException.ROLLED_BACK);
    assertThat(e.getMessage())
        .contains("ROLLED BACK to 1.0")
        .contains("the backup was restored")
        .contains(BACKUP.name())
        .contains("declares store schema 5");
    assertThat(steps.saved.current()).isEqualTo("1.0");
    assertThat(steps.saved.dataSchema()).isEqualTo(4);
    assertThat(steps.saved.release("2.0")).isEmpty();
  }

  @Test
  void dataMigratedByTheFailedReleaseIsRestoredEvenIfItsDeclarationWasNotNewer() {
    Recorded steps = new Recorded();
    steps.dataSchema = OptionalInt.of(5);
    InstallerException e = run(steps, 4);

    assertThat(steps.calls).contains("restore " + BACKUP.name());
    assertThat(e.exitCode()).isEqualTo(InstallerException.ROLLED_BACK);
  }

  @Test
  void sameSchemaKeepsTheDataAndRestoresNothing() {
    Recorded steps = new Recorded();
    InstallerException e = run(steps, 4);

    assertThat(steps.calls)
        .containsExactly("stop", "read 2.0", "switch 1.0", "start", "remove 2.0");
    assertThat(e.exitCode()).isEqualTo(InstallerException.ROLLED_BACK);
    assertThat(e.getMessage()).contains("schema unchanged (4): data kept as it is");
    assertThat(e.getMessage()).doesNotContain("restored");
  }

  @Test
  void anUnreadableStoreWithANewerDeclarationStillRestores() {
    Recorded steps = new Recorded();
    steps.readFails = true;
    InstallerException e = run(steps, 5);

    assertThat(steps.calls).contains("restore " + BACKUP.name());
    assertThat(e.getMessage()).contains("data unreadable");
  }

  @Test
  void aMissingBackupStopsBeforeTheDataIsTouchedAndSaysWhatToDo() {
    Recorded steps = new Recorded();
    steps.backupProblem = Optional.of("backup " + BACKUP.name() + " is missing: no directory x");
    InstallerException e = run(steps, 5);

    assertThat(steps.calls).containsExactly("stop", "read 2.0", "check " + BACKUP.name());
    assertThat(steps.deletedSomething()).isFalse();
    assertThat(e.exitCode()).isEqualTo(InstallerException.ROLLBACK_FAILED);
    assertThat(e.getMessage())
        .startsWith("ROLLBACK STOPPED, nothing deleted")
        .contains("is missing")
        .contains("install.sh rollback --prefix /p")
        .contains("install.sh restore --prefix /p BACKUP");
    assertThat(steps.saved.current()).isEqualTo("2.0");
    assertThat(steps.saved.release("2.0")).isPresent();
  }

  @Test
  void anUnhealthyRollbackSaysSoExitsNonZeroAndDeletesNothing() {
    Recorded steps = new Recorded();
    steps.unhealthy = true;
    InstallerException e = run(steps, 5);

    assertThat(steps.calls).contains("restore " + BACKUP.name(), "start");
    assertThat(steps.deletedSomething()).isFalse();
    assertThat(e.exitCode()).isEqualTo(InstallerException.ROLLBACK_FAILED);
    assertThat(e.getMessage())
        .startsWith("ROLLBACK FAILED: 1.0 did not become healthy either")
        .contains("nothing was deleted")
        .contains("release 2.0 are kept");
    assertThat(steps.saved.release("2.0")).isPresent();
  }

  @Test
  void theDecisionAloneFollowsTheSchemas() {
    assertThat(AutoRollback.decide(true, 4, 5, OptionalInt.of(4)).restore()).isTrue();
    assertThat(AutoRollback.decide(true, 4, 4, OptionalInt.of(5)).restore()).isTrue();
    assertThat(AutoRollback.decide(true, 4, 4, OptionalInt.of(4)).restore()).isFalse();
    assertThat(AutoRollback.decide(true, 4, 4, OptionalInt.empty()).restore()).isFalse();
    assertThat(AutoRollback.decide(false, 4, 5, OptionalInt.empty()).restore()).isFalse();
  }
}
