package dev.homeport.ssh.backup;

import com.github.dockerjava.api.DockerClient;
import dev.homeport.ssh.docker.ContainerExec;
import dev.homeport.ssh.rig.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Backups made in tests as the node's backup script makes them, until that script is merged: the
 * engine's own dump tool in the live container, {@code age -r} to a test identity ({@code age-keygen}),
 * and a manifest with {@link TableChecksums}' lines, in the node's folder. The rig's node is this host,
 * so its folder is written here (as root, like the script) and removed by {@link #removeFolder}.
 */
public final class TestBackups {
    private TestBackups() {
    }

    /** A test identity (its text, as the vault will hand it over) and its recipient. */
    public record Key(byte[] identity, String recipient) {
    }

    public static Key key(Path folder) {
        Path file = folder.resolve("key-" + System.nanoTime());
        Processes.run("age-keygen", "-o", file.toString());
        try {
            String identity = Files.readString(file);
            Files.delete(file);
            String recipient = identity.lines().filter(l -> l.startsWith("# public key: ")).findFirst().orElseThrow()
                    .substring("# public key: ".length());
            return new Key(identity.getBytes(StandardCharsets.UTF_8), recipient);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PostgreSQL backup of the live container, made at {@code at}, its manifest changed by {@code change}; returns the stamp. */
    public static String postgres(DockerClient docker, String live, String dataVolume, Key key, Instant at, UnaryOperator<BackupManifest> change) {
        return make(dev.homeport.model.DatabaseEngine.POSTGRES, docker, live, dataVolume, key, at, change);
    }

    /** A backup by the engine's dump tool in the live container (PostgreSQL or MariaDB), as {@link #postgres}. */
    public static String make(dev.homeport.model.DatabaseEngine engine, DockerClient docker, String live, String dataVolume, Key key,
                              Instant at, UnaryOperator<BackupManifest> change) {
        String format = switch (engine) {
            case POSTGRES -> "pg_dump-custom";
            case MARIADB -> "mariadb-sql-gzip";
            case REDIS -> throw new IllegalArgumentException("no Redis backups in tests yet");
        };
        String dump = switch (engine) {
            case POSTGRES -> "exec pg_dump -Fc -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"";
            default -> "export MYSQL_PWD=\"$MARIADB_ROOT_PASSWORD\"; mariadb-dump -uroot --single-transaction --routines \"$MARIADB_DATABASE\" | gzip";
        };
        String stamp = BackupPaths.stamp(at);
        Path folder = Path.of(BackupPaths.folder(dataVolume));
        try {
            Files.createDirectories(folder);
            String file = stamp + "." + BackupPaths.extension(format);
            Path encrypted = folder.resolve(file);
            Processes.run("sh", "-c", "docker exec \"$3\" sh -c \"$4\" | age -r \"$1\" -o \"$2\"",
                    "sh", key.recipient(), encrypted.toString(), live, dump);
            TableChecksums.Ask ask = TableChecksums.ask(engine);
            var sums = ContainerExec.run(docker, live, ask.command(), ask.stdin() == null ? null : ask.stdin().getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(60));
            if (!sums.succeeded()) {
                throw new IllegalStateException("checksums failed: " + sums.output());
            }
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(encrypted)));
            BackupManifest manifest = new BackupManifest(1, engine.label(), "ok", null, "manual", at, at.plusSeconds(2), file,
                    Files.size(encrypted), sha, format, TableChecksums.parse(sums.output()));
            Files.writeString(folder.resolve(stamp + ".json"), change.apply(manifest).toJson());
            return stamp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static BackupManifest withTables(BackupManifest m, List<TableSum> tables) {
        return new BackupManifest(m.version(), m.engine(), m.status(), m.error(), m.trigger(), m.started(), m.finished(), m.file(), m.bytes(),
                m.sha256(), m.format(), tables);
    }

    public static BackupManifest withSha(BackupManifest m, String sha) {
        return new BackupManifest(m.version(), m.engine(), m.status(), m.error(), m.trigger(), m.started(), m.finished(), m.file(), m.bytes(),
                sha, m.format(), m.tables());
    }

    /** Removes the node's backup folder of a data volume (the rig's node is this host). */
    public static void removeFolder(String dataVolume) {
        Path folder = Path.of(BackupPaths.folder(dataVolume));
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
            Files.delete(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fakes {@code hours} hourly backups of a volume in the node's {@code folder} before {@code clock} (empty files with
     * their manifests; every sixth hour a failure record instead), with a passed restore check on the one {@code verifiedAt}
     * hours back and a failed one {@code failedCheckAt} hours back: a history for retention to prune.
     */
    public static void fakeHourlyVolumeBackups(dev.homeport.ssh.transport.NodeConnection node, String folder, Instant clock, int hours,
                                               int verifiedAt, int failedCheckAt) {
        var made = node.exec(dev.homeport.ssh.transport.Command.script("""
                mkdir -p "$1" && cd "$1" || exit 1
                e=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                i=1
                while [ $i -le "$3" ]; do
                  t=$(($2 - i * 3600)); s=$(date -u -d "@$t" +%Y%m%dT%H%M%SZ); st=$(date -u -d "@$t" +%Y-%m-%dT%H:%M:%SZ)
                  if [ $((i % 6)) -eq 0 ]; then
                    printf '{"version":1,"engine":"volume","status":"failed","error":"x","trigger":"schedule","started":"%s"}\\n' "$st" > "$s.json"
                  else
                    : > "$s.tar.gz.age"
                    printf '{"version":1,"engine":"volume","status":"ok","trigger":"schedule","started":"%s","file":"%s.tar.gz.age","bytes":0,"sha256":"%s","format":"volume-tar-gzip"}\\n' \\
                      "$st" "$s" "$e" > "$s.json"
                  fi
                  [ $i -eq "$4" ] && printf '{"version":1,"checked":"%s","result":"ok","summary":"restored","tables":1}\\n' "$st" > "$s.verified.json"
                  [ $i -eq "$5" ] && printf '{"version":1,"checked":"%s","result":"failed","summary":"no","tables":0}\\n' "$st" > "$s.verified.json"
                  i=$((i + 1))
                done
                """, folder, Long.toString(clock.getEpochSecond()), Integer.toString(hours), Integer.toString(verifiedAt),
                Integer.toString(failedCheckAt)));
        if (made.exitStatus() != 0) {
            throw new IllegalStateException("Could not fake the backups in " + folder + ": " + made.err());
        }
    }

    /** The stamp of the backup {@code hoursBefore} the clock, as {@link #fakeHourlyVolumeBackups} named it. */
    public static String stamp(Instant clock, int hoursBefore) {
        return BackupPaths.stamp(clock.minus(Duration.ofHours(hoursBefore)));
    }
}
