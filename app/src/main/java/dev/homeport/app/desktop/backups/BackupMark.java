package dev.homeport.app.desktop.backups;

import dev.homeport.ssh.backup.BackupHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The one line a node's page shows about the backups of the databases on it, from what {@link BackupWatch}
 * last saw: "Backups: all OK (3 databases)", or the ones that need a look first, such as "Backups: db-main
 * FAILED 2 h ago; shop-db LATE; 1 other OK". {@code attention} lists those databases (failed, late, missed,
 * no backup yet, or not read), the worst first, for the page to link to.
 */
public record BackupMark(Kind kind, String text, List<BackupWatch.Seen> attention) {
    /** How the line reads: all well; some failed, late or missed; some could not be read; none made yet. */
    public enum Kind { OK, BAD, UNREAD, NONE }

    public BackupMark {
        attention = List.copyOf(attention);
    }

    /** The mark of {@code node}'s scheduled databases, or empty when it runs none (or they were not read yet). */
    public static Optional<BackupMark> of(String node, Collection<BackupWatch.Seen> seen, Instant now) {
        List<BackupWatch.Seen> here = seen.stream().filter(one -> node.equals(one.node()))
                .sorted(Comparator.comparing(BackupWatch.Seen::path)).toList();
        if (here.isEmpty()) {
            return Optional.empty();
        }
        List<BackupWatch.Seen> attention = here.stream().filter(one -> one.health() == null || one.health().state() != BackupHealth.State.OK)
                .sorted(Comparator.comparingInt(BackupMark::rank)).toList();
        if (attention.isEmpty()) {
            return Optional.of(new BackupMark(Kind.OK, "Backups: all OK (" + count(here) + ")", List.of()));
        }
        boolean sameName = here.stream().map(BackupWatch.Seen::name).distinct().count() < here.size();
        List<String> parts = new ArrayList<>();
        for (BackupWatch.Seen one : attention) {
            String name = sameName ? one.path() : one.name();
            parts.add(one.health() == null ? name + " not read (" + shorten(one.problem()) + ")" : switch (one.health().state()) {
                case FAILED -> name + " FAILED" + (one.newestRun() == null ? "" : " " + ago(one.newestRun(), now));
                case LATE -> name + " LATE";
                case MISSED -> name + " MISSED";
                case NONE -> name + " has no backup yet";
                case OK -> name + " OK";
            });
        }
        int ok = here.size() - attention.size();
        if (ok > 0) {
            parts.add(ok + (ok == 1 ? " other OK" : " others OK"));
        }
        Kind kind = attention.stream().anyMatch(one -> one.health() != null && one.health().bad()) ? Kind.BAD
                : attention.stream().anyMatch(one -> one.health() == null) ? Kind.UNREAD : Kind.NONE;
        return Optional.of(new BackupMark(kind, "Backups: " + String.join("; ", parts), attention));
    }

    /** "just now", "5 min ago", "2 h ago", "3 d ago". */
    static String ago(Instant then, Instant now) {
        Duration past = Duration.between(then, now);
        if (past.toMinutes() < 1) {
            return "just now";
        }
        if (past.toHours() < 1) {
            return past.toMinutes() + " min ago";
        }
        if (past.toDays() < 1) {
            return past.toHours() + " h ago";
        }
        return past.toDays() + " d ago";
    }

    private static int rank(BackupWatch.Seen one) {
        if (one.health() == null) {
            return 3;
        }
        return switch (one.health().state()) {
            case FAILED -> 0;
            case MISSED -> 1;
            case LATE -> 2;
            case NONE -> 4;
            case OK -> 5;
        };
    }

    /** "3 databases", "1 database and 2 volumes". */
    private static String count(List<BackupWatch.Seen> here) {
        long volumes = here.stream().filter(one -> one.subject().isVolume()).count();
        long databases = here.size() - volumes;
        String dbs = databases + (databases == 1 ? " database" : " databases");
        String vols = volumes + (volumes == 1 ? " volume" : " volumes");
        return volumes == 0 ? dbs : databases == 0 ? vols : dbs + " and " + vols;
    }

    private static String shorten(String problem) {
        String text = problem == null ? "unknown" : problem.strip();
        return text.length() <= 80 ? text : text.substring(0, 79) + "…";
    }
}
