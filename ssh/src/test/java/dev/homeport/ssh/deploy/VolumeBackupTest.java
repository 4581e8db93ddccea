package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import dev.homeport.model.BackupSchedule;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.Deployment;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.ValidationException;
import dev.homeport.model.Volume;
import dev.homeport.model.inventory.Backups;
import dev.homeport.ssh.backup.BackupHealth;
import dev.homeport.ssh.backup.BackupManifest;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.backup.RestoreException;
import dev.homeport.ssh.backup.TestBackups;
import dev.homeport.ssh.docker.ContainerExec;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.RigBackups;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.Prompts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of a service's named volume on the rig's node, by the node's own script: a tar of the volume that
 * decrypts (with Homeport's identity) to exactly the files the volume held, with their count and the tar's
 * sha256 in the manifest; with --stop the service's container is stopped for the tar and running again after,
 * also when the tar fails; the schedule's cron line carries --stop; and a restore into a new volume gives the
 * same files back to the redeployed service, while the old volume stays.
 */
class VolumeBackupTest extends RigDeployTest {
    private static final Map<String, String> FILES = new LinkedHashMap<>();

    static {
        FILES.put("a.txt", "hello\n");
        FILES.put("sub/b file.txt", "with a space in its name\n");
        FILES.put("sub/deep/c.bin", "x".repeat(100_000));
    }

    private final List<String> volumes = new ArrayList<>();
    private Service service;
    private String volume;
    private BackupService backups;
    private BackupSubject subject;

    private void open() throws InterruptedException {
        volume = "homeport-test-vb-" + fixture.unique;
        volumes.add(volume);
        service = fixture.service(new Service(0, 0, "files", new ServiceSource.Image(apps.image("v1")), TestApps.PORT, "/health", null, null,
                DeployOptions.defaults().withVolumes(List.of(new Volume(volume, "/data", false)))));
        backups = new BackupService(fixture.inventory, new Backups(fixture.store, fixture.vault), fixture.deploys, fixture.nodeService,
                Clock.systemUTC());
        subject = BackupSubject.volume(service.id(), volume);
        fixture.deployLive(service.id());
        StringBuilder write = new StringBuilder("set -e\n");
        for (var file : FILES.entrySet()) {
            write.append("mkdir -p \"$(dirname '/data/").append(file.getKey()).append("')\"\n");
            write.append(file.getKey().endsWith(".bin") ? "head -c 100000 /dev/zero | tr '\\0' x" : "printf '%s' '" + file.getValue() + "'")
                    .append(" > '/data/").append(file.getKey()).append("'\n");
        }
        write.append("ln -s a.txt /data/link\n");
        exec(container(), write.toString());
    }

    @AfterEach
    void removeTheBackupsAndTheVolumes() {
        if (volume == null) {
            return;
        }
        try {
            for (String v : volumes) {
                RigBackups.removeFromNode(fixture.connection(), v);
            }
        } finally {
            fixture.close();
            for (String v : volumes) {
                Processes.removeVolume(v);
            }
        }
    }

    @Test
    void aVolumesTarDecryptsToItsFilesAndStopStopsTheServiceForItAndStartsItAgain(@TempDir Path local) throws Exception {
        open();
        String before = startedAt(container());

        BackupRun live = backups.now(subject, false, Prompts.NONE);
        BackupManifest m = live.manifest();
        assertThat(m.status()).as(m.error()).isEqualTo("ok");
        assertThat(m.engine()).isEqualTo("volume");
        assertThat(m.format()).isEqualTo("volume-tar-gzip");
        assertThat(m.file()).isEqualTo(live.stamp() + ".tar.gz.age");
        assertThat(m.files()).isEqualTo(3L);
        assertThat(m.stopped()).isFalse();
        assertThat(m.tarSha256()).matches("[0-9a-f]{64}");
        assertThat(startedAt(container())).isEqualTo(before);

        // The copy off the node decrypts to a tar of exactly the volume's files, whose sha256 the manifest recorded.
        List<Path> pulled = backups.pull(subject, local, Prompts.NONE);
        assertThat(pulled).singleElement().satisfies(p -> assertThat(p.getParent().getFileName().toString()).isEqualTo(volume));
        byte[] encrypted = Files.readAllBytes(pulled.getFirst());
        assertThat(new String(encrypted, 0, 21, StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1");
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (InputStream in = new ByteArrayInputStream(encrypted)) {
            backups.key().decrypt(in, plain);
        }
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(plain.toByteArray())).readAllBytes();
        // tarSha256 is of the stream with the first header's (the volume folder's) mtime and checksum as spaces.
        byte[] blanked = tar.clone();
        java.util.Arrays.fill(blanked, 136, 156, (byte) ' ');
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blanked))).isEqualTo(m.tarSha256());
        Map<String, String> inTar = new LinkedHashMap<>();
        List<String> links = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = entry.getName().replaceFirst("^\\./", "");
                if (entry.isSymbolicLink()) {
                    links.add(name + " -> " + entry.getLinkName());
                } else if (entry.isFile()) {
                    inTar.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(inTar).isEqualTo(FILES);
        assertThat(links).containsExactly("link -> a.txt");

        // --stop: the container is stopped for the tar and started again (a new start time), and the manifest says so.
        Thread.sleep(1100); // a new stamp: the node's stamps are to the second
        BackupRun stopped = backups.now(subject, true, Prompts.NONE);
        assertThat(stopped.manifest().status()).as(stopped.manifest().error()).isEqualTo("ok");
        assertThat(stopped.manifest().stopped()).isTrue();
        assertThat(stopped.manifest().files()).isEqualTo(3L);
        assertThat(stopped.manifest().tarSha256()).isEqualTo(m.tarSha256());
        assertThat(running(container())).isTrue();
        assertThat(startedAt(container())).isNotEqualTo(before);
        assertThat(noHelperContainers()).isTrue();

        // A tar that fails under --stop (age refuses the recipient) still starts the service again, and the failure is recorded.
        Thread.sleep(1100);
        String afterStop = startedAt(container());
        var failed = fixture.connection().exec(Command.script("""
                d="$HOME/.local/lib/homeport/backup"
                cp "$d/backup-recipient.$1" "$d/.saved-recipient"
                echo not-a-recipient > "$d/backup-recipient.$1"
                "$d/backup-db" --trigger manual --stop volume "$1" 7 30
                rc=$?
                mv -f "$d/.saved-recipient" "$d/backup-recipient.$1"
                exit $rc
                """, volume), Duration.ofMinutes(5), null);
        assertThat(failed.exitStatus()).isEqualTo(1);
        BackupManifest failure = BackupManifest.parse(failed.out().strip());
        assertThat(failure.status()).isEqualTo("failed");
        assertThat(failure.error()).contains("age failed");
        assertThat(failure.stopped()).isTrue();
        assertThat(failure.file()).isNull();
        assertThat(running(container())).isTrue();
        assertThat(startedAt(container())).isNotEqualTo(afterStop);
        assertThat(noHelperContainers()).isTrue();
        BackupService.Report report = backups.report(subject, Prompts.NONE);
        assertThat(report.runs()).hasSize(3);
        assertThat(report.health().state()).isEqualTo(BackupHealth.State.FAILED);

        // The schedule: a cron line with --stop for the volume, the store's row, and both gone with --off.
        BackupService.Scheduled scheduled = backups.schedule(BackupSchedule.parse(service.id(), "daily", "04:10", 3, 9, null, Instant.now())
                .forVolume(volume, true), Prompts.NONE);
        assertThat(scheduled.cronRunning()).isTrue();
        assertThat(backups.cronLine(subject, Prompts.NONE)).hasValueSatisfying(line -> assertThat(line)
                .startsWith("10 4 * * * ").contains("/backup-db --stop volume " + volume + " 3 9 ").endsWith("# homeport-backup " + volume));
        assertThat(backups.scheduledSubjects()).containsExactly(subject);
        assertThat(backups.schedule(subject)).hasValueSatisfying(s -> assertThat(s.stopService()).isTrue());
        assertThat(backups.unschedule(subject, Prompts.NONE)).isTrue();
        assertThat(backups.cronLine(subject, Prompts.NONE)).isEmpty();
        assertThat(backups.scheduledSubjects()).isEmpty();
        // The node's files are written only when they differ from Homeport's: a script changed behind its back is put right
        // before the next backup, and one left alone is not written again (its modification time stays).
        String recipientTime = fixture.connection().exec(Command.script("stat -c %Y \"$HOME/.local/lib/homeport/backup/backup-recipient.$1\"",
                volume)).out().strip();
        assertThat(fixture.connection().exec(Command.script("printf '#!/bin/sh\\nexit 9\\n' > \"$HOME/.local/lib/homeport/backup/backup-db\"")).ok())
                .isTrue();
        Thread.sleep(1100);
        BackupRun again = backups.now(subject, false, Prompts.NONE);
        assertThat(again.manifest().status()).as(again.manifest().error()).isEqualTo("ok");
        assertThat(fixture.connection().exec(Command.script("stat -c %Y \"$HOME/.local/lib/homeport/backup/backup-recipient.$1\"",
                volume)).out().strip()).isEqualTo(recipientTime);
    }

    @Test
    void aRestoreGivesTheSameFilesBackInANewVolumeAndKeepsTheOldOne() throws Exception {
        open();
        BackupRun run = backups.now(subject, true, Prompts.NONE);
        assertThat(run.succeeded()).as(run.manifest().error()).isTrue();
        exec(container(), "rm /data/a.txt && echo later > /data/new.txt");

        // Bad input is named; a wrong key is refused by age and leaves no volume behind.
        assertThatThrownBy(() -> backups.now(BackupSubject.volume(service.id(), "nope"), false, Prompts.NONE))
                .isInstanceOf(ValidationException.class).hasMessageContaining("mounts no named volume nope").hasMessageContaining(volume);
        TestBackups.Key other = TestBackups.key(folder);
        BackupService.VolumeRestore wrongKey = backups.restoreVolume(subject, run.stamp(), other.identity(), Prompts.NONE, line -> { });
        assertThat(wrongKey.passed()).isFalse();
        assertThat(wrongKey.problem()).contains("age could not decrypt");
        String restoredName = volume + "-restore-" + run.stamp().toLowerCase(java.util.Locale.ROOT);
        volumes.add(restoredName);
        assertThat(Processes.call(List.of("docker", "volume", "inspect", restoredName), null).exit()).isNotZero();

        byte[] identity = (backups.key().identity() + "\n").getBytes(StandardCharsets.UTF_8);
        List<String> log = new ArrayList<>();
        BackupService.VolumeRestore restore = backups.restoreVolume(subject, run.stamp(), identity, Prompts.NONE, log::add);
        assertThat(restore.passed()).as(restore.problem()).isTrue();
        assertThat(restore.restored()).isEqualTo(restoredName);
        assertThat(restore.files()).isEqualTo(3L);
        assertThat(restore.tarSha256()).isEqualTo(run.manifest().tarSha256());
        assertThat(log).anySatisfy(line -> assertThat(line).contains("taken with the service stopped"));
        assertThat(noHelperContainers()).isTrue();

        backups.swapVolume(service.id(), volume, restore.restored(), Prompts.NONE);
        assertThat(fixture.inventory.service(service.id()).options().volumes()).containsExactly(new Volume(restoredName, "/data", false));
        fixture.deployLive(service.id());
        String files = exec(container(), "cd /data && find . -type f | sort && cat a.txt && readlink link && wc -c < 'sub/deep/c.bin'");
        assertThat(files.lines().toList()).containsExactly("./a.txt", "./sub/b file.txt", "./sub/deep/c.bin", "hello", "a.txt", "100000");
        // The old volume is kept, with what it held at the swap.
        assertThat(Processes.run("docker", "volume", "inspect", "-f", "{{.Name}}", volume).strip()).isEqualTo(volume);
    }

    @Test
    void aCopyOnThisMachineRestoresAfterTheNodesBackupsAreGone(@TempDir Path local) throws Exception {
        open();
        BackupRun run = backups.now(subject, false, Prompts.NONE);
        assertThat(run.succeeded()).as(run.manifest().error()).isTrue();
        Path copy = backups.pull(subject, local, Prompts.NONE).getFirst();
        Path manifest = copy.resolveSibling(run.stamp() + ".json");
        // The node loses its backups, and the volume changes.
        assertThat(fixture.connection().exec(Command.script("rm -rf \"$1\"", BackupPaths.folder(volume))).ok()).isTrue();
        exec(container(), "rm /data/a.txt && echo later > /data/new.txt");
        byte[] identity = (backups.key().identity() + "\n").getBytes(StandardCharsets.UTF_8);
        String restoredName = volume + "-restore-" + run.stamp().toLowerCase(java.util.Locale.ROOT);
        volumes.add(restoredName);

        // A manifest of another backup, and a damaged copy, are refused; nothing is left on the node.
        Path otherManifest = local.resolve("other.json");
        Files.writeString(otherManifest, Files.readString(manifest).replace(copy.getFileName().toString(), "20000101T000000Z.tar.gz.age"));
        assertThatThrownBy(() -> backups.restoreVolumeCopy(subject, copy, otherManifest, identity, Prompts.NONE, line -> { }))
                .isInstanceOf(RestoreException.class).hasMessageContaining("is of 20000101T000000Z.tar.gz.age");
        Path damaged = local.resolve("damaged").resolve(copy.getFileName().toString());
        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length - 1] ^= 1;
        Files.write(Files.createDirectories(damaged.getParent()).resolve(damaged.getFileName()), bytes);
        BackupService.VolumeRestore bad = backups.restoreVolumeCopy(subject, damaged, manifest, identity, Prompts.NONE, line -> { });
        assertThat(bad.passed()).isFalse();
        assertThat(bad.problem()).contains("SHA-256");
        assertThat(Processes.call(List.of("docker", "volume", "inspect", restoredName), null).exit()).isNotZero();
        assertThat(copiesLeftOnTheNode()).isEmpty();

        List<String> log = new ArrayList<>();
        BackupService.VolumeRestore restore = backups.restoreVolumeCopy(subject, copy, manifest, identity, Prompts.NONE, log::add);
        assertThat(restore.passed()).as(restore.problem()).isTrue();
        assertThat(restore.restored()).isEqualTo(restoredName);
        assertThat(restore.files()).isEqualTo(3L);
        assertThat(log).anySatisfy(line -> assertThat(line).startsWith("Sending " + copy.getFileName()));
        assertThat(copiesLeftOnTheNode()).isEmpty();
        backups.swapVolume(service.id(), volume, restore.restored(), Prompts.NONE);
        fixture.deployLive(service.id());
        String files = exec(container(), "cd /data && find . -type f | sort && cat a.txt");
        assertThat(files.lines().toList()).containsExactly("./a.txt", "./sub/b file.txt", "./sub/deep/c.bin", "hello");
    }

    /** The temporary folders copies were sent to, left in the node's backups folder. */
    private String copiesLeftOnTheNode() {
        return fixture.connection().exec(Command.script("find \"$1\" -maxdepth 1 -name '.transfer.*' -user \"$(id -u)\"", BackupPaths.ROOT))
                .out().strip();
    }

    private boolean noHelperContainers() {
        return Processes.run("docker", "ps", "-a", "-q", "--filter", "name=homeport-volume-").isBlank();
    }

    private String container() {
        Deployment live = fixture.history.live(service.id()).orElseThrow();
        return fixture.container(service.id(), live.id()).orElseThrow().getId();
    }

    private String startedAt(String container) {
        return docker().inspectContainerCmd(container).exec().getState().getStartedAt();
    }

    private boolean running(String container) {
        return Boolean.TRUE.equals(docker().inspectContainerCmd(container).exec().getState().getRunning());
    }

    private String exec(String container, String script) {
        ContainerExec.Result result = ContainerExec.run(docker(), container, List.of("sh", "-c", script), null, Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().strip();
    }

    private DockerClient docker() {
        return fixture.clients.docker(fixture.connection()).client();
    }
}
