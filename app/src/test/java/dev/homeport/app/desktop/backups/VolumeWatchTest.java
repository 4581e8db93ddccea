package dev.homeport.app.desktop.backups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.Poller;
import dev.homeport.app.desktop.Tasks;
import dev.homeport.model.BackupSchedule;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.Volume;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.backup.Restores;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigBackups;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's backup watch and a scheduled named volume, on the rig: a round verifies the volume's newest backup (into a
 * scratch volume, which goes) and leaves the mark on the node; the next round has nothing new to check; a backup whose
 * manifest records another tar sha256 fails its check, and the watch tells it in a notice, once.
 */
@ExtendWith(RigExtension.class)
class VolumeWatchTest {
    @TempDir
    Path folder;
    private final String volume = "homeport-test-vw-" + UUID.randomUUID().toString().substring(0, 6);
    private final List<String> stamps = new ArrayList<>();
    private Homeport homeport;
    private Long key;

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
            Processes.removeVolume(volume);
            for (String stamp : stamps) {
                Processes.removeVolume(volume + "-verify-" + stamp.toLowerCase(Locale.ROOT));
            }
        }
    }

    @Test
    void aRoundVerifiesAVolumesNewestBackupOnceAndTellsAFailedCheck(Rig rig) throws Exception {
        BackupSubject subject = prepare(rig);
        List<Notice> notices = new ArrayList<>();
        try (Tasks tasks = new Tasks(); Poller poller = new Poller()) {
            BackupWatch watch = new BackupWatch(homeport, tasks, poller, notices::add);
            BackupRun first = homeport.backupService().now(subject, false, Prompts.NONE);
            assertThat(first.succeeded()).as(first.manifest().error()).isTrue();
            stamps.add(first.stamp());

            List<BackupWatch.Seen> seen = watch.round(read -> { });
            BackupWatch.Seen one = seen.stream().filter(s -> s.subject().equals(subject)).findFirst().orElseThrow();
            assertThat(one.checked()).isNotNull();
            assertThat(one.checked().stamp()).isEqualTo(first.stamp());
            assertThat(one.checked().verification().passed()).as(one.checked().verification().summary()).isTrue();
            assertThat(one.checked().verification().summary()).startsWith("verified: 1 file,");
            Restores.Entry marked = homeport.volumeRestores().list(subject, Prompts.NONE).getFirst();
            assertThat(marked.verified()).isTrue();
            assertThat(volumeExists(volume + "-verify-" + first.stamp().toLowerCase(Locale.ROOT))).isFalse();
            watch.tell(seen);
            assertThat(notices).isEmpty();

            // Nothing new: no second check of the same backup.
            BackupWatch.Seen again = watch.round(read -> { }).stream().filter(s -> s.subject().equals(subject)).findFirst().orElseThrow();
            assertThat(again.checked()).isNull();

            // A backup whose manifest records another tar: the check fails, and the watch says so once.
            Thread.sleep(1100);
            BackupRun second = homeport.backupService().now(subject, false, Prompts.NONE);
            assertThat(second.succeeded()).as(second.manifest().error()).isTrue();
            stamps.add(second.stamp());
            var edited = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE).exec(Command.script(
                    "sed -i \"s/$2/$3/\" \"$1\"", BackupPaths.folder(volume) + "/" + second.stamp() + ".json", second.manifest().tarSha256(),
                    "f".repeat(64)));
            assertThat(edited.ok()).as(edited.err()).isTrue();
            List<BackupWatch.Seen> bad = watch.round(read -> { });
            BackupWatch.Seen failed = bad.stream().filter(s -> s.subject().equals(subject)).findFirst().orElseThrow();
            assertThat(failed.checked().stamp()).isEqualTo(second.stamp());
            assertThat(failed.checked().verification().passed()).isFalse();
            watch.tell(bad);
            assertThat(notices).singleElement().satisfies(notice -> {
                assertThat(notice.title()).isEqualTo("acme/shop/prod/files:" + volume + ": backup " + second.stamp() + " did not restore");
                assertThat(notice.text()).contains("the backup recorded " + "f".repeat(64));
                assertThat(notice.problem()).isTrue();
            });
            watch.tell(bad);
            assertThat(notices).hasSize(1);
            assertThat(volumeExists(volume + "-verify-" + second.stamp().toLowerCase(Locale.ROOT))).isFalse();
        }
    }

    private static boolean volumeExists(String name) {
        return Processes.call(List.of("docker", "volume", "inspect", name), null).exit() == 0;
    }

    /** acme/shop/prod/files live on the rig's node with a file in its named volume, whose backups are on a schedule. */
    private BackupSubject prepare(Rig rig) throws Exception {
        TestApps apps = new TestApps(rig);
        homeport = Homeport.open(new HomeportHome(folder.resolve("home")), null);
        var inventory = homeport.inventory();
        long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
        Service service = inventory.createService(new Service(0, environment, "files", new ServiceSource.Image(apps.image("v1")),
                TestApps.PORT, "/health", null, null, DeployOptions.defaults().withVolumes(List.of(new Volume(volume, "/data", false)))));
        key = inventory.serviceNodeKey(service.id());
        WorkerNode node = homeport.nodeService().add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
        try {
            homeport.nodeService().test(node, Prompts.NONE);
        } catch (HostKeyException unknown) {
            homeport.nodeService().acceptHostKey(node, unknown);
        }
        homeport.nodes().attach(node.id(), environment);
        var live = homeport.deployService().deploy(service.id(), null, Prompts.NONE, DeployListener.NONE).await();
        assertThat(live.state()).as(String.join("\n", homeport.deployments().log(live.id()))).isEqualTo(DeploymentState.LIVE);
        Processes.run("sh", "-c", "docker exec $(docker ps -q --filter volume=\"$1\") sh -c 'echo hi > /data/hi.txt'", "sh", volume);
        homeport.backupService().schedule(BackupSchedule.parse(service.id(), "daily", "04:10", 3, 9, null, Instant.now())
                .forVolume(volume, false), Prompts.NONE);
        return BackupSubject.volume(service.id(), volume);
    }
}
