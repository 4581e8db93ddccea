package dev.homeport.ssh.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.S3Target;
import dev.homeport.model.vault.Sealed;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigS3;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup in the node's backup layout on the rig's host node, copied to a real S3 server (S3Proxy, {@link RigS3}) by
 * the node's rclone: the objects are the node's bytes, a second copy uploads nothing, a restore check's mark goes up
 * beside its backup, the bucket's folder reads back as a copy folder and a prune deletes a backup with its manifest and
 * mark, a wrong secret, a missing bucket
 * and an endpoint nobody answers are each said plainly, and the secret is on no command line of this machine (which is
 * the node) while rclone runs, nor in any file of the test's or the node's backup folder.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class S3CopyTest {
    @TempDir
    Path folder;

    @Test
    void copiesABackupVerifiesItAndUploadsNothingTheSecondTime(Rig rig) throws Exception {
        String volume = "s3test-" + UUID.randomUUID().toString().substring(0, 8);
        String stamp = BackupPaths.stamp(Instant.parse("2026-12-06T03:30:00Z"));
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        try (RigS3 s3 = new RigS3(); NodeConnections connections = new NodeConnections(RigTargets.settings(rig, folder))) {
            NodeConnection node = connections.to(RigTargets.rig(rig), Prompts.NONE);
            try {
                writeBackup(node, volume, stamp, data);
                S3Target target = target(s3.endpoint(), s3.bucket, "homeport/tests", s3.accessKey);
                S3Copy copy = new S3Copy(node, "rig", target, Secret.of(s3.secretKey));
                assertThat(copy.test()).isGreaterThanOrEqualTo(0);
                assertThat(copy.list(volume)).isEmpty();

                Map<String, Boolean> seen = new ConcurrentHashMap<>();
                S3Copy.Copied first = sampling(seen, s3.secretKey, () -> copy.copy(volume, stamp));
                String file = stamp + ".tar.gz.age";
                assertThat(first.uploaded()).containsExactly(file, stamp + ".json");
                assertThat(first.alreadyThere()).isEmpty();
                assertThat(first.folder()).isEqualTo(s3.bucket + "/homeport/tests/rig/" + volume);
                String key = "homeport/tests/rig/" + volume + "/";
                assertThat(Files.readAllBytes(s3.object(key + file))).isEqualTo(data);
                assertThat(BackupManifest.parse(Files.readString(s3.object(key + stamp + ".json"))).sha256()).isEqualTo(sha256(data));
                assertThat(copy.list(volume)).extracting(S3Copy.S3Object::name).containsExactlyInAnyOrder(file, stamp + ".json");
                assertThat(copy.list(volume)).filteredOn(o -> o.name().equals(file)).singleElement()
                        .satisfies(o -> assertThat(o.md5()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data))));
                assertThat(seen).as("command lines seen during the copy").hasSizeGreaterThan(10).doesNotContainValue(true);

                long modified = Files.getLastModifiedTime(s3.object(key + file)).toMillis();
                S3Copy.Copied second = copy.copy(volume, stamp);
                assertThat(second.uploaded()).isEmpty();
                assertThat(second.alreadyThere()).containsExactly(file, stamp + ".json");
                assertThat(second.summary()).contains("nothing uploaded");
                assertThat(Files.getLastModifiedTime(s3.object(key + file)).toMillis()).isEqualTo(modified);

                // A restore check's mark on the node goes up beside its backup; the bucket's folder reads back as a copy folder
                // (its manifest and mark), and a prune deletes the backup with its manifest and mark, all with the secret on
                // no command line.
                VerifiedMark mark = new VerifiedMark(1, Instant.parse("2026-12-06T04:00:00Z"), "ok", "restored", 1);
                node.exec(Command.script("cat > \"$1\"", BackupPaths.folder(volume) + "/" + VerifiedMark.fileName(stamp)),
                        Duration.ofMinutes(1), (mark.toJson() + "\n").getBytes(StandardCharsets.UTF_8)).orThrow("write the mark");
                assertThat(copy.copy(volume, stamp).uploaded()).containsExactly(VerifiedMark.fileName(stamp));
                CopyFolder held = sampling(seen, s3.secretKey, () -> copy.held(volume));
                assertThat(held.copies()).containsExactly(new CopyRetention.Copy(stamp, true));
                assertThat(held.manifests().get(stamp).sha256()).isEqualTo(sha256(data));
                sampling(seen, s3.secretKey, () -> {
                    copy.remove(volume, List.of(stamp));
                    return null;
                });
                assertThat(copy.list(volume)).isEmpty();
                assertThat(s3.object(key + file)).doesNotExist();
                assertThat(seen).doesNotContainValue(true);
                assertThat(copy.held(volume).copies()).isEmpty();
                assertThat(copy.copy(volume, stamp).uploaded()).containsExactly(file, stamp + ".json", VerifiedMark.fileName(stamp));

                String wrong = "wrong-" + UUID.randomUUID();
                S3Copy refused = new S3Copy(node, "rig", target, Secret.of(wrong));
                assertThatThrownBy(() -> sampling(seen, wrong, () -> refused.copy(volume, stamp)))
                        .isInstanceOfSatisfying(S3Exception.class, e -> {
                            assertThat(e.reason()).isEqualTo(S3Exception.Reason.REFUSED_KEY);
                            assertThat(e.getMessage()).startsWith("S3 refused the access key " + s3.accessKey + " at " + s3.endpoint()
                                    + ": the secret key does not match it").doesNotContain(wrong, s3.secretKey);
                        });
                assertThat(seen).doesNotContainValue(true);
                assertThatThrownBy(() -> new S3Copy(node, "rig", target(s3.endpoint(), s3.bucket, null, "NOSUCHKEY"), Secret.of(s3.secretKey)).test())
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.getMessage())
                                .isEqualTo("S3 refused the access key NOSUCHKEY at " + s3.endpoint() + ": it knows no such access key (could not list the bucket)."));
                assertThatThrownBy(() -> new S3Copy(node, "rig", target(s3.endpoint(), "no-such-bucket", null, s3.accessKey), Secret.of(s3.secretKey))
                        .copy(volume, stamp))
                        .isInstanceOfSatisfying(S3Exception.class, e -> {
                            assertThat(e.reason()).isEqualTo(S3Exception.Reason.NO_BUCKET);
                            assertThat(e.getMessage()).startsWith("There is no bucket 'no-such-bucket' at " + s3.endpoint());
                        });
                int closed;
                try (ServerSocket free = new ServerSocket(0)) {
                    closed = free.getLocalPort();
                }
                assertThatThrownBy(() -> new S3Copy(node, "rig", target("http://127.0.0.1:" + closed, s3.bucket, null, s3.accessKey),
                        Secret.of(s3.secretKey)).test())
                        .isInstanceOfSatisfying(S3Exception.class, e -> {
                            assertThat(e.reason()).isEqualTo(S3Exception.Reason.UNREACHABLE);
                            assertThat(e.getMessage()).startsWith("Node rig cannot reach the S3 endpoint http://127.0.0.1:" + closed + ": ")
                                    .contains("connection refused");
                        });

                // The secrets are in no file of the test's folder nor of the node's backup folder (S3Proxy's own config holds its secret).
                for (Path root : List.of(folder, Path.of(BackupPaths.folder(volume)))) {
                    try (Stream<Path> files = Files.walk(root)) {
                        for (Path f : files.filter(Files::isRegularFile).toList()) {
                            assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                                    .doesNotContain(s3.secretKey, wrong);
                        }
                    }
                }
            } finally {
                node.exec(Command.of("rm", "-rf", "--", BackupPaths.folder(volume)));
            }
        }
    }

    @Test
    void aBackupThatFailedOrIsMissingIsRefusedBeforeS3IsAsked(Rig rig) throws Exception {
        try (NodeConnections connections = new NodeConnections(RigTargets.settings(rig, folder))) {
            NodeConnection node = connections.to(RigTargets.rig(rig), Prompts.NONE);
            S3Copy copy = new S3Copy(node, "rig", target("http://127.0.0.1:9", "bucket", null, "AK"), Secret.of("s"));
            assertThatThrownBy(() -> copy.copy("no-such-volume", "20261206T033000Z")).isInstanceOf(BackupException.class)
                    .hasMessageStartingWith("Node rig has no backup 20261206T033000Z in " + BackupPaths.ROOT + "/no-such-volume: ");
            assertThatThrownBy(() -> copy.copy("v", "yesterday")).hasMessage("'yesterday' is not a backup's stamp (such as 20261206T033000Z).");
            assertThatThrownBy(() -> copy.copy("../etc", "20261206T033000Z")).hasMessage("'../etc' is not a backup folder's name (a volume's name).");
        }
    }

    private static S3Target target(String endpoint, String bucket, String prefix, String accessKey) {
        return new S3Target(0, 1, "test", endpoint, null, bucket, prefix, accessKey, new Sealed("v1.not-opened-here"));
    }

    /** A volume's backup as the node's script leaves it: the encrypted file (here random bytes) and its manifest. */
    private static void writeBackup(NodeConnection node, String volume, String stamp, byte[] data) throws Exception {
        String dir = BackupPaths.folder(volume);
        node.exec(Command.of("mkdir", "-p", "--", dir)).orThrow("mkdir");
        String file = stamp + "." + BackupPaths.extension("volume-tar-gzip");
        node.exec(Command.script("cat > \"$1\"", dir + "/" + file), Duration.ofMinutes(1), data).orThrow("write the file");
        BackupManifest manifest = new BackupManifest(1, BackupManifest.VOLUME, "ok", null, "manual", BackupPaths.parseStamp(stamp),
                BackupPaths.parseStamp(stamp).plusSeconds(3), file, (long) data.length, sha256(data), "volume-tar-gzip", List.of(),
                1L, "0".repeat(64), false);
        node.exec(Command.script("cat > \"$1\"", dir + "/" + stamp + ".json"), Duration.ofMinutes(1),
                (manifest.toJson() + "\n").getBytes(StandardCharsets.UTF_8)).orThrow("write the manifest");
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** Runs {@code call} while every command line on this machine is read over and over; each is marked when it holds the secret. */
    private static <T> T sampling(Map<String, Boolean> seen, String secret, Supplier<T> call) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                    processes.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                        try {
                            String args = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                            seen.merge(args, args.contains(secret), Boolean::logicalOr);
                        } catch (java.io.IOException gone) {
                            // the process ended
                        }
                    });
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        try {
            return call.get();
        } finally {
            running.set(false);
            sampler.join();
        }
    }
}
