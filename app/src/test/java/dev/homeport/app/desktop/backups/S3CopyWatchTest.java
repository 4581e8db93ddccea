package dev.homeport.app.desktop.backups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.Poller;
import dev.homeport.app.desktop.Tasks;
import dev.homeport.model.BackupSchedule;
import dev.homeport.model.Database;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.S3Target;
import dev.homeport.model.ValidationException;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.backup.VerifiedMark;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigBackups;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigS3;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database whose schedule copies to an S3 target (a real S3 server, S3Proxy, on the rig): its backup, made by the node's
 * own script as the cron line runs it, is uploaded by the app's backup watch in its next round (the node's rclone), with
 * its manifest; the round after uploads nothing again; later rounds prune the bucket to the node's own set (the newest and
 * the newest verified); the target cannot be removed while the schedule names it; a
 * target that refuses the key is a notice, once.
 */
@dev.homeport.app.desktop.NeedsDisplay // a failed push's notice goes to the FX thread
@ExtendWith(RigExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class S3CopyWatchTest {
    @TempDir
    Path folder;
    private Homeport homeport;
    private Long key;
    private String volume;

    @AfterEach
    void close() throws Exception {
        try {
            if (key != null) {
                var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
                RigBackups.removeFromNode(connection, volume);
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
            }
        } finally {
            if (homeport != null) {
                homeport.close();
            }
            if (volume != null) {
                RigBackups.removeVolume(volume);
            }
        }
    }

    @Test
    void aScheduledBackupLandsInTheBucketAfterAWatchRound(Rig rig) throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
        try (RigS3 s3 = new RigS3(); Tasks tasks = new Tasks(); Poller poller = new Poller()) {
            BackupSubject subject = prepare(rig);
            long acme = homeport.inventory().organisations().getFirst().id();
            S3Target offsite = homeport.inventory().s3Targets().add(acme, "offsite", s3.endpoint(), null, s3.bucket, "prod",
                    s3.accessKey, Secret.of(s3.secretKey));
            var backups = homeport.backupService();
            backups.schedule(backups.copiedTo(BackupSchedule.parse(subject.serviceId(), "daily", "04:30", 3, 9, null, Instant.now()),
                    subject, "s3:offsite"), Prompts.NONE);
            assertThat(backups.copyLabel(subject)).hasValue("s3:offsite");
            assertThat(backups.schedule(subject).orElseThrow().copyToS3()).isEqualTo(offsite.id());

            // The run the cron line makes: the node's own script, as scheduled (trigger "schedule").
            var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
            BackupRun made = cron(connection, backups, subject);
            assertThat(backups.report(subject, Prompts.NONE).runs()).hasSize(1);
            assertThat(made.succeeded()).as(made.manifest().error()).isTrue();
            assertThat(made.manifest().trigger()).isEqualTo("schedule");
            Path file = s3.object("prod/rig/" + volume + "/" + made.manifest().file());
            assertThat(Files.exists(file)).isFalse();

            List<Notice> notices = new ArrayList<>();
            BackupWatch watch = new BackupWatch(homeport, tasks, poller, notices::add);
            BackupWatch.Seen seen = watch.round(read -> { }).stream().filter(s -> s.subject().equals(subject)).findFirst().orElseThrow();
            assertThat(seen.problem()).isNull();
            assertThat(seen.pulled()).isEqualTo(1);
            assertThat(Files.size(file)).isEqualTo(made.manifest().bytes());
            assertThat(Files.exists(s3.object("prod/rig/" + volume + "/" + made.stamp() + ".json"))).isTrue();
            assertThat(backups.copiesOn(subject, offsite, Prompts.NONE)).contains(made.manifest().file(), made.stamp() + ".json");
            long modified = Files.getLastModifiedTime(file).toMillis();

            // Nothing new: the next round uploads nothing again.
            BackupWatch.Seen again = watch.round(read -> { }).stream().filter(s -> s.subject().equals(subject)).findFirst().orElseThrow();
            assertThat(again.problem()).isNull();
            assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);

            // The bucket's copies follow the schedule's retention after each round, as the node's backups do: keep 1 (and
            // the newest verified, which each round's check of the newest backup marks). The first goes once a newer one
            // is verified; each goes with its manifest and mark.
            Path onNode = Path.of(BackupPaths.folder(volume));
            assertThat(Files.readString(onNode.resolve(VerifiedMark.fileName(made.stamp())))).contains("\"result\":\"ok\"");
            backups.schedule(backups.copiedTo(BackupSchedule.parse(subject.serviceId(), "daily", "04:30", 1, 9, null, Instant.now()),
                    subject, "s3:offsite"), Prompts.NONE);
            Thread.sleep(1100);
            BackupRun second = cron(connection, backups, subject);
            assertThat(watch.round(read -> { }).getFirst().problem()).isNull();
            assertThat(Files.readString(onNode.resolve(VerifiedMark.fileName(second.stamp())))).contains("\"result\":\"ok\"");
            Thread.sleep(1100);
            BackupRun third = cron(connection, backups, subject);
            assertThat(backups.report(subject, Prompts.NONE).runs()).extracting(BackupRun::stamp).containsExactly(third.stamp(), second.stamp());
            assertThat(watch.round(read -> { }).getFirst().problem()).isNull();
            try (var objects = Files.list(s3.object("prod/rig/" + volume))) {
                assertThat(objects.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(
                        second.manifest().file(), second.stamp() + ".json", VerifiedMark.fileName(second.stamp()),
                        third.manifest().file(), third.stamp() + ".json");
            }

            // The schedule names the target: it is not removed, and the error says which schedule.
            assertThatThrownBy(() -> homeport.inventory().s3Targets().remove(acme, "offsite")).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("the backups of acme/shop/prod/kv are copied to the S3 target 'offsite'");

            // A target that refuses the key: the round says so, and the watch tells it once.
            S3Target refused = homeport.inventory().s3Targets().add(acme, "refused", s3.endpoint(), null, s3.bucket, null, "NOSUCHKEY",
                    Secret.of("nothing"));
            backups.schedule(backups.schedule(subject).orElseThrow().copiedToS3(refused.id()), Prompts.NONE);
            BackupWatch.Seen failed = watch.round(read -> { }).stream().filter(s -> s.subject().equals(subject)).findFirst().orElseThrow();
            assertThat(failed.problem()).startsWith("its backups could not be copied to s3:refused: S3 refused the access key NOSUCHKEY");
            watch.round(read -> { });
            waitForNotices(notices);
            assertThat(notices).singleElement().satisfies(n -> assertThat(n.title()).isEqualTo("acme/shop/prod/kv: backup copies not pushed"));
            // With no schedule naming it, offsite goes.
            assertThat(homeport.inventory().s3Targets().remove(acme, "offsite")).isTrue();
        }
    }

    /** Runs the node's cron line's command now, as cron would, and returns the run it made (good). */
    private static BackupRun cron(dev.homeport.ssh.transport.NodeConnection connection, dev.homeport.ssh.backup.BackupService backups,
                                  BackupSubject subject) {
        String line = backups.cronLine(subject, Prompts.NONE).orElseThrow();
        String command = line.replaceFirst("^\\S+ \\S+ \\S+ \\S+ \\S+ ", "");
        var ran = connection.exec(Command.script("sh -c \"$1\"", command), java.time.Duration.ofMinutes(5), null);
        assertThat(ran.exitStatus()).as(ran.err()).isZero();
        BackupRun made = backups.report(subject, Prompts.NONE).runs().getFirst();
        assertThat(made.succeeded()).as(made.manifest().error()).isTrue();
        return made;
    }

    /** Until the notices sent to the FX thread so far have arrived. */
    private static void waitForNotices(List<Notice> notices) throws Exception {
        java.util.concurrent.CountDownLatch drained = new java.util.concurrent.CountDownLatch(1);
        javafx.application.Platform.runLater(drained::countDown);
        assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
    }

    /** acme/shop/prod/kv, a Redis database, live on the rig's node. */
    private BackupSubject prepare(Rig rig) throws Exception {
        homeport = Homeport.open(new HomeportHome(folder.resolve("home")), null);
        var inventory = homeport.inventory();
        long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(),
                "prod").id();
        Database database = inventory.databases().create(environment, "kv", DatabaseEngine.REDIS, rig.redisImage());
        key = inventory.serviceNodeKey(database.serviceId());
        volume = database.dataVolume();
        WorkerNode node = homeport.nodeService().add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
        try {
            homeport.nodeService().test(node, Prompts.NONE);
        } catch (HostKeyException unknown) {
            homeport.nodeService().acceptHostKey(node, unknown);
        }
        homeport.nodes().attach(node.id(), environment);
        var live = homeport.deployService().deploy(database.serviceId(), null, Prompts.NONE, DeployListener.NONE).await();
        assertThat(live.state()).as(String.join("\n", homeport.deployments().log(live.id()))).isEqualTo(DeploymentState.LIVE);
        return BackupSubject.database(database.serviceId());
    }
}
