package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigS3;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code homeport s3 add/list/test/remove} against a real S3 server (S3Proxy, {@link RigS3}), checked from the rig's
 * node: bad input is refused before the secret is asked for, the list never shows the secret, a good target works, a
 * wrong secret is refused as such, and the secret is in no file of the store.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class S3CliTest {
    @TempDir
    Path root;

    @Test
    void addListTestAndRemoveATarget(Rig rig) throws Exception {
        CliRunner cli = CliRunner.withRigEnvironment(root.resolve("home"), rig);
        try (RigS3 s3 = new RigS3()) {
            CliRunner.Result added = add(cli, s3.secretKey, "offsite", s3.endpoint(), s3.bucket, s3.accessKey, "--prefix", "/backups/");
            assertThat(added.exitCode()).as(added.err()).isZero();
            assertThat(added.out()).isEqualTo("Kept the S3 target offsite (s3://" + s3.bucket + "/backups at " + s3.endpoint()
                    + ") in organisation 'acme'.\n");

            CliRunner.Result duplicate = add(cli, s3.secretKey, "offsite", s3.endpoint(), s3.bucket, s3.accessKey);
            assertThat(duplicate.exitCode()).isNotZero();
            assertThat(duplicate.err()).contains("already has an S3 target named 'offsite'");
            CliRunner.Result badUrl = add(cli, "x", "other", "s3.example.com", s3.bucket, s3.accessKey);
            assertThat(badUrl.exitCode()).isNotZero();
            assertThat(badUrl.err()).contains("endpoint: must be an http:// or https:// URL");
            CliRunner.Result blankBucket = add(cli, "x", "other", s3.endpoint(), " ", s3.accessKey);
            assertThat(blankBucket.exitCode()).isNotZero();
            assertThat(blankBucket.err()).contains("bucket: is required");
            CliRunner.Result badBucket = add(cli, "x", "other", s3.endpoint(), "Not_A_Bucket", s3.accessKey);
            assertThat(badBucket.err()).contains("bucket: must be an S3 bucket name");

            String list = cli.ok("s3", "list", "acme");
            assertThat(list).contains("offsite", s3.endpoint(), s3.bucket, "backups", s3.accessKey).doesNotContain(s3.secretKey);
            assertThat(list.lines().count()).isEqualTo(1);
            String json = cli.ok("s3", "list", "acme", "--json");
            assertThat(json).contains("\"name\"", "\"offsite\"", "\"bucket\"").doesNotContain(s3.secretKey);

            CliRunner.Result works = cli.run("s3", "test", "acme", "offsite", "--node", "rig");
            assertThat(works.exitCode()).as(works.err()).isZero();
            assertThat(works.out()).startsWith("S3 target offsite works: node rig listed s3://" + s3.bucket + "/backups at " + s3.endpoint());

            assertThat(add(cli, "wrong-secret", "wrong", s3.endpoint(), s3.bucket, s3.accessKey).exitCode()).isZero();
            CliRunner.Result refused = cli.run("s3", "test", "acme", "wrong", "--node", "rig");
            assertThat(refused.exitCode()).isEqualTo(Cli.FAILED);
            assertThat(refused.err()).isEqualTo("homeport: S3 refused the access key " + s3.accessKey + " at " + s3.endpoint()
                    + ": the secret key does not match it (could not list the bucket).\n");

            assertThat(cli.ok("s3", "remove", "acme", "wrong")).isEqualTo("Removed the S3 target wrong from organisation 'acme'.\n");
            CliRunner.Result gone = cli.run("s3", "remove", "acme", "wrong");
            assertThat(gone.exitCode()).isEqualTo(Cli.FAILED);
            assertThat(gone.err()).isEqualTo("homeport: Organisation 'acme' has no S3 target named 'wrong'.\n");
            assertThat(cli.ok("s3", "list", "acme").lines().count()).isEqualTo(1);

            try (var files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(s3.secretKey);
                }
            }
        }
    }

    private static CliRunner.Result add(CliRunner cli, String secret, String name, String endpoint, String bucket, String accessKey, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("s3", "add", "acme", name, "--endpoint", endpoint,
                "--bucket", bucket, "--access-key", accessKey));
        args.addAll(java.util.List.of(more));
        return cli.run(new ByteArrayInputStream((secret + "\n").getBytes(StandardCharsets.UTF_8)), args.toArray(String[]::new));
    }
}
