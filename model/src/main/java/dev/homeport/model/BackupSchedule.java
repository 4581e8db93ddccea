package dev.homeport.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * When a database (or a service's named volume) is backed up on its node, how many backups it keeps and for how long, and where
 * copies go. The node runs it (a cron entry), so it runs while the laptop is closed; times are the
 * node's clock.
 *
 * @param every     {@link Every#HOURLY} (at {@code minute} past each hour) or {@link Every#DAILY}
 * @param keepCount the newest this many backups are kept (and as many failure records)
 * @param keepDays  backups older than this many days are removed; the newest good backup never is
 * @param target    where backups are kept: {@link Target#NODE} only for now (the node's own folder; the app pulls
 *                  them to the operator's machine, and pushes them to {@code copyTo} when set)
 * @param since     when the schedule was set, so a schedule that never ran shows as missed
 * @param volume    null for a database (its dump); else the service's named volume whose tar is taken
 * @param stopService for a volume: stop the service's containers while the tar is taken (started again after)
 * @param copyTo    the id of another Worker Node its backups are copied to (pushed by the app over SFTP), or null for none
 * @param copyToS3  the id of one of its organisation's S3 targets its backups are copied to (uploaded by the node's rclone while
 *                  the app runs), or null for none; a schedule copies to a node or to an S3 target, not both
 * @param keepCopies the copies (pulled to this machine, on the copy node, in the bucket) are never pruned: without it they
 *                  follow {@code keepCount} and {@code keepDays} as the node's own backups do
 */
public record BackupSchedule(long serviceId, Every every, int hour, int minute, int keepCount, int keepDays, Target target, Instant since,
                             String volume, boolean stopService, Long copyTo, Long copyToS3, boolean keepCopies) {
    public static final int DEFAULT_KEEP_COUNT = 7;
    public static final int DEFAULT_KEEP_DAYS = 30;

    public enum Every {
        HOURLY, DAILY;

        public Duration interval() {
            return this == HOURLY ? Duration.ofHours(1) : Duration.ofDays(1);
        }

        public static Every parse(String text) {
            for (Every every : values()) {
                if (every.name().equalsIgnoreCase(text)) {
                    return every;
                }
            }
            throw new ValidationException("every", "must be hourly or daily, got '" + Check.printable(text) + "'");
        }
    }

    public enum Target {
        NODE;

        public static Target parse(String text) {
            if ("node".equalsIgnoreCase(text)) {
                return NODE;
            }
            throw new ValidationException("target", "must be node (backups kept on the database's node, pulled by the app, and"
                    + " copied to another node or an S3 target with --copy-to NODE|s3:NAME), got '" + Check.printable(text) + "'");
        }
    }

    public BackupSchedule {
        if (every == null) {
            throw new ValidationException("every", "is required: hourly or daily");
        }
        if (hour < 0 || hour > 23 || (every == Every.HOURLY && hour != 0)) {
            throw new ValidationException("at", every == Every.HOURLY ? "an hourly backup takes only a minute, such as :15"
                    : "the hour must be 0–23, got " + hour);
        }
        if (minute < 0 || minute > 59) {
            throw new ValidationException("at", "the minute must be 0–59, got " + minute);
        }
        if (keepCount < 1 || keepCount > 10_000) {
            throw new ValidationException("keep", "must be 1–10000 backups, got " + keepCount);
        }
        if (keepDays < 1 || keepDays > 3650) {
            throw new ValidationException("max-age", "must be 1–3650 days, got " + keepDays);
        }
        if (target == null) {
            target = Target.NODE;
        }
        if (since == null) {
            throw new ValidationException("since", "is required");
        }
        if (volume != null) {
            new Volume(volume, "/v", false);
            if (volume.startsWith("/")) {
                throw new ValidationException("volume", "only a named volume is backed up, not a folder of the node, got '"
                        + Check.printable(volume) + "'");
            }
        } else if (stopService) {
            throw new ValidationException("stop", "stopping the service applies to a volume's backup; a database's dump runs while it runs");
        }
        if (copyTo != null && copyToS3 != null) {
            throw new ValidationException("copy-to", "a schedule copies its backups to one place: another node or an S3 target, not both");
        }
    }

    /** A schedule whose copies follow its retention. */
    public BackupSchedule(long serviceId, Every every, int hour, int minute, int keepCount, int keepDays, Target target, Instant since,
                          String volume, boolean stopService, Long copyTo, Long copyToS3) {
        this(serviceId, every, hour, minute, keepCount, keepDays, target, since, volume, stopService, copyTo, copyToS3, false);
    }

    /** A schedule copying to a node or to none. */
    public BackupSchedule(long serviceId, Every every, int hour, int minute, int keepCount, int keepDays, Target target, Instant since,
                          String volume, boolean stopService, Long copyTo) {
        this(serviceId, every, hour, minute, keepCount, keepDays, target, since, volume, stopService, copyTo, null);
    }

    /** A schedule without a copy target. */
    public BackupSchedule(long serviceId, Every every, int hour, int minute, int keepCount, int keepDays, Target target, Instant since,
                          String volume, boolean stopService) {
        this(serviceId, every, hour, minute, keepCount, keepDays, target, since, volume, stopService, null);
    }

    /** A database's schedule (its dump). */
    public BackupSchedule(long serviceId, Every every, int hour, int minute, int keepCount, int keepDays, Target target, Instant since) {
        this(serviceId, every, hour, minute, keepCount, keepDays, target, since, null, false);
    }

    /** The same times and retention for a service's named volume, stopping the service during the tar or not. */
    public BackupSchedule forVolume(String name, boolean stop) {
        return new BackupSchedule(serviceId, every, hour, minute, keepCount, keepDays, target, since, name, stop, copyTo, copyToS3, keepCopies);
    }

    /** The same schedule, its backups copied to the node {@code nodeId} (null: to none); no longer to an S3 target. */
    public BackupSchedule copiedTo(Long nodeId) {
        return new BackupSchedule(serviceId, every, hour, minute, keepCount, keepDays, target, since, volume, stopService, nodeId, null,
                keepCopies);
    }

    /** The same schedule, its backups copied to the S3 target {@code s3TargetId} (null: to none); no longer to a node. */
    public BackupSchedule copiedToS3(Long s3TargetId) {
        return new BackupSchedule(serviceId, every, hour, minute, keepCount, keepDays, target, since, volume, stopService, null, s3TargetId,
                keepCopies);
    }

    /** The same copy target as {@code other}'s: a node, an S3 target or none. */
    public BackupSchedule copiedAs(BackupSchedule other) {
        return new BackupSchedule(serviceId, every, hour, minute, keepCount, keepDays, target, since, volume, stopService,
                other == null ? null : other.copyTo(), other == null ? null : other.copyToS3(), keepCopies);
    }

    /**
     * The same schedule, its copies kept forever ({@code keep} true) or pruned to its retention after each pull and push
     * (false).
     */
    public BackupSchedule keepingCopies(boolean keep) {
        return new BackupSchedule(serviceId, every, hour, minute, keepCount, keepDays, target, since, volume, stopService, copyTo, copyToS3, keep);
    }

    /** The same schedule for another volume (a restore's swap moves it to the restored one). */
    public BackupSchedule movedTo(String name) {
        return new BackupSchedule(serviceId, every, hour, minute, keepCount, keepDays, target, since, name, stopService, copyTo, copyToS3,
                keepCopies);
    }

    /**
     * A schedule from what a user types: {@code every} hourly or daily, {@code at} {@code HH:MM} for daily
     * (default 03:00) or {@code :MM} / {@code MM} for hourly (default :00).
     */
    public static BackupSchedule parse(long serviceId, String everyText, String at, Integer keepCount, Integer keepDays, String target,
                                       Instant since) {
        Every every = Every.parse(everyText);
        int hour = every == Every.DAILY ? 3 : 0;
        int minute = 0;
        if (at != null && !at.isBlank()) {
            String text = at.strip();
            if (every == Every.DAILY) {
                var m = java.util.regex.Pattern.compile("(\\d{1,2}):(\\d{2})").matcher(text);
                if (!m.matches()) {
                    throw new ValidationException("at", "a daily backup's time is HH:MM, such as 03:30, got '" + Check.printable(at) + "'");
                }
                hour = Integer.parseInt(m.group(1));
                minute = Integer.parseInt(m.group(2));
            } else {
                var m = java.util.regex.Pattern.compile(":?(\\d{1,2})").matcher(text);
                if (!m.matches()) {
                    throw new ValidationException("at", "an hourly backup's time is the minute, such as :15, got '" + Check.printable(at) + "'");
                }
                minute = Integer.parseInt(m.group(1));
            }
        }
        return new BackupSchedule(serviceId, every, hour, minute, keepCount == null ? DEFAULT_KEEP_COUNT : keepCount,
                keepDays == null ? DEFAULT_KEEP_DAYS : keepDays, target == null ? Target.NODE : Target.parse(target), since);
    }

    /** The first five fields of the cron entry: minute, hour, day, month, weekday. */
    public String cronTimes() {
        return minute + " " + (every == Every.HOURLY ? "*" : Integer.toString(hour)) + " * * *";
    }

    /** How long after a due run a missing result counts as late: a quarter of the interval, at least 15 minutes. */
    public Duration grace() {
        Duration quarter = every.interval().dividedBy(4);
        return quarter.compareTo(Duration.ofMinutes(15)) < 0 ? Duration.ofMinutes(15) : quarter;
    }

    public String describe() {
        String when = every == Every.HOURLY ? String.format(Locale.ROOT, "hourly at :%02d", minute)
                : String.format(Locale.ROOT, "daily at %02d:%02d", hour, minute);
        return when + " (node time), keep " + keepCount + " for up to " + keepDays + " days" + (stopService ? ", service stopped during the tar" : "")
                + (keepCopies ? ", copies kept forever" : "");
    }
}
