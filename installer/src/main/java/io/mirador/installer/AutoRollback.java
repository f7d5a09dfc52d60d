package io.mirador.installer;

import io.mirador.installer.layout.History;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The automatic rollback after an upgrade whose release did not become healthy: stop everything,
 * decide whether the pre-upgrade backup must be restored, switch back to the old release, restore
 * when needed, start and health-check it, and only then remove the failed release.
 *
 * <p>The backup is restored when the failed release <em>declares</em> a newer store schema than the
 * old release, or when the data reads newer than the old release knows. The declaration alone is
 * enough because a migration that crashed half-way may have changed tables before it wrote the
 * schema marker: the old release must not run on a store it cannot be sure it understands. When the
 * schema is unchanged the data is kept as it is (nothing acknowledged by the failed release is
 * lost). Nothing is deleted on any failure path: a missing or unreadable backup stops before the
 * data is touched; an unhealthy old release leaves the failed release, the backup and the set-aside
 * store in place.
 */
final class AutoRollback {

  /** What the rollback does to the system; {@link Installation} in production. */
  interface Steps {
    void stopAll() throws IOException;

    /** The data's schema read with {@code version}'s engine; empty when there is no store. */
    OptionalInt readDataSchema(String version) throws IOException;

    /** Why the backup cannot be restored, or empty. */
    Optional<String> backupProblem(History.Backup backup);

    void switchCurrent(String version) throws IOException;

    /** Restores the backup; returns where the replaced store was moved, or null. */
    Path restore(History.Backup backup) throws IOException;

    void startAndWait() throws InstallerException, IOException;

    void removeRelease(String version) throws IOException;

    void save(History h) throws IOException;
  }

  /** Whether the backup must be restored, and why (in words for the operator). */
  record Decision(boolean restore, String why) {}

  private final Steps steps;
  private final String prefixHint;

  AutoRollback(Steps steps, String prefixHint) {
    this.steps = steps;
    this.prefixHint = prefixHint;
  }

  /**
   * {@code failedSchema} is the schema the failed release declares, {@code oldSchema} the one the
   * old release declares, {@code dataSchema} the store's schema as read after the failure (empty
   * when there is no store or it could not be read).
   */
  static Decision decide(
      boolean appliance, int oldSchema, int failedSchema, OptionalInt dataSchema) {
    if (!appliance) {
      return new Decision(false, "no store: data kept as it is");
    }
    int data = dataSchema.orElse(0);
    if (failedSchema > oldSchema || data > oldSchema) {
      return new Decision(
          true,
          "the failed release declares store schema "
              + failedSchema
              + (dataSchema.isPresent() ? " (data reads " + data + ")" : " (data unreadable)")
              + ", newer than "
              + oldSchema);
    }
    return new Decision(
        false,
        "schema unchanged ("
            + (dataSchema.isPresent() ? String.valueOf(data) : String.valueOf(oldSchema))
            + "): data kept as it is");
  }

  /**
   * Runs the rollback; always ends with an {@link InstallerException}: {@code ROLLED_BACK} when the
   * old release is healthy, {@code ROLLBACK_FAILED} otherwise.
   */
  InstallerException run(
      History h,
      boolean appliance,
      String old,
      String failed,
      int failedSchema,
      History.Backup backup,
      String reason) {
    Instant t = Instant.now();
    try {
      steps.stopAll();
    } catch (IOException e) {
      return failedBeforeData(h, old, failed, "could not stop " + failed + ": " + e.getMessage());
    }
    OptionalInt dataSchema = OptionalInt.empty();
    if (appliance) {
      try {
        // Read with the failed release's engine: it was the last writer.
        dataSchema = steps.readDataSchema(failed);
      } catch (IOException e) {
        dataSchema = OptionalInt.empty();
      }
    }
    int oldSchema = h.release(old).map(History.Release::schema).orElse(0);
    Decision d = decide(appliance, oldSchema, failedSchema, dataSchema);
    if (d.restore()) {
      Optional<String> problem = steps.backupProblem(backup);
      if (problem.isPresent()) {
        return failedBeforeData(
            h,
            old,
            failed,
            d.why()
                + " so the backup taken on "
                + old
                + " must be restored, but "
                + problem.get()
                + ". Put that backup back under "
                + prefixHint
                + "/backups/ and run `install.sh rollback --prefix "
                + prefixHint
                + "`, or `install.sh restore --prefix "
                + prefixHint
                + " BACKUP` with another backup taken on "
                + old);
      }
    }
    String dataOutcome;
    try {
      steps.switchCurrent(old);
      h = h.rolledBackTo(old);
      if (d.restore()) {
        Path aside = steps.restore(backup);
        h = h.withDataSchema(backup.schema());
        dataOutcome =
            d.why()
                + ": the backup was restored: backup "
                + backup.name()
                + " taken on "
                + old
                + " (schema "
                + backup.schema()
                + ")"
                + (aside != null ? "; the store the failed release left is kept in " + aside : "");
      } else {
        h = h.withDataSchema(appliance ? dataSchema.orElse(h.dataSchema()) : 0);
        dataOutcome = d.why();
      }
      steps.save(h);
    } catch (IOException e) {
      return new InstallerException(
          InstallerException.ROLLBACK_FAILED,
          "ROLLBACK FAILED while switching to "
              + old
              + (d.restore() ? " and restoring backup " + backup.name() : "")
              + ": "
              + e.getMessage()
              + "; nothing was deleted: backup "
              + backup.name()
              + " and release "
              + failed
              + " are kept. Run `install.sh restore --prefix "
              + prefixHint
              + " "
              + backup.name()
              + "`");
    }
    try {
      steps.startAndWait();
    } catch (InstallerException | IOException e) {
      saveQuietly(h.withEvent(Instant.now(), "rollback", old, "failed", e.getMessage()));
      return new InstallerException(
          InstallerException.ROLLBACK_FAILED,
          "ROLLBACK FAILED: "
              + old
              + " did not become healthy either ("
              + e.getMessage()
              + "); "
              + dataOutcome
              + "; nothing was deleted: backup "
              + backup.name()
              + " and release "
              + failed
              + " are kept");
    }
    try {
      steps.removeRelease(failed);
      h =
          h.withoutRelease(failed)
              .withEvent(
                  Instant.now(), "upgrade", failed, "rolled-back", reason + "; " + dataOutcome);
      steps.save(h);
    } catch (IOException e) {
      // The old release is healthy: a leftover directory is not a failed rollback.
      dataOutcome += "; could not remove " + failed + " (" + e.getMessage() + ")";
    }
    return new InstallerException(
        InstallerException.ROLLED_BACK,
        "upgrade to "
            + failed
            + " failed ("
            + reason
            + "); ROLLED BACK to "
            + old
            + " and it is healthy ("
            + seconds(t)
            + "); "
            + dataOutcome);
  }

  private InstallerException failedBeforeData(History h, String old, String failed, String what) {
    saveQuietly(h.withEvent(Instant.now(), "rollback", old, "stopped", what));
    return new InstallerException(
        InstallerException.ROLLBACK_FAILED,
        "ROLLBACK STOPPED, nothing deleted, the services are stopped and "
            + failed
            + " is still the current release: "
            + what);
  }

  private void saveQuietly(History h) {
    try {
      steps.save(h);
    } catch (IOException e) {
      // The message the operator gets says what happened; the history is best effort here.
    }
  }

  private static String seconds(Instant start) {
    return String.format("%.1f s", Duration.between(start, Instant.now()).toMillis() / 1000.0);
  }
}
