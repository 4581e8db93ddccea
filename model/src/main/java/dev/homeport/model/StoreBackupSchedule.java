package dev.homeport.model;

import java.nio.file.Path;
import java.time.Duration;

/**
 * When Homeport backs up its own store while the app runs, and where to.
 *
 * <ul>
 *   <li>{@code frequency}: off, daily or weekly.</li>
 *   <li>{@code target}: an absolute path. A name ending in {@code .zip} is one file, replaced at each run; anything
 *       else is a folder that gets a dated file at each run ({@code homeport-backup-<stamp>.zip}).</li>
 *   <li>{@code keep}: in a folder, how many of those dated files stay, newest first (1–1000).</li>
 * </ul>
 */
public record StoreBackupSchedule(Frequency frequency, String target, int keep) {
    public static final int DEFAULT_KEEP = 7;

    public enum Frequency {
        OFF(null), DAILY(Duration.ofDays(1)), WEEKLY(Duration.ofDays(7));

        private final Duration period;

        Frequency(Duration period) {
            this.period = period;
        }

        /** Null for OFF. */
        public Duration period() {
            return period;
        }

        public String label() {
            return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
        }
    }

    public StoreBackupSchedule {
        if (frequency == null) {
            throw new ValidationException("frequency", "is required (off, daily or weekly)");
        }
        if (frequency != Frequency.OFF || (target != null && !target.isBlank())) {
            Check.notBlank("target", target);
            if (!Path.of(target).isAbsolute()) {
                throw new ValidationException("target", "must be an absolute path, got " + target);
            }
        }
        if (keep < 1 || keep > 1000) {
            throw new ValidationException("keep", "must be between 1 and 1000, got " + keep);
        }
    }

    public static StoreBackupSchedule off() {
        return new StoreBackupSchedule(Frequency.OFF, "", DEFAULT_KEEP);
    }

    /** One file replaced at each run, rather than a folder of dated files. */
    public boolean singleFile() {
        return target.toLowerCase(java.util.Locale.ROOT).endsWith(".zip");
    }
}
