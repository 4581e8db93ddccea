package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.BackupSchedule;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.Volume;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Backups;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.backup.TestBackups;
import dev.homeport.ssh.backup.VerifiedMark;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigBackups;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copies of a volume's backups follow the schedule's retention: a week of hourly backups on the rig's node (stamps
 * faked on the node's clock, as {@code DatabaseBackupTest} does), pulled to this machine and pushed to a node of the rig's
 * cluster whole, then pruned after the node's own prune to exactly the node's set, by age and then by count; the newest and
 * the newest verified survive; each backup goes with its manifest and mark, and a half left in a copy folder goes too; a
 * source that lost its backups takes none of the copies with it; a schedule that keeps its copies forever prunes none.
 */
class BackupCopyRetentionTest extends RigDeployTest {
    private String volume;
    private Service service;
    private BackupService backups;
    private Backups store;
    private BackupSubject subject;
    private WorkerNode cluster;

    @TempDir
    Path local;

    @AfterEach
    void removeTheBackupsTheCopiesAndTheVolume() {
        if (volume == null) {
            return;
        }
        try {
            RigBackups.removeFromNode(fixture.connection(), volume);
            // The cluster's nodes share this machine's file system (a network namespace each): the copies there went with the line above.
        } finally {
            fixture.close();
            Processes.removeVolume(volume);
        }
    }

    @Test
    void copiesHereAndOnTheCopyNodeArePrunedToTheNodesOwnSet(Rig rig) throws Exception {
        volume = "homeport-test-cr-" + fixture.unique;
        service = fixture.service(new Service(0, 0, "files", new ServiceSource.Image(apps.image("v1")), TestApps.PORT, "/health", null, null,
                DeployOptions.defaults().withVolumes(List.of(new Volume(volume, "/data", false)))));
        store = new Backups(fixture.store, fixture.vault);
        backups = new BackupService(fixture.inventory, store, fixture.deploys, fixture.nodeService, Clock.systemUTC());
        subject = BackupSubject.volume(service.id(), volume);
        fixture.deployLive(service.id());
        cluster = fixture.nodes.add(new WorkerNode(0, "cluster-1", rig.clusterHost(1), 22, rig.sshUser(),
                new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
        NodeConnection copyNode = fixture.nodeService.connection(cluster, Prompts.NONE);
        String source = BackupPaths.folder(volume);
        String copies = BackupPaths.copyFolder("rig", volume);
        Path here = local.resolve(volume);

        // A week of hourly backups before the clock (140 good, every sixth hour a failure record instead); a restore check
        // passed on the one 100 hours back and failed on the one 10 hours back.
        Instant clock = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(30));
        TestBackups.fakeHourlyVolumeBackups(fixture.connection(), source, clock, 168, 100, 10);
        String verified = TestBackups.stamp(clock, 100);
        String failedCheck = TestBackups.stamp(clock, 10);

        // Keep 100 for 2 days, copies to cluster-1. First the whole week is copied, pruning nothing (--keep-copies).
        store.save(new BackupSchedule(service.id(), BackupSchedule.Every.HOURLY, 0, 0, 100, 2, null, Instant.now())
                .forVolume(volume, false).copiedTo(cluster.id()));
        BackupService.Pulled whole = backups.pull(subject, local, false, Prompts.NONE);
        assertThat(whole.files()).hasSize(140);
        assertThat(whole.pruned()).isEmpty();
        assertThat(whole.keptBecause()).contains("--keep-copies");
        BackupService.Pushed wholeThere = backups.push(subject, cluster, null, false, Prompts.NONE);
        assertThat(wholeThere.problems()).isEmpty();
        assertThat(wholeThere.copied()).hasSize(140);
        assertThat(stamps(names(here))).hasSize(140);
        assertThat(stamps(names(copyNode, copies))).hasSize(140);
        // The restore checks' marks came along, as the node has them.
        assertThat(names(here)).contains(VerifiedMark.fileName(verified), VerifiedMark.fileName(failedCheck));
        assertThat(names(copyNode, copies)).contains(VerifiedMark.fileName(verified), VerifiedMark.fileName(failedCheck));

        // The node backs up at the clock and prunes its own: the age decides (the 48 hours before it), and the verified one
        // 100 hours back stays. Then the copies here and there are pruned to exactly the same set, each with its manifest.
        BackupRun now = backups.run(subject, false, Prompts.NONE, clock);
        assertThat(now.succeeded()).as(now.manifest().error()).isTrue();
        Set<String> kept = goodOnTheNode();
        assertThat(kept).hasSize(1 + 40 + 1).contains(now.stamp(), verified, TestBackups.stamp(clock, 47)).doesNotContain(TestBackups.stamp(clock, 49));
        BackupService.Pulled pulled = backups.pull(subject, local, true, Prompts.NONE);
        assertThat(pulled.files()).containsExactly(here.resolve(now.manifest().file()));
        assertThat(pulled.pruned()).hasSize(140 - 41).doesNotContain(verified).contains(TestBackups.stamp(clock, 49), TestBackups.stamp(clock, 167));
        assertThat(pulled.keptBecause()).isNull();
        assertThat(stamps(names(here))).isEqualTo(kept);
        assertThat(names(here)).containsExactlyInAnyOrderElementsOf(pairs(kept, now, verified, failedCheck));
        BackupService.Pushed pushed = backups.push(subject, cluster, null, true, Prompts.NONE);
        assertThat(pushed.problems()).isEmpty();
        assertThat(pushed.copied()).containsExactly(now.stamp());
        assertThat(pushed.pruned()).isEqualTo(pulled.pruned());
        assertThat(names(copyNode, copies)).containsExactlyInAnyOrderElementsOf(pairs(kept, now, verified, failedCheck));

        // Keep 10 for 30 days, a backup an hour later: the count decides. A half left here (a kept backup's file gone) is
        // pulled again; a half on the copy node (an old file without its manifest) goes with the prune.
        store.save(new BackupSchedule(service.id(), BackupSchedule.Every.HOURLY, 0, 0, 10, 30, null, Instant.now())
                .forVolume(volume, false).copiedTo(cluster.id()));
        BackupRun later = backups.run(subject, false, Prompts.NONE, clock.plus(Duration.ofHours(1)));
        assertThat(later.succeeded()).as(later.manifest().error()).isTrue();
        kept = goodOnTheNode();
        assertThat(kept).hasSize(10 + 1).contains(later.stamp(), now.stamp(), verified).doesNotContain(failedCheck);
        Files.delete(here.resolve(TestBackups.stamp(clock, 1) + ".tar.gz.age"));
        ExecResult orphan = copyNode.exec(Command.script(": > \"$1/$2\"", copies, TestBackups.stamp(clock, 160) + ".tar.gz.age"));
        assertThat(orphan.ok()).as(orphan.err()).isTrue();
        pulled = backups.pull(subject, local, true, Prompts.NONE);
        assertThat(pulled.files()).containsExactlyInAnyOrder(here.resolve(later.manifest().file()), here.resolve(TestBackups.stamp(clock, 1) + ".tar.gz.age"));
        assertThat(pulled.pruned()).hasSize(42 - 10).contains(failedCheck).doesNotContain(verified);
        assertThat(stamps(names(here))).isEqualTo(kept);
        assertThat(names(here)).containsExactlyInAnyOrderElementsOf(pairs(kept, later, verified, null));
        pushed = backups.push(subject, cluster, null, true, Prompts.NONE);
        assertThat(pushed.problems()).isEmpty();
        assertThat(pushed.pruned()).hasSize(42 - 10 + 1).contains(TestBackups.stamp(clock, 160));
        assertThat(names(copyNode, copies)).containsExactlyInAnyOrderElementsOf(pairs(kept, later, verified, null));

        // The source loses every backup: the copies do not follow it (their retention counts from their own newest).
        ExecResult lost = fixture.connection().exec(Command.script("rm -f \"$1\"/*", source));
        assertThat(lost.ok()).as(lost.err()).isTrue();
        pulled = backups.pull(subject, local, true, Prompts.NONE);
        assertThat(pulled.files()).isEmpty();
        assertThat(pulled.pruned()).isEmpty();
        assertThat(stamps(names(here))).isEqualTo(kept);
        pushed = backups.push(subject, cluster, null, true, Prompts.NONE);
        assertThat(pushed.pruned()).isEmpty();
        assertThat(stamps(names(copyNode, copies))).isEqualTo(kept);

        // A schedule that keeps its copies forever: at keep 2, neither the pull nor the push prunes one, and both say why.
        store.save(new BackupSchedule(service.id(), BackupSchedule.Every.HOURLY, 0, 0, 2, 30, null, Instant.now())
                .forVolume(volume, false).copiedTo(cluster.id()).keepingCopies(true));
        pulled = backups.pull(subject, local, true, Prompts.NONE);
        assertThat(pulled.pruned()).isEmpty();
        assertThat(pulled.keptBecause()).isEqualTo(BackupService.KEPT_BY_SCHEDULE);
        pushed = backups.pushToCopyTarget(subject, true, Prompts.NONE).orElseThrow();
        assertThat(pushed.pruned()).isEmpty();
        assertThat(pushed.keptBecause()).isEqualTo(BackupService.KEPT_BY_SCHEDULE);
        assertThat(stamps(names(here))).isEqualTo(kept);
        assertThat(stamps(names(copyNode, copies))).isEqualTo(kept);
    }

    /** The node's good backups, by stamp. */
    private Set<String> goodOnTheNode() {
        Set<String> good = new TreeSet<>();
        backups.report(subject, Prompts.NONE).runs().stream().filter(BackupRun::succeeded).forEach(run -> good.add(run.stamp()));
        return good;
    }

    /** Every kept backup's manifest and file (the real ones' extension is the fakes'), and the marks of those checked. */
    private static List<String> pairs(Set<String> kept, BackupRun real, String verified, String failedCheck) {
        List<String> names = new ArrayList<>();
        for (String stamp : kept) {
            names.add(stamp + ".json");
            names.add(stamp.equals(real.stamp()) ? real.manifest().file() : stamp + ".tar.gz.age");
        }
        names.add(VerifiedMark.fileName(verified));
        if (failedCheck != null) {
            names.add(VerifiedMark.fileName(failedCheck));
        }
        return names;
    }

    /** The stamps of the manifests among {@code names}. */
    private static Set<String> stamps(List<String> names) {
        Set<String> stamps = new TreeSet<>();
        names.stream().filter(n -> n.endsWith(".json") && !n.endsWith(VerifiedMark.SUFFIX)).forEach(n -> stamps.add(n.substring(0, n.length() - 5)));
        return stamps;
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static List<String> names(NodeConnection connection, String folder) {
        ExecResult listed = connection.exec(Command.script("cd \"$1\" && ls -A", folder));
        assertThat(listed.ok()).as(listed.err()).isTrue();
        return listed.out().lines().filter(line -> !line.isBlank()).toList();
    }

}
