package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.model.Sha256;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.ssh.backup.BackupManifest;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigBackups;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigS3;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.Prompts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disaster recovery from a bucket, on the rig with a real S3 server (S3Proxy): a Redis database's backups are pushed to the
 * S3 target, its node loses them and this machine never had a copy; {@code backup pull DB --from s3:NAME} downloads the
 * newest (or one by its stamp) through the node's rclone into this machine's copies folder, checked by sha256 against its
 * manifest (an object whose bytes changed, or whose manifest names another sha256, is refused and nothing is kept), and {@code backup restore DB --from FILE}
 * restores it into a scratch copy that passes its check.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BackupS3PullCliTest {
    private static final String DB = "acme/shop/prod/kv";
    @TempDir
    Path root;
    private CliRunner cli;
    private Long key;
    private String volume;

    @AfterEach
    void removeWhatTheTestLeft() {
        if (key != null) {
            try (Homeport homeport = Homeport.open(cli.home, null)) {
                var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
                RigBackups.removeFromNode(connection, volume);
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
            }
        }
        if (volume != null) {
            RigBackups.removeVolume(volume);
        }
    }

    @Test
    void aBackupInTheBucketIsDownloadedCheckedAndRestoredFrom(Rig rig) throws Exception {
        cli = CliRunner.withRigEnvironment(root.resolve("home"), rig);
        cli.ok("db", "create", DB, "--engine", "redis", "--image", rig.redisImage());
        Path copies;
        try (Homeport homeport = Homeport.open(cli.home, null)) {
            long id = homeport.inventory().resolve(InventoryPath.parse(DB)).id();
            key = homeport.inventory().serviceNodeKey(id);
            volume = homeport.inventory().databases().find(id).orElseThrow().dataVolume();
            copies = homeport.databaseBackupFolder().resolve(volume);
        }
        assertThat(cli.run("deploy", DB, "--quiet").exitCode()).isZero();
        String first = stamp(cli.run("backup", "now", DB));
        Thread.sleep(1100);
        String second = stamp(cli.run("backup", "now", DB));

        try (RigS3 s3 = new RigS3()) {
            CliRunner.Result added = cli.run(new java.io.ByteArrayInputStream((s3.secretKey + "\n").getBytes(StandardCharsets.UTF_8)),
                    "s3", "add", "acme", "offsite", "--endpoint", s3.endpoint(), "--bucket", s3.bucket, "--access-key", s3.accessKey);
            assertThat(added.exitCode()).as(added.err()).isZero();
            assertThat(cli.ok("backup", "push", DB, "--to", "s3:offsite")).contains("2 backup(s) copied");

            // The node loses its backups; this machine never pulled one.
            try (Homeport homeport = Homeport.open(cli.home, null)) {
                ExecResult lost = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE)
                        .exec(Command.script("rm -f \"$1\"/*", BackupPaths.folder(volume)));
                assertThat(lost.ok()).as(lost.err()).isTrue();
            }
            assertThat(copies).doesNotExist();

            // An object whose bytes changed in the bucket: refused (by rclone's MD5 or by the manifest's sha256), nothing kept,
            // and the node's temporary folder is gone.
            Path object = s3.object("rig/" + volume + "/" + second + ".rdb.gz.age");
            byte[] original = Files.readAllBytes(object);
            byte[] changed = original.clone();
            changed[changed.length / 2] ^= 0x5a;
            Files.write(object, changed);
            CliRunner.Result refused = cli.run("backup", "pull", DB, "--from", "s3:offsite");
            assertThat(refused.exitCode()).as(refused.out()).isNotZero();
            assertThat(refused.err()).containsAnyOf("does not match its manifest", "corrupted on transfer");
            assertThat(listed(copies)).isEmpty();
            assertThat(Processes.run("ls", "-A", BackupPaths.ROOT)).doesNotContain(".transfer.");
            Files.write(object, original);

            // A manifest in the bucket that names another sha256 (written anew, so S3 serves it with its own MD5 and rclone
            // finds nothing wrong): this machine's sha256 check refuses the file and keeps nothing.
            Path manifestObject = s3.object("rig/" + volume + "/" + second + ".json");
            String manifestJson = Files.readString(manifestObject);
            String realSha = BackupManifest.parse(manifestJson).sha256();
            Files.delete(manifestObject);
            Files.writeString(manifestObject, manifestJson.replace(realSha, "f".repeat(64)));
            CliRunner.Result mismatch = cli.run("backup", "pull", DB, "--from", "s3:offsite");
            assertThat(mismatch.exitCode()).isEqualTo(Cli.FAILED);
            assertThat(mismatch.err()).contains("The copy of " + second + ".rdb.gz.age from s3://" + s3.bucket + "/rig/" + volume
                    + " does not match its manifest (sha256 " + realSha + ", expected " + "f".repeat(64) + "); it was not kept.");
            assertThat(listed(copies)).isEmpty();
            assertThat(Processes.run("ls", "-A", BackupPaths.ROOT)).doesNotContain(".transfer.");
            Files.delete(manifestObject);
            Files.writeString(manifestObject, manifestJson);

            // The newest, then an older one by its stamp; a second time, it is here already.
            CliRunner.Result got = cli.run("backup", "pull", DB, "--from", "s3:offsite");
            assertThat(got.exitCode()).as(got.err()).isZero();
            Path file = copies.resolve(second + ".rdb.gz.age");
            assertThat(got.out()).contains("Downloaded backup " + second + " from s3://" + s3.bucket + "/rig/" + volume + " into " + file
                    + ", checked by sha256 against its manifest.").contains("Restore it: homeport backup restore " + DB + " --from " + file);
            BackupManifest manifest = BackupManifest.parse(Files.readString(copies.resolve(second + ".json")));
            assertThat(Sha256.hex(file)).isEqualTo(manifest.sha256());
            assertThat(Files.readAllBytes(file)).isEqualTo(original);
            assertThat(cli.ok("backup", "pull", DB, "--from", "s3:offsite", first)).contains("Downloaded backup " + first);
            assertThat(listed(copies)).containsExactlyInAnyOrder(first + ".json", first + ".rdb.gz.age", second + ".json", second + ".rdb.gz.age");
            assertThat(cli.ok("backup", "pull", DB, "--from", "s3:offsite", first)).contains("Already here, whole");
            assertThat(Processes.run("ls", "-A", BackupPaths.ROOT)).doesNotContain(".transfer.");

            // Bad input, each with its reason.
            CliRunner.Result noSuch = cli.run("backup", "pull", DB, "--from", "s3:offsite", "20200101T000000Z");
            assertThat(noSuch.exitCode()).isEqualTo(Cli.BAD_INPUT);
            assertThat(noSuch.err()).contains("there is no backup 20200101T000000Z").contains("the newest there is " + second);
            CliRunner.Result badFolder = cli.run("backup", "pull", DB, "--from", "s3:offsite", "--s3-folder", "rig");
            assertThat(badFolder.exitCode()).isEqualTo(Cli.BAD_INPUT);
            assertThat(badFolder.err()).contains("NODE/VOLUME");
            CliRunner.Result otherFolder = cli.run("backup", "pull", DB, "--from", "s3:offsite", "--s3-folder", "lost-node/" + volume);
            assertThat(otherFolder.exitCode()).isNotZero();
            assertThat(otherFolder.err()).contains("There is no backup (a file with its manifest) in s3://" + s3.bucket + "/lost-node/" + volume);
            assertThat(cli.run("backup", "pull", DB, "--from", "offsite").err()).contains("takes s3:NAME");
            assertThat(cli.run("backup", "pull", DB, first).err()).contains("go with --from s3:NAME");

            // Restored from the download: the scratch copy passes its check; answered no, it is removed and nothing changed.
            CliRunner.Result restored = cli.answering("n\n", "backup", "restore", DB, "--from", file.toString());
            assertThat(restored.out()).contains("The restored copy is on volume");
            assertThat(restored.exitCode()).isEqualTo(Cli.FAILED);
            assertThat(restored.err()).contains("The restored copy was removed");

            try (var files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(s3.secretKey);
                }
            }
        }
    }

    private static List<String> listed(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static String stamp(CliRunner.Result made) {
        assertThat(made.exitCode()).as(made.out() + made.err()).isZero();
        Matcher stamp = Pattern.compile("\\d{8}T\\d{6}Z").matcher(made.out());
        assertThat(stamp.find()).as(made.out()).isTrue();
        return stamp.group();
    }
}
