package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.DeployOptions;
import dev.homeport.model.Deployment;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.Volume;
import dev.homeport.model.inventory.Backups;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.backup.RestoreException;
import dev.homeport.ssh.backup.Restores;
import dev.homeport.ssh.backup.TestBackups;
import dev.homeport.ssh.backup.VolumeRestores;
import dev.homeport.ssh.docker.ContainerExec;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.Prompts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A named volume's backups verified on the rig's node, as the app does by itself while it runs: the newest backup is
 * restored into a scratch volume, its tar's sha256 and file count compared with the manifest, the scratch volume removed
 * and a verified mark left beside the backup; a backup already checked is not checked again; a manifest whose recorded
 * sha256 is not the tar's, and a wrong key, each leave a failed mark and no volume; without a container of the service
 * the check cannot run, and no mark is written. And the old volume a restore kept:
 * listed, refused while a running container uses it, then dropped.
 */
class VolumeVerifyTest extends RigDeployTest {
    private final List<String> volumes = new ArrayList<>();
    private final List<String> containers = new ArrayList<>();
    private Service service;
    private String volume;
    private BackupService backups;
    private VolumeRestores restores;
    private BackupSubject subject;
    private byte[] identity;

    private void open() throws InterruptedException {
        volume = "homeport-test-vv-" + fixture.unique;
        volumes.add(volume);
        service = fixture.service(new Service(0, 0, "files", new ServiceSource.Image(apps.image("v1")), TestApps.PORT, "/health", null, null,
                DeployOptions.defaults().withVolumes(List.of(new Volume(volume, "/data", false)))));
        backups = new BackupService(fixture.inventory, new Backups(fixture.store, fixture.vault), fixture.deploys, fixture.nodeService,
                Clock.systemUTC());
        restores = new VolumeRestores(fixture.inventory, backups, fixture.deploys, fixture.nodeService, fixture.clients, Clock.systemUTC());
        subject = BackupSubject.volume(service.id(), volume);
        identity = (backups.key().identity() + "\n").getBytes(StandardCharsets.UTF_8);
        fixture.deployLive(service.id());
        exec(container(), "mkdir -p /data/sub && echo one > /data/a.txt && echo two > /data/sub/b.txt");
    }

    @AfterEach
    void removeTheBackupsAndTheVolumes() {
        if (volume == null) {
            return;
        }
        try {
            for (String c : containers) {
                Processes.call(List.of("docker", "rm", "-f", c), null);
            }
            for (String v : volumes) {
                fixture.connection().exec(Command.script("rm -rf \"$1\"", BackupPaths.folder(v)));
            }
        } finally {
            fixture.close();
            for (String v : volumes) {
                Processes.removeVolume(v);
            }
        }
    }

    @Test
    void theNewestBackupIsVerifiedIntoAScratchVolumeOnceAndABadOneLeavesAFailedMark() throws Exception {
        open();
        BackupRun run = backups.now(subject, false, Prompts.NONE);
        assertThat(run.succeeded()).as(run.manifest().error()).isTrue();
        String scratch = volume + "-verify-" + run.stamp().toLowerCase(Locale.ROOT);
        volumes.add(scratch);

        List<String> log = new ArrayList<>();
        var checked = restores.verifyNewest(subject, identity, Prompts.NONE);
        assertThat(checked).hasValueSatisfying(c -> {
            assertThat(c.passed()).as(c.problem()).isTrue();
            assertThat(c.stamp()).isEqualTo(run.stamp());
            assertThat(c.files()).isEqualTo(2L);
            assertThat(c.restored()).isNull();
            assertThat(c.verification().summary()).isEqualTo("verified: 2 files, the restored volume's tar has the sha256 the backup"
                    + " recorded (" + run.manifest().tarSha256() + ")");
        });
        assertThat(exists(scratch)).isFalse();
        assertThat(noHelperContainers()).isTrue();
        Restores.Entry entry = restores.list(subject, Prompts.NONE).getFirst();
        assertThat(entry.stamp()).isEqualTo(run.stamp());
        assertThat(entry.verified()).isTrue();
        assertThat(entry.mark().tables()).isEqualTo(1);
        assertThat(entry.mark().summary()).startsWith("verified: 2 files");
        // Checked once: the next round has nothing new to check.
        assertThat(restores.verifyNewest(subject, identity, Prompts.NONE)).isEmpty();

        // A manifest whose recorded tar sha256 is not the tar's: the check fails, says why, and the mark says so.
        Thread.sleep(1100); // a new stamp: the node's stamps are to the second
        BackupRun second = backups.now(subject, false, Prompts.NONE);
        assertThat(second.succeeded()).as(second.manifest().error()).isTrue();
        volumes.add(volume + "-verify-" + second.stamp().toLowerCase(Locale.ROOT));
        String manifest = BackupPaths.folder(volume) + "/" + second.stamp() + ".json";
        var edited = fixture.connection().exec(Command.script("sed -i \"s/$2/$3/\" \"$1\"", manifest, second.manifest().tarSha256(),
                "0".repeat(64)));
        assertThat(edited.ok()).as(edited.err()).isTrue();
        var bad = restores.verifyNewest(subject, identity, Prompts.NONE).orElseThrow();
        assertThat(bad.passed()).isFalse();
        assertThat(bad.problem()).contains("the restored volume's tar has the sha256 " + second.manifest().tarSha256())
                .contains("the backup recorded " + "0".repeat(64));
        assertThat(exists(volume + "-verify-" + second.stamp().toLowerCase(Locale.ROOT))).isFalse();
        Restores.Entry failed = restores.list(subject, Prompts.NONE).getFirst();
        assertThat(failed.stamp()).isEqualTo(second.stamp());
        assertThat(failed.mark()).isNotNull();
        assertThat(failed.verified()).isFalse();
        assertThat(failed.mark().summary()).startsWith("failed: the restored volume's tar has the sha256");

        // Another store's key: age refuses it, the mark says so, and no scratch volume is left.
        TestBackups.Key other = TestBackups.key(folder);
        BackupService.VolumeRestore wrongKey = restores.verify(subject, run.stamp(), other.identity(), Prompts.NONE, log::add);
        assertThat(wrongKey.passed()).isFalse();
        assertThat(wrongKey.problem()).contains("age could not decrypt");
        assertThat(exists(scratch)).isFalse();
        assertThat(restores.list(subject, Prompts.NONE)).filteredOn(e -> e.stamp().equals(run.stamp())).singleElement()
                .satisfies(e -> assertThat(e.verified()).isFalse());
        assertThat(log).anySatisfy(line -> assertThat(line).contains("Restoring it into the new volume " + scratch));
        assertThat(noHelperContainers()).isTrue();

        // No container of the service on the node to give the image: the check cannot run, which is not the backup's
        // fault, so it throws and leaves the mark as it was.
        var markBefore = restores.list(subject, Prompts.NONE).stream().filter(e -> e.stamp().equals(run.stamp())).findFirst().orElseThrow().mark();
        Processes.run("sh", "-c", "docker rm -f $(docker ps -a -q --filter volume=\"$1\")", "sh", volume);
        assertThatThrownBy(() -> restores.verify(subject, run.stamp(), identity, Prompts.NONE, line -> { }))
                .isInstanceOf(dev.homeport.ssh.backup.BackupException.class).hasMessageContaining("could not run on the node")
                .hasMessageContaining("no container on the node uses the volume " + volume);
        assertThat(restores.list(subject, Prompts.NONE).stream().filter(e -> e.stamp().equals(run.stamp())).findFirst().orElseThrow().mark())
                .isEqualTo(markBefore);
        assertThat(exists(scratch)).isFalse();

        // A stamp that is not one is bad input, named.
        assertThatThrownBy(() -> restores.verify(subject, "yesterday", identity, Prompts.NONE, line -> { }))
                .isInstanceOf(dev.homeport.model.ValidationException.class).hasMessageContaining("'yesterday' is not a backup's stamp");
    }

    @Test
    void theOldVolumeARestoreKeptIsListedRefusedWhileRunningContainersUseItThenDropped() throws Exception {
        open();
        BackupRun run = backups.now(subject, false, Prompts.NONE);
        assertThat(run.succeeded()).as(run.manifest().error()).isTrue();
        assertThat(restores.oldVolumes(service.id(), Prompts.NONE)).isEmpty();
        BackupService.VolumeRestore restore = backups.restoreVolume(subject, run.stamp(), identity, Prompts.NONE, line -> { });
        assertThat(restore.passed()).as(restore.problem()).isTrue();
        volumes.add(restore.restored());
        backups.swapVolume(service.id(), volume, restore.restored(), Prompts.NONE);
        fixture.deployLive(service.id());
        assertThat(restores.oldVolumes(service.id(), Prompts.NONE)).containsExactly(volume);

        // The volume the service mounts now is not an old one; nor is a name the node does not have.
        assertThatThrownBy(() -> restores.dropOldVolume(service.id(), restore.restored(), Prompts.NONE))
                .isInstanceOf(RestoreException.class).hasMessageContaining("is not an old volume").hasMessageContaining("its old volumes are " + volume);

        // A running container that uses it: refused, named, and the volume stays.
        String user = "homeport-test-vv-user-" + fixture.unique;
        containers.add(user);
        Processes.run("docker", "run", "-d", "--name", user, "-v", volume + ":/x", apps.image("v1"));
        assertThatThrownBy(() -> restores.dropOldVolume(service.id(), volume, Prompts.NONE))
                .isInstanceOf(RestoreException.class).hasMessageContaining("used by the running container " + user)
                .hasMessageContaining("Nothing was removed");
        assertThat(exists(volume)).isTrue();
        Processes.run("docker", "rm", "-f", user);

        restores.dropOldVolume(service.id(), volume, Prompts.NONE);
        assertThat(exists(volume)).isFalse();
        assertThat(restores.oldVolumes(service.id(), Prompts.NONE)).isEmpty();
        // The service runs on, on the restored volume.
        assertThat(exec(container(), "cat /data/a.txt /data/sub/b.txt")).isEqualTo("one\ntwo");
    }

    private boolean exists(String name) {
        return Processes.call(List.of("docker", "volume", "inspect", name), null).exit() == 0;
    }

    private boolean noHelperContainers() {
        return Processes.run("docker", "ps", "-a", "-q", "--filter", "name=homeport-volume-").isBlank();
    }

    private String container() {
        Deployment live = fixture.history.live(service.id()).orElseThrow();
        return fixture.container(service.id(), live.id()).orElseThrow().getId();
    }

    private String exec(String container, String script) {
        ContainerExec.Result result = ContainerExec.run(fixture.clients.docker(fixture.connection()).client(), container,
                List.of("sh", "-c", script), null, Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().strip();
    }
}
