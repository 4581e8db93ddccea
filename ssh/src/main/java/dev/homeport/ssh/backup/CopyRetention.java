package dev.homeport.ssh.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which copies of a subject's backups (pulled to this machine, or pushed to another Worker Node) a prune removes: the
 * schedule's retention, applied to what the copy's folder holds and nothing else, so a copy never depends on its source
 * node being reachable (or still there).
 *
 * <ul>
 *   <li>The newest {@code keepCount} backups are kept, none older than {@code keepDays} days, as the node's own
 *       {@code backup-db} keeps its backups.</li>
 *   <li>Ages are counted back from the newest backup the folder holds, not from today: the node prunes right after each
 *       backup it makes, so this is the node's own clock at its last prune, and the copies keep what the node kept then.
 *       A node that stopped backing up (or was lost, the case copies are for) leaves its copies as they were: they are
 *       never aged away one by one.</li>
 *   <li>The newest backup is never removed, nor the newest one a restore check proved ({@link VerifiedMark}, copied along
 *       with the backups).</li>
 * </ul>
 */
public final class CopyRetention {
    private CopyRetention() {
    }

    /** One backup a copy folder holds whole (its file and its manifest), and whether a restore check passed on it. */
    public record Copy(String stamp, boolean verified) {
    }

    /** The stamps of {@code copies} that go, oldest first. */
    public static List<String> toPrune(Collection<Copy> copies, int keepCount, int keepDays) {
        List<Copy> newestFirst = new ArrayList<>(copies);
        newestFirst.sort(Comparator.comparing(Copy::stamp).reversed());
        if (newestFirst.isEmpty()) {
            return List.of();
        }
        Instant cutoff = BackupPaths.parseStamp(newestFirst.getFirst().stamp()).minus(Duration.ofDays(keepDays));
        String newestVerified = newestFirst.stream().filter(Copy::verified).map(Copy::stamp).findFirst().orElse(null);
        Set<String> gone = new LinkedHashSet<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            String stamp = newestFirst.get(i).stamp();
            if (i == 0 || stamp.equals(newestVerified)) {
                continue;
            }
            if (i >= keepCount || BackupPaths.parseStamp(stamp).isBefore(cutoff)) {
                gone.add(stamp);
            }
        }
        return gone.stream().sorted().toList();
    }
}
