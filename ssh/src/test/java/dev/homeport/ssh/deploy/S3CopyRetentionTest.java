package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.BackupSchedule;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.S3Target;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.Volume;
import dev.homeport.model.inventory.Backups;
import dev.homeport.model.vault.Sealed;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.backup.TestBackups;
import dev.homeport.ssh.backup.VerifiedMark;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigBackups;
import dev.homeport.ssh.rig.RigS3;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.ExecResult;
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

/**
 * The copies of a volume's backups in an S3 bucket (a real S3 server, S3Proxy, on the rig) follow the schedule's retention
 * as a copy node's do: a day and a half of hourly backups on the rig's node (stamps on the node's clock, as
 * {@code BackupCopyRetentionTest} makes them) go up whole with --keep-copies, then, after the node's own prune, the
 * bucket is pruned to exactly the node's set, by age and then by count; the newest and the newest verified survive (the
 * restore checks' marks go up beside their backups); each backup goes with its manifest and its mark; a backup that lost
 * its file in the bucket is uploaded again; a source that lost its backups takes none of the copies with it, and the
 * bucket alone (its own marks) decides a later prune; a schedule that keeps its copies forever prunes nothing.
 */
class S3CopyRetentionTest extends RigDeployTest {
    private String volume;
    private BackupService backups;
    private BackupSubject subject;

    @AfterEach
    void removeTheBackupsAndTheVolume() {
        if (volume == null) {
            return;
        }
        try {
            RigBackups.removeFromNode(fixture.connection(), volume);
        } finally {
            fixture.close();
            Processes.removeVolume(volume);
        }
    }

    @Test
    void theBucketsCopiesArePrunedToTheNodesOwnSet(Rig rig) throws Exception {
        volume = "homeport-test-s3r-" + fixture.unique;
        Service service = fixture.service(new Service(0, 0, "files", new ServiceSource.Image(apps.image("v1")), TestApps.PORT, "/health", null,
                null, DeployOptions.defaults().withVolumes(List.of(new Volume(volume, "/data", false)))));
        Backups store = new Backups(fixture.store, fixture.vault);
        backups = new BackupService(fixture.inventory, store, fixture.deploys, fixture.nodeService, Clock.systemUTC());
        subject = BackupSubject.volume(service.id(), volume);
        fixture.deployLive(service.id());
        String source = BackupPaths.folder(volume);

        // 36 hourly backups before the clock (30 good, every sixth hour a failure record instead); a restore check passed on
        // the one 29 hours back and failed on the one 5 hours back.
        Instant clock = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(30));
        TestBackups.fakeHourlyVolumeBackups(fixture.connection(), source, clock, 36, 29, 5);
        String verified = TestBackups.stamp(clock, 29);
        String failedCheck = TestBackups.stamp(clock, 5);

        try (RigS3 s3 = new RigS3()) {
            S3Target target = new S3Target(0, 1, "offsite", s3.endpoint(), null, s3.bucket, "prod", s3.accessKey, new Sealed("v1.not-opened-here"));
            Secret secret = Secret.of(s3.secretKey);
            Path bucket = s3.object("prod/rig/" + volume);

            // Keep 100 for 1 day. First the whole day and a half goes up, pruning nothing (--keep-copies), the marks beside.
            store.save(new BackupSchedule(service.id(), BackupSchedule.Every.HOURLY, 0, 0, 100, 1, null, Instant.now()).forVolume(volume, false));
            BackupService.Pushed whole = backups.pushToS3(subject, target, secret, null, false, Prompts.NONE);
            assertThat(whole.problems()).isEmpty();
            assertThat(whole.copied()).hasSize(30);
            assertThat(whole.pruned()).isEmpty();
            assertThat(whole.keptBecause()).isEqualTo(BackupService.KEPT_THIS_TIME);
            assertThat(whole.location()).isEqualTo("s3://" + s3.bucket + "/prod/rig/" + volume);
            assertThat(stamps(names(bucket))).hasSize(30);
            assertThat(names(bucket)).contains(VerifiedMark.fileName(verified), VerifiedMark.fileName(failedCheck));

            // The node backs up at the clock and prunes its own: the age decides (the day before it), and the verified one 29
            // hours back stays. Then the bucket is pruned to exactly the same set, each backup with its manifest and mark.
            BackupRun now = backups.run(subject, false, Prompts.NONE, clock);
            assertThat(now.succeeded()).as(now.manifest().error()).isTrue();
            Set<String> kept = goodOnTheNode();
            assertThat(kept).hasSize(1 + 20 + 1).contains(now.stamp(), verified, TestBackups.stamp(clock, 23)).doesNotContain(TestBackups.stamp(clock, 25));
            BackupService.Pushed pushed = backups.pushToS3(subject, target, secret, null, true, Prompts.NONE);
            assertThat(pushed.problems()).isEmpty();
            assertThat(pushed.keptBecause()).isNull();
            assertThat(pushed.copied()).containsExactly(now.stamp());
            assertThat(pushed.already()).isEqualTo(kept.size() - 1);
            assertThat(pushed.pruned()).hasSize(30 - 21).doesNotContain(verified).contains(TestBackups.stamp(clock, 25), TestBackups.stamp(clock, 35));
            assertThat(names(bucket)).containsExactlyInAnyOrderElementsOf(pairs(kept, verified, failedCheck));

            // Keep 5 for 30 days, a backup an hour later: the count decides. A kept backup whose file the bucket lost is
            // uploaded again (the source still has it).
            store.save(new BackupSchedule(service.id(), BackupSchedule.Every.HOURLY, 0, 0, 5, 30, null, Instant.now()).forVolume(volume, false));
            BackupRun later = backups.run(subject, false, Prompts.NONE, clock.plus(Duration.ofHours(1)));
            assertThat(later.succeeded()).as(later.manifest().error()).isTrue();
            kept = goodOnTheNode();
            assertThat(kept).hasSize(5 + 1).contains(later.stamp(), now.stamp(), verified).doesNotContain(failedCheck);
            Files.delete(bucket.resolve(TestBackups.stamp(clock, 1) + ".tar.gz.age"));
            pushed = backups.pushToS3(subject, target, secret, null, true, Prompts.NONE);
            assertThat(pushed.problems()).isEmpty();
            assertThat(pushed.copied()).containsExactlyInAnyOrder(later.stamp(), TestBackups.stamp(clock, 1));
            assertThat(pushed.pruned()).hasSize(22 - 5).contains(failedCheck).doesNotContain(verified);
            assertThat(names(bucket)).containsExactlyInAnyOrderElementsOf(pairs(kept, verified, null));

            // The source loses every backup: the bucket's copies do not follow it (their retention counts from their own newest).
            ExecResult lost = fixture.connection().exec(Command.script("rm -f \"$1\"/*", source));
            assertThat(lost.ok()).as(lost.err()).isTrue();
            pushed = backups.pushToS3(subject, target, secret, null, true, Prompts.NONE);
            assertThat(pushed.copied()).isEmpty();
            assertThat(pushed.pruned()).isEmpty();
            assertThat(names(bucket)).containsExactlyInAnyOrderElementsOf(pairs(kept, verified, null));

            // A schedule that keeps its copies forever prunes none, even at keep 2.
            BackupSchedule two = new BackupSchedule(service.id(), BackupSchedule.Every.HOURLY, 0, 0, 2, 30, null, Instant.now())
                    .forVolume(volume, false);
            store.save(two.keepingCopies(true));
            pushed = backups.pushToS3(subject, target, secret, null, true, Prompts.NONE);
            assertThat(pushed.pruned()).isEmpty();
            assertThat(pushed.keptBecause()).isEqualTo(BackupService.KEPT_BY_SCHEDULE);
            assertThat(names(bucket)).containsExactlyInAnyOrderElementsOf(pairs(kept, verified, null));

            // Pruned again, the bucket alone decides: the newest two and the verified one, known by its mark in the bucket.
            store.save(two);
            pushed = backups.pushToS3(subject, target, secret, null, true, Prompts.NONE);
            assertThat(pushed.pruned()).hasSize(6 - 3);
            assertThat(names(bucket)).containsExactlyInAnyOrderElementsOf(pairs(Set.of(later.stamp(), now.stamp(), verified), verified, null));
        }
    }

    /** The node's good backups, by stamp. */
    private Set<String> goodOnTheNode() {
        Set<String> good = new TreeSet<>();
        backups.report(subject, Prompts.NONE).runs().stream().filter(BackupRun::succeeded).forEach(run -> good.add(run.stamp()));
        return good;
    }

    /** Every kept backup's manifest and file (a volume's backup, as the fakes are), and the marks of those checked. */
    private static List<String> pairs(Set<String> kept, String verified, String failedCheck) {
        List<String> names = new ArrayList<>();
        for (String stamp : kept) {
            names.add(stamp + ".json");
            names.add(stamp + ".tar.gz.age");
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

    /** The objects of a folder in S3Proxy's filesystem backend. */
    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }

}
