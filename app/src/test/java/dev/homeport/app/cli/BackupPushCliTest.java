package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.app.Homeport;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigBackups;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.Prompts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
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
 * {@code homeport backup schedule --copy-to}, {@code backup push} and the copy column of {@code backup list} on the rig: a
 * Redis database's backups made on the rig's node are pushed to a node of the rig's cluster, once; the same node and an
 * unknown node are refused; a copy that does not match its manifest makes push exit 1 and is not listed as there; and
 * {@code backup push --to s3:NAME} uploads each good backup once to a real S3 server (S3Proxy); a schedule copying to that S3
 * target is listed with the bucket's copies and pushed to by default, and the target is not removed while it names it.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BackupPushCliTest {
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
                // The cluster's nodes share this machine's file system: the copies pushed to node-1 go with this line too.
                RigBackups.removeFromNode(connection, volume);
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
            }
        }
        if (volume != null) {
            Processes.call(List.of("docker", "volume", "rm", "-f", volume), null);
        }
    }

    @Test
    void aDatabasesBackupsArePushedToItsCopyTargetOnceAndAFailedCopyExitsOne(Rig rig) throws Exception {
        cli = CliRunner.withRigEnvironment(root.resolve("home"), rig);
        Files.write(cli.home.knownHosts(), Files.readAllBytes(rig.clusterKnownHosts().orElseThrow()), StandardOpenOption.APPEND);
        cli.ok("node", "add", "spare", "--host", rig.clusterHost(1), "--user", rig.sshUser(), "--key", rig.sshKey().toString());
        cli.ok("db", "create", DB, "--engine", "redis", "--image", rig.redisImage());
        try (Homeport homeport = Homeport.open(cli.home, null)) {
            long id = homeport.inventory().resolve(InventoryPath.parse(DB)).id();
            key = homeport.inventory().serviceNodeKey(id);
            volume = homeport.inventory().databases().find(id).orElseThrow().dataVolume();
        }
        assertThat(cli.run("deploy", DB, "--quiet").exitCode()).isZero();

        CliRunner.Result same = cli.run("backup", "schedule", DB, "--every", "daily", "--copy-to", "rig");
        assertThat(same.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(same.err()).contains("'rig' is the node the backups are made on");
        CliRunner.Result unknown = cli.run("backup", "schedule", DB, "--every", "daily", "--copy-to", "nowhere");
        assertThat(unknown.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(unknown.err()).contains("no Worker Node named 'nowhere'");
        CliRunner.Result noTarget = cli.run("backup", "push", DB);
        assertThat(noTarget.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(noTarget.err()).contains("has no copy target");

        assertThat(cli.ok("backup", "schedule", DB, "--every", "daily", "--at", "04:20", "--copy-to", "spare"))
                .contains("on rig; copies go to spare.");
        // Set again without --copy-to or --no-copy, the schedule keeps its copy target.
        assertThat(cli.ok("backup", "schedule", DB, "--every", "daily", "--at", "04:25")).contains("copies go to spare.");
        String first = stamp(cli.run("backup", "now", DB));
        Thread.sleep(1100);
        String second = stamp(cli.run("backup", "now", DB));

        CliRunner.Result before = cli.run("backup", "list", DB);
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(before.out()).contains("copies to spare");
        assertThat(before.out().lines().filter(line -> line.contains(".rdb.gz.age"))).hasSize(2).allMatch(line -> line.endsWith("no copy on spare"));

        CliRunner.Result pushed = cli.run("backup", "push", DB);
        assertThat(pushed.exitCode()).as(pushed.err()).isZero();
        assertThat(pushed.out()).contains("2 backup(s) copied (" + first + ", " + second + ") to spare:" + BackupPaths.copyFolder("rig", volume));
        assertThat(cli.ok("backup", "push", DB)).contains("nothing new").contains("2 there already");
        CliRunner.Result after = cli.run("backup", "list", DB, "--json");
        JsonNode runs = new ObjectMapper().readTree(after.out()).get(0).get("runs");
        assertThat(runs).hasSize(2).allSatisfy(run -> assertThat(run.get("copy").asText()).isEqualTo("copy on spare"));
        assertThat(new ObjectMapper().readTree(after.out()).get(0).get("copyTo").asText()).isEqualTo("spare");

        // A third backup whose manifest on the node names another sum: the copy is removed on arrival, push exits 1, the list says
        // it is not there.
        Thread.sleep(1100);
        String third = stamp(cli.run("backup", "now", DB));
        try (Homeport homeport = Homeport.open(cli.home, null)) {
            var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
            String manifest = BackupPaths.folder(volume) + "/" + third + ".json";
            String json = connection.exec(Command.script("cat \"$1\"", manifest)).out();
            Matcher sha = Pattern.compile("\"sha256\"\\s*:\\s*\"([0-9a-f]{64})\"").matcher(json);
            assertThat(sha.find()).as(json).isTrue();
            assertThat(connection.exec(Command.script("cat > \"$1\"", manifest), Duration.ofSeconds(30),
                    json.replace(sha.group(1), "f".repeat(64)).getBytes(StandardCharsets.UTF_8)).ok()).isTrue();
        }
        CliRunner.Result failed = cli.run("backup", "push", DB, third);
        assertThat(failed.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(failed.err()).contains("not copied: " + third).contains("not the manifest's " + "f".repeat(64)).contains("removed");
        assertThat(cli.run("backup", "list", DB).out().lines().filter(line -> line.contains(third))).singleElement().asString()
                .endsWith("no copy on spare");
        CliRunner.Result badStamp = cli.run("backup", "push", DB, "yesterday", "--to", "spare");
        assertThat(badStamp.exitCode()).isEqualTo(Cli.BAD_INPUT);

        assertThat(cli.ok("backup", "schedule", DB, "--every", "daily", "--no-copy")).doesNotContain("copies go to");
        assertThat(cli.ok("backup", "list", DB)).doesNotContain("copy on spare");
        // To S3 (a real S3 server, S3Proxy, on this machine): the node's rclone uploads each good backup once.
        try (dev.homeport.ssh.rig.RigS3 s3 = new dev.homeport.ssh.rig.RigS3()) {
            CliRunner.Result added = cli.run(new java.io.ByteArrayInputStream((s3.secretKey + "\n").getBytes(StandardCharsets.UTF_8)),
                    "s3", "add", "acme", "offsite", "--endpoint", s3.endpoint(), "--bucket", s3.bucket, "--access-key", s3.accessKey);
            assertThat(added.exitCode()).as(added.err()).isZero();
            CliRunner.Result unknownTarget = cli.run("backup", "push", DB, "--to", "s3:elsewhere");
            assertThat(unknownTarget.exitCode()).isNotZero();
            assertThat(unknownTarget.err()).contains("no S3 target named 'elsewhere'");
            CliRunner.Result toS3 = cli.run("backup", "push", DB, "--to", "s3:offsite");
            assertThat(toS3.exitCode()).as(toS3.err()).isZero();
            assertThat(toS3.out()).contains("3 backup(s) copied (" + first + ", " + second + ", " + third + ") to s3://" + s3.bucket + "/rig/" + volume);
            assertThat(Files.exists(s3.object("rig/" + volume + "/" + first + ".json"))).isTrue();
            assertThat(cli.ok("backup", "push", DB, second, "--to", "s3:offsite")).contains("nothing new").contains("1 there already");

            // A schedule copying to the S3 target: set, listed with the copies the bucket holds, pushed by default.
            CliRunner.Result noSuchTarget = cli.run("backup", "schedule", DB, "--every", "daily", "--copy-to", "s3:elsewhere");
            assertThat(noSuchTarget.exitCode()).isEqualTo(Cli.BAD_INPUT);
            assertThat(noSuchTarget.err()).contains("the organisation 'acme' has no S3 target named 'elsewhere'");
            assertThat(cli.ok("backup", "schedule", DB, "--every", "daily", "--at", "04:20", "--copy-to", "s3:offsite"))
                    .contains("on rig; copies go to s3:offsite.");
            assertThat(cli.ok("backup", "schedule", DB, "--every", "daily", "--at", "04:25")).contains("copies go to s3:offsite.");
            CliRunner.Result listed = cli.run("backup", "list", DB);
            assertThat(listed.out()).contains("; copies to s3:offsite");
            assertThat(listed.out().lines().filter(line -> line.contains(".rdb.gz.age"))).hasSize(3)
                    .allMatch(line -> line.endsWith("copy on s3:offsite"));
            assertThat(cli.ok("backup", "push", DB)).contains("nothing new to s3://" + s3.bucket + "/rig/" + volume).contains("3 there already");

            // The bucket's copies follow the schedule's retention: kept for one command with --keep-copies, for good with the
            // schedule's --keep-copies (set again without either, it stays), pruned to the newest two after --prune-copies.
            String objects = "rig/" + volume + "/";
            assertThat(cli.ok("backup", "schedule", DB, "--every", "daily", "--at", "04:25", "--keep", "2")).contains("copies go to s3:offsite.")
                    .doesNotContain("copies kept forever");
            assertThat(cli.ok("backup", "push", DB, "--keep-copies")).contains("nothing new").contains("; old copies kept (--keep-copies).");
            assertThat(Files.exists(s3.object(objects + first + ".json"))).isTrue();
            assertThat(cli.ok("backup", "schedule", DB, "--every", "daily", "--at", "04:25", "--keep", "2", "--keep-copies"))
                    .contains("keep 2 for up to 30 days, copies kept forever, on rig; copies go to s3:offsite.");
            assertThat(cli.ok("backup", "schedule", DB, "--every", "daily", "--at", "04:25", "--keep", "2")).contains("copies kept forever");
            assertThat(cli.ok("backup", "list", DB)).contains("copies kept forever");
            assertThat(cli.ok("backup", "push", DB)).contains("; old copies kept (the schedule keeps its copies forever");
            assertThat(Files.exists(s3.object(objects + first + ".json"))).isTrue();
            CliRunner.Result both = cli.run("backup", "schedule", DB, "--every", "daily", "--keep-copies", "--prune-copies");
            assertThat(both.exitCode()).isEqualTo(Cli.BAD_INPUT);
            assertThat(both.err()).contains("cannot go with --keep-copies");
            assertThat(cli.ok("backup", "schedule", DB, "--every", "daily", "--at", "04:25", "--keep", "2", "--prune-copies"))
                    .doesNotContain("copies kept forever");
            assertThat(cli.ok("backup", "push", DB)).contains("nothing new").contains("2 there already")
                    .contains("; 1 old copy pruned (copies kept: the newest 2, 30 days back from the newest).");
            assertThat(s3.object(objects + first + ".json")).doesNotExist();
            assertThat(s3.object(objects + first + ".rdb.gz.age")).doesNotExist();
            assertThat(s3.object(objects + second + ".json")).exists();
            assertThat(s3.object(objects + third + ".rdb.gz.age")).exists();
            CliRunner.Result refused = cli.run("s3", "remove", "acme", "offsite");
            assertThat(refused.exitCode()).isEqualTo(Cli.BAD_INPUT);
            assertThat(refused.err()).contains("the backups of " + DB + " are copied to the S3 target 'offsite'");
            assertThat(cli.ok("backup", "schedule", DB, "--every", "daily", "--no-copy")).doesNotContain("copies go to");
            assertThat(cli.ok("s3", "remove", "acme", "offsite")).contains("Removed the S3 target offsite");
            try (var files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(s3.secretKey);
                }
            }
        }
    }

    private static String stamp(CliRunner.Result made) {
        assertThat(made.exitCode()).as(made.out() + made.err()).isZero();
        Matcher stamp = Pattern.compile("\\d{8}T\\d{6}Z").matcher(made.out());
        assertThat(stamp.find()).as(made.out()).isTrue();
        return stamp.group();
    }
}
