package dev.homeport.ssh.backup;

import dev.homeport.model.BackupSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How a database's backups stand, from its node's records and its schedule: the one rule the CLI's exit
 * code, the database's page and the desktop notice all use.
 */
public record BackupHealth(State state, String detail) {
    public enum State {
        /** The newest run succeeded and the next one is not overdue. */
        OK,
        /** No run yet, and none due yet (or no schedule). */
        NONE,
        /** The newest run failed. */
        FAILED,
        /** A scheduled run is overdue by more than its grace. */
        LATE,
        /** Two or more scheduled runs in a row never happened. */
        MISSED;

        public boolean bad() {
            return this == FAILED || this == LATE || this == MISSED;
        }
    }

    public boolean bad() {
        return state.bad();
    }

    /** {@code runs} in any order; {@code schedule} may be absent (manual backups only: never late). */
    public static BackupHealth of(List<BackupRun> runs, Optional<BackupSchedule> schedule, Instant now) {
        Optional<BackupRun> newest = runs.stream().max(java.util.Comparator.comparing(BackupRun::stamp));
        if (newest.isPresent() && !newest.get().succeeded()) {
            return new BackupHealth(State.FAILED, "the backup of " + newest.get().started() + " failed: " + newest.get().manifest().error());
        }
        if (schedule.isEmpty()) {
            return newest.map(run -> new BackupHealth(State.OK, "last backup " + run.started() + " (no schedule)"))
                    .orElseGet(() -> new BackupHealth(State.NONE, "no backup yet and no schedule"));
        }
        BackupSchedule s = schedule.get();
        Instant last = newest.map(BackupRun::started).orElse(s.since());
        Duration interval = s.every().interval();
        Duration overdue = Duration.between(last.plus(interval), now);
        if (overdue.compareTo(interval.plus(s.grace())) > 0) {
            return new BackupHealth(State.MISSED, newest.isEmpty() ? "no backup since the schedule was set at " + s.since()
                    : "no backup since " + last + ": the runs since were missed (is the node up, does its cron run?)");
        }
        if (overdue.compareTo(s.grace()) > 0) {
            return new BackupHealth(State.LATE, "the backup due after " + last.plus(interval) + " has not come");
        }
        return newest.map(run -> new BackupHealth(State.OK, "last backup " + run.started()))
                .orElseGet(() -> new BackupHealth(State.NONE, "no backup yet; the first is due by " + s.since().plus(interval)));
    }
}
