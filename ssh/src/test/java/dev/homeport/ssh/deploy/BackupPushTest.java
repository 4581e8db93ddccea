package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.BackupSchedule;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.ValidationException;
import dev.homeport.model.Volume;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Backups;
import dev.homeport.ssh.backup.BackupException;
import dev.homeport.ssh.backup.BackupManifest;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigBackups;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.Prompts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Copies of a node's backups pushed to another Worker Node: a volume's backups made on the rig's node go to a node of the
 * rig's cluster (10.78.0.11) and to a node container (a file system of its own), each file streamed by SFTP through this
 * machine and named only once the target's sha256sum is the manifest's; a second push copies nothing; a file whose sum
 * is not the manifest's is removed, never left under its name; the same node and an unknown node are refused.
 */
class BackupPushTest extends RigDeployTest {
    private String volume;
    private Service service;
    private BackupService backups;
    private BackupSubject subject;
    private WorkerNode cluster;
    private NodeContainer box;

    private void deployWithAVolume(Rig rig) throws InterruptedException {
        volume = "homeport-test-bp-" + fixture.unique;
        service = fixture.service(new Service(0, 0, "files", new ServiceSource.Image(apps.image("v1")), TestApps.PORT, "/health", null, null,
                DeployOptions.defaults().withVolumes(List.of(new Volume(volume, "/data", false)))));
        backups = new BackupService(fixture.inventory, new Backups(fixture.store, fixture.vault), fixture.deploys, fixture.nodeService,
                Clock.systemUTC());
        subject = BackupSubject.volume(service.id(), volume);
        fixture.deployLive(service.id());
        cluster = fixture.nodes.add(new WorkerNode(0, "cluster-1", rig.clusterHost(1), 22, rig.sshUser(),
                new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
    }

    @AfterEach
    void removeTheBackupsTheCopiesAndTheVolume() {
        if (volume == null) {
            return;
        }
        try {
            RigBackups.removeFromNode(fixture.connection(), volume);
            // The cluster's nodes share this machine's file system (a network namespace each): the copies there went with the line above.
        } finally {
            if (box != null) {
                box.close();
            }
            fixture.close();
            Processes.removeVolume(volume);
        }
    }

    @Test
    void aCancelledPushStopsInTheFileUnderWayOrBeforeTheNextAndLeavesNoTemporaryFile(Rig rig) throws Exception {
        deployWithAVolume(rig);
        BackupRun first = backups.now(subject, false, Prompts.NONE);
        Thread.sleep(1100); // a new stamp: the node's stamps are to the second
        BackupRun second = backups.now(subject, false, Prompts.NONE);
        assertThat(List.of(first, second)).allSatisfy(run -> assertThat(run.succeeded()).as(run.manifest().error()).isTrue());
        String folder = BackupPaths.copyFolder("rig", volume);
        NodeConnection target = fixture.nodeService.connection(cluster, Prompts.NONE);

        // Cancelled after the first chunk of the first file was streamed: nothing is kept there, not even its temporary name.
        java.util.List<String> told = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        dev.homeport.ssh.backup.PushWatch inTheFile = new dev.homeport.ssh.backup.PushWatch() {
            @Override
            public void update(long done, long total, String file) {
                stop.set(true);
            }

            @Override
            public void backup(String stamp, int index, int count) {
                told.add(stamp + " " + index + "/" + count);
            }

            @Override
            public boolean cancelled() {
                return stop.get();
            }
        };
        assertThatThrownBy(() -> backups.push(subject, cluster, null, false, Prompts.NONE, inTheFile))
                .isInstanceOf(java.util.concurrent.CancellationException.class).hasMessage("The push was cancelled; nothing was copied.");
        assertThat(told).containsExactly(first.stamp() + " 1/2");
        assertThat(run(target, "ls -A \"$1\" 2>/dev/null; true", folder)).isBlank();

        // Cancelled as the second backup starts: the first is there, whole, and the second is not.
        dev.homeport.ssh.backup.PushWatch beforeTheSecond = new dev.homeport.ssh.backup.PushWatch() {
            private volatile boolean second;

            @Override
            public void update(long done, long total, String file) {
            }

            @Override
            public void backup(String stamp, int index, int count) {
                second = index == 2;
            }

            @Override
            public boolean cancelled() {
                return second;
            }
        };
        assertThatThrownBy(() -> backups.push(subject, cluster, null, false, Prompts.NONE, beforeTheSecond))
                .isInstanceOf(java.util.concurrent.CancellationException.class)
                .hasMessage("The push was cancelled after 1 backup(s) were copied (" + first.stamp() + "); they stay, whole.");
        assertThat(run(target, "ls -A \"$1\"", folder).lines().sorted().toList()).containsExactly(first.stamp() + ".json", first.manifest().file());
        assertThat(run(target, "sha256sum \"$1\" | cut -d' ' -f1", folder + "/" + first.manifest().file())).isEqualTo(first.manifest().sha256());

        // A push not cancelled copies the rest.
        assertThat(backups.push(subject, cluster, null, false, Prompts.NONE).copied()).containsExactly(second.stamp());
    }

    @Test
    void backupsArePushedToAnotherNodeCheckedOnArrivalAndOnlyOnce(Rig rig) throws Exception {
        deployWithAVolume(rig);
        BackupRun first = backups.now(subject, false, Prompts.NONE);
        Thread.sleep(1100); // a new stamp: the node's stamps are to the second
        BackupRun second = backups.now(subject, false, Prompts.NONE);
        assertThat(List.of(first, second)).allSatisfy(run -> assertThat(run.succeeded()).as(run.manifest().error()).isTrue());

        // The same node and an unknown node are refused, by name and in a schedule.
        assertThatThrownBy(() -> backups.copyTarget(subject, "rig")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("'rig' is the node the backups are made on");
        assertThatThrownBy(() -> backups.copyTarget(subject, "nope")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("no Worker Node named 'nope'");
        BackupSchedule daily = BackupSchedule.parse(service.id(), "daily", "04:10", null, null, null, Instant.now()).forVolume(volume, false);
        assertThatThrownBy(() -> backups.schedule(daily.copiedTo(fixture.node.id()), Prompts.NONE)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("is the node the backups are made on");
        assertThatThrownBy(() -> backups.push(subject, fixture.node, null, false, Prompts.NONE)).isInstanceOf(ValidationException.class);

        // The schedule names the copy target; a push with no stamp copies every backup it lacks, oldest first.
        backups.schedule(daily.copiedTo(backups.copyTarget(subject, "cluster-1").id()), Prompts.NONE);
        assertThat(backups.copyTarget(subject)).hasValueSatisfying(node -> assertThat(node.name()).isEqualTo("cluster-1"));
        BackupService.Pushed pushed = backups.push(subject, backups.copyTarget(subject).orElseThrow(), null, false, Prompts.NONE);
        assertThat(pushed.problems()).isEmpty();
        assertThat(pushed.copied()).containsExactly(first.stamp(), second.stamp());
        assertThat(pushed.already()).isZero();
        String folder = BackupPaths.copyFolder("rig", volume);
        assertThat(pushed.location()).isEqualTo("cluster-1:" + folder);

        // On arrival: the target's own sha256sum is the manifest's, the manifest is there, and no temporary file is left.
        NodeConnection target = fixture.nodeService.connection(cluster, Prompts.NONE);
        assertThat(run(target, "hostname")).as("a node of the cluster").isEqualTo("node-1");
        for (BackupRun run : List.of(first, second)) {
            assertThat(run(target, "sha256sum \"$1\" | cut -d' ' -f1", folder + "/" + run.manifest().file())).isEqualTo(run.manifest().sha256());
            assertThat(BackupManifest.parse(run(target, "cat \"$1\"", folder + "/" + run.stamp() + ".json"))).isEqualTo(run.manifest());
        }
        assertThat(run(target, "ls -A \"$1\"", folder).lines().sorted().toList()).containsExactly(
                first.stamp() + ".json", first.manifest().file(), second.stamp() + ".json", second.manifest().file());
        assertThat(backups.copiesOn(subject, cluster, Prompts.NONE)).containsExactlyInAnyOrder(first.manifest().file(), second.manifest().file());

        // A second push copies nothing.
        BackupService.Pushed again = backups.push(subject, cluster, null, false, Prompts.NONE);
        assertThat(again.copied()).isEmpty();
        assertThat(again.already()).isEqualTo(2);
        assertThat(again.ok()).isTrue();

        // A file whose sum on arrival is not the manifest's (here the manifest on the source says another sum, as a transfer
        // that lost or changed bytes would look) is removed: neither its name, its manifest nor a temporary file is left.
        Thread.sleep(1100);
        BackupRun third = backups.now(subject, false, Prompts.NONE);
        String manifestPath = BackupPaths.folder(volume) + "/" + third.stamp() + ".json";
        String wrong = "0".repeat(64);
        String json = run(fixture.connection(), "cat \"$1\"", manifestPath);
        assertThat(json).contains(third.manifest().sha256());
        ExecResult edited = fixture.connection().exec(Command.script("cat > \"$1\"", manifestPath), Duration.ofSeconds(30),
                json.replace(third.manifest().sha256(), wrong).getBytes(StandardCharsets.UTF_8));
        assertThat(edited.ok()).as(edited.err()).isTrue();
        BackupService.Pushed bad = backups.push(subject, cluster, third.stamp(), false, Prompts.NONE);
        assertThat(bad.ok()).isFalse();
        assertThat(bad.copied()).isEmpty();
        assertThat(bad.problems()).singleElement().asString().contains(third.stamp()).contains("has sha256 " + third.manifest().sha256())
                .contains("not the manifest's " + wrong).contains("removed");
        assertThat(run(target, "ls -A \"$1\"", folder).lines().toList()).hasSize(4).noneMatch(name -> name.startsWith(third.stamp())
                || name.startsWith("." + third.stamp()));
        assertThat(backups.copiesOn(subject, cluster, Prompts.NONE)).hasSize(2);
        assertThatThrownBy(() -> backups.push(subject, cluster, "20000101T000000Z", false, Prompts.NONE)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("no backup 20000101T000000Z");

        // A node with a file system of its own: refused with the reason until it has the backups' folder, then it gets its copy.
        box = NodeContainer.start(rig);
        WorkerNode other = fixture.nodes.add(new WorkerNode(0, "box", box.ip(), 22, box.user(), new NodeIdentity.KeyFile(rig.sshKey().toString()),
                null));
        try {
            fixture.nodeService.test(other, Prompts.NONE);
        } catch (HostKeyException unknown) {
            other = fixture.nodeService.acceptHostKey(other, unknown);
        }
        WorkerNode boxNode = other;
        assertThatThrownBy(() -> backups.push(subject, boxNode, first.stamp(), false, Prompts.NONE)).isInstanceOf(BackupException.class)
                .hasMessageContaining("no backup folder " + BackupPaths.ROOT);
        box.sh("install -d -o " + box.user() + " -m 700 " + BackupPaths.ROOT);
        BackupService.Pushed toBox = backups.push(subject, boxNode, first.stamp(), false, Prompts.NONE);
        assertThat(toBox.problems()).isEmpty();
        assertThat(toBox.copied()).containsExactly(first.stamp());
        assertThat(box.sh("sha256sum " + folder + "/" + first.manifest().file() + " | cut -d' ' -f1").strip()).isEqualTo(first.manifest().sha256());
        assertThat(box.sh("ls -A " + folder).lines().sorted().toList()).containsExactly(first.stamp() + ".json", first.manifest().file());
    }

    private static String run(NodeConnection connection, String script, String... values) {
        ExecResult result = connection.exec(Command.script(script, values));
        assertThat(result.ok()).as(script + ": " + result.err()).isTrue();
        return result.out().strip();
    }
}
