package dev.homeport.model.store;

import dev.homeport.model.HomeportHome;
import dev.homeport.model.StoreBackupSchedule;
import dev.homeport.model.StoreBackupSchedule.Frequency;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups of the open store: by hand, and on the schedule the app runs while it is open. Every run is recorded, a
 * failed one too, so the Settings page and {@code homeport store backups} show the last result.
 */
public final class StoreBackups {
    private static final Logger log = LoggerFactory.getLogger(StoreBackups.class);
    /** The runs kept in the store, newest first. */
    static final int RUNS_KEPT = 50;
    static final String DATED_PREFIX = "homeport-backup-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneId.systemDefault());

    /** One backup, and how it went. {@code file} is null when the run failed before a file was named. */
    public record Run(long id, Instant at, Trigger trigger, String file, boolean ok, String message) {
    }

    public enum Trigger {
        MANUAL, SCHEDULED
    }

    private final Store store;
    private final HomeportHome home;

    public StoreBackups(Store store, HomeportHome home) {
        this.store = store;
        this.home = home;
    }

    public StoreBackupSchedule schedule() {
        return store.read(h -> h.createQuery("SELECT frequency, target, keep_count FROM store_backup_schedule")
                .map((rs, ctx) -> new StoreBackupSchedule(Frequency.valueOf(rs.getString("frequency")), rs.getString("target"), rs.getInt("keep_count")))
                .findOne()).orElseGet(StoreBackupSchedule::off);
    }

    /**
     * Saves the schedule. A scheduled backup cannot ask for a passphrase, so one that is not off needs the vault's
     * master passphrase (which already protects the key file the backup carries).
     */
    public void setSchedule(StoreBackupSchedule schedule) {
        if (schedule.frequency() != Frequency.OFF && !masterPassphraseSet()) {
            throw new StoreBackupException("Scheduled backups need a master passphrase on the vault: a backup carries the vault"
                    + " key, and nobody is there to type a passphrase for it. Set one (Settings → Secrets, or at the first"
                    + " start), then turn the schedule on.");
        }
        store.update(h -> {
            h.execute("DELETE FROM store_backup_schedule");
            h.createUpdate("INSERT INTO store_backup_schedule (id, frequency, target, keep_count) VALUES (1, :frequency, :target, :keep)")
                    .bind("frequency", schedule.frequency().name()).bind("target", schedule.target() == null ? "" : schedule.target())
                    .bind("keep", schedule.keep()).execute();
        });
    }

    /** The newest runs first. */
    public List<Run> runs(int limit) {
        return store.read(h -> h.createQuery("SELECT id, run_at, run_trigger, backup_file, ok, message FROM store_backup_run"
                        + " ORDER BY run_at DESC, id DESC LIMIT :limit").bind("limit", limit)
                .map((rs, ctx) -> new Run(rs.getLong("id"), rs.getObject("run_at", OffsetDateTime.class).toInstant(),
                        Trigger.valueOf(rs.getString("run_trigger")), rs.getString("backup_file"), rs.getBoolean("ok"), rs.getString("message")))
                .list());
    }

    public Optional<Run> last() {
        return runs(1).stream().findFirst();
    }

    /** Backs up to {@code target} now and records the run; a failure is recorded, then thrown. */
    public StoreBackup.Manifest backUpNow(Path target, char[] passphrase) {
        try {
            StoreBackup.Manifest manifest = StoreBackup.backUp(store, home, target, passphrase, "by hand");
            record(Trigger.MANUAL, target, true, "Backed up (store version " + manifest.migration() + ", " + describe(manifest.key()) + ").", Instant.now());
            return manifest;
        } catch (RuntimeException e) {
            record(Trigger.MANUAL, target, false, e.getMessage(), Instant.now());
            throw e;
        }
    }

    /**
     * Runs the scheduled backup when one is due at {@code now}: the schedule is on, and its period has passed since the
     * last scheduled run (a failed one counts, so a broken target is retried at the next period, not every minute).
     * Returns the run, or empty when none was due. A failure is returned as a run that is not ok, never thrown.
     */
    public Optional<Run> runIfDue(Instant now) {
        StoreBackupSchedule schedule = schedule();
        if (schedule.frequency() == Frequency.OFF) {
            return Optional.empty();
        }
        Optional<Instant> lastScheduled = store.read(h -> h.createQuery(
                        "SELECT MAX(run_at) FROM store_backup_run WHERE run_trigger = 'SCHEDULED'")
                .mapTo(OffsetDateTime.class).findOne()).map(OffsetDateTime::toInstant);
        if (lastScheduled.isPresent() && lastScheduled.get().plus(schedule.frequency().period()).isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(runScheduled(schedule, now));
    }

    private Run runScheduled(StoreBackupSchedule schedule, Instant now) {
        Path target = schedule.singleFile() ? Path.of(schedule.target())
                : Path.of(schedule.target()).resolve(DATED_PREFIX + STAMP.format(now) + ".zip");
        try {
            StoreBackup.Manifest manifest = StoreBackup.backUp(store, home, target, null, "scheduled " + schedule.frequency().label().toLowerCase());
            int removed = schedule.singleFile() ? 0 : prune(Path.of(schedule.target()), schedule.keep());
            return record(Trigger.SCHEDULED, target, true, "Backed up (store version " + manifest.migration() + ", " + describe(manifest.key())
                    + (removed > 0 ? "); removed " + removed + " older backup" + (removed == 1 ? "" : "s") + "." : ")."), now);
        } catch (RuntimeException e) {
            log.warn("The scheduled store backup to {} failed: {}", target, e.getMessage());
            return record(Trigger.SCHEDULED, target, false, e.getMessage(), now);
        }
    }

    /** Keeps the newest {@code keep} dated backups in {@code folder}; other files there are never touched. */
    static int prune(Path folder, int keep) {
        try (var files = Files.list(folder)) {
            List<Path> dated = files.filter(p -> p.getFileName().toString().matches(DATED_PREFIX + "\\d{8}-\\d{6}\\.zip"))
                    .sorted(java.util.Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
            int removed = 0;
            for (Path old : dated.subList(Math.min(keep, dated.size()), dated.size())) {
                Files.deleteIfExists(old);
                removed++;
            }
            return removed;
        } catch (IOException e) {
            throw new StoreBackupException("The backup was written, but older ones in " + folder + " could not be removed: " + e.getMessage(), e);
        }
    }

    private Run record(Trigger trigger, Path file, boolean ok, String message, Instant at) {
        String text = message == null ? "" : message.length() > 4000 ? message.substring(0, 4000) : message;
        return store.write(h -> {
            long id = h.createUpdate("INSERT INTO store_backup_run (run_at, run_trigger, backup_file, ok, message)"
                            + " VALUES (:at, :trigger, :file, :ok, :message)")
                    .bind("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).bind("trigger", trigger.name())
                    .bind("file", file == null ? null : file.toAbsolutePath().toString()).bind("ok", ok).bind("message", text)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            h.createUpdate("DELETE FROM store_backup_run WHERE id NOT IN (SELECT id FROM store_backup_run ORDER BY run_at DESC, id DESC LIMIT :kept)")
                    .bind("kept", RUNS_KEPT).execute();
            return h.createQuery("SELECT id, run_at, run_trigger, backup_file, ok, message FROM store_backup_run WHERE id = :id").bind("id", id)
                    .map((rs, ctx) -> new Run(rs.getLong("id"), rs.getObject("run_at", OffsetDateTime.class).toInstant(),
                            Trigger.valueOf(rs.getString("run_trigger")), rs.getString("backup_file"), rs.getBoolean("ok"), rs.getString("message")))
                    .one();
        });
    }

    private boolean masterPassphraseSet() {
        try {
            return Files.exists(home.vaultKey()) && Files.readString(home.vaultKey()).contains("wrapped-key");
        } catch (IOException e) {
            throw new StoreBackupException("Cannot read the vault key file " + home.vaultKey() + ": " + e.getMessage(), e);
        }
    }

    static String describe(StoreBackup.KeyProtection key) {
        return switch (key) {
            case MASTER_PASSPHRASE -> "vault key protected by the master passphrase";
            case BACKUP_PASSPHRASE -> "vault key protected by the backup's passphrase";
            case PLAIN -> "vault key in the clear";
            case NONE -> "no vault key yet";
        };
    }
}
