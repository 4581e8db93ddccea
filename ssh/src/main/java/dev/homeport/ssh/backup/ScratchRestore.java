package dev.homeport.ssh.backup;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.ssh.deploy.DatabaseRuntime;
import dev.homeport.ssh.deploy.Labels;
import dev.homeport.ssh.docker.ContainerExec;
import dev.homeport.ssh.docker.HomeportNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Restores one backup into a scratch copy of a database beside the live one, and checks it.
 *
 * <p>The scratch container runs the live container's image with its environment (so the same
 * user, database and passwords) on a new volume {@code <data volume>-restore-<stamp>}, on the
 * {@code homeport} network with no port and no alias, so nothing reaches it by the live name. On a
 * cluster the live container is the database's Swarm replica on its pinned node: the copy is a plain
 * container beside it, given the secret variables the replica reads from files ({@link Target#withCredentials}),
 * and joins no network at all. The
 * encrypted file reaches it read-only: the node's backup folder mounted ({@link Source.OnNode}), or
 * the laptop's copy sent through Docker's archive API ({@link Source.LaptopCopy}). It is decrypted
 * inside the container by the node's {@code age} (Debian's package, mounted read-only), with the
 * identity on the exec's standard input ({@code age -d -i -}): never on a command line, never in a
 * file. The engine's own tool restores it ({@code pg_restore}, {@code mariadb}); then
 * {@link TableChecksums} asks the copy, and {@link Verification} compares it with the manifest.
 *
 * <p>The scratch container is always removed; its volume too, unless the caller keeps it to swap
 * it in (and then only when the check passed). An on-node check leaves its {@link VerifiedMark}
 * beside the manifest, written by the scratch container (which runs as root), so no SSH user needs
 * to write the root-owned folder.
 */
public final class ScratchRestore {
    /** Where Debian's {@code age} package installs the program, on the node. */
    public static final String NODE_AGE = "/usr/bin/age";
    /** Where the scratch container sees the backup's folder. */
    static final String BACKUP_MOUNT = "/homeport-backup";
    static final String LABEL = "dev.homeport.restore";
    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration SHORT = Duration.ofMinutes(1);
    private static final Duration RESTORE = Duration.ofHours(3);

    private ScratchRestore() {
    }

    /** Which backup: one in the node's folder for the data volume, or a copy on this machine (disaster recovery). */
    public sealed interface Source {
        String stamp();

        record OnNode(String stamp) implements Source {
        }

        /** The encrypted file and its manifest, as copied off a node; restored wherever the target database runs. */
        record LaptopCopy(String stamp, Path encrypted, BackupManifest manifest) implements Source {
        }
    }

    /**
     * The live database the copy is made beside: its node's Docker, its running container, its engine and
     * data volume (which names the node's backup folder).
     */
    public record Target(DockerClient docker, String liveContainerId, DatabaseEngine engine, String dataVolume, List<String> credentials,
                         boolean replica) {
        public Target {
            credentials = List.copyOf(credentials);
        }

        /** A database on one node, as its container's environment has it. */
        public Target(DockerClient docker, String liveContainerId, DatabaseEngine engine, String dataVolume) {
            this(docker, liveContainerId, engine, dataVolume, List.of(), false);
        }

        /**
         * The same with {@code credentials} ({@code KEY=value}, opened from the vault) in place of the live environment's
         * variables of those names: the passwords a redeploy on the restored volume will give the server, which the copy
         * sets up that volume with. {@code replica}: the live container is the database's Swarm replica on a cluster, whose
         * passwords are Swarm secrets (files the replica reads as it starts, not variables of its container), so the
         * credentials are all the copy has of them.
         */
        public Target withCredentials(List<String> credentials, boolean replica) {
            return new Target(docker, liveContainerId, engine, dataVolume, credentials, replica);
        }
    }

    /** The check's result, and the restored volume when it was kept (null otherwise). */
    public record Outcome(String stamp, Verification verification, String keptVolume) {
    }

    /** The running container of a service's live release on this node (by Homeport's label), if any. */
    public static java.util.Optional<Container> liveContainer(DockerClient docker, long serviceKey) {
        return docker.listContainersCmd().withLabelFilter(Map.of(Labels.SERVICE, Long.toString(serviceKey))).exec().stream()
                .filter(c -> "running".equals(c.getState())).findFirst();
    }

    /** The scratch volume's name for a backup of {@code dataVolume}: {@code <volume>-restore-<stamp in lower case>}. */
    public static String scratchVolume(String dataVolume, String stamp) {
        return dataVolume + "-restore-" + stamp.toLowerCase(Locale.ROOT);
    }

    /**
     * Restores and checks; blocks (minutes for a large database). {@code keepVolume}: keep the restored
     * volume when the check passed, for a swap. Throws {@link RestoreException} for what stops it before a
     * check could run (no such backup, no age on the node); a restore or a check that fails is a failed
     * {@link Verification}, not an exception.
     */
    public static Outcome run(Target target, Source source, byte[] identity, boolean keepVolume, Consumer<String> log) {
        BackupPaths.parseStamp(source.stamp());
        DockerClient docker = target.docker();
        InspectContainerResponse live = docker.inspectContainerCmd(target.liveContainerId()).exec();
        String volume = scratchVolume(target.dataVolume(), source.stamp());
        if (volumeExists(docker, volume)) {
            throw new RestoreException("The node already has the volume " + volume + " (an earlier restore of this backup kept it). "
                    + "Drop it first (homeport restore drop-volume), or swap it in.");
        }
        docker.createVolumeCmd().withName(volume).withLabels(Map.of(LABEL, target.dataVolume())).exec();
        String container = null;
        boolean passed = false;
        try {
            boolean redis = target.engine() == DatabaseEngine.REDIS;
            // Redis reads its data only when it starts: a first container, holding still, puts the file in place.
            container = create(docker, live, target, source, volume, redis);
            docker.startContainerCmd(container).exec();
            BackupManifest manifest = switch (source) {
                case Source.OnNode onNode -> readManifest(docker, container, onNode.stamp());
                case Source.LaptopCopy copy -> {
                    send(docker, container, copy.encrypted(), copy.manifest());
                    yield copy.manifest();
                }
            };
            log.accept("Backup " + source.stamp() + ": " + manifest.format() + ", " + manifest.tables().size()
                    + (redis ? " non-empty logical databases recorded" : " tables recorded"));
            Verification verification;
            if (redis) {
                verification = loadRedis(docker, container, manifest, identity, log);
                if (verification == null) {
                    remove(docker, container);
                    container = null;
                    container = create(docker, live, target, source, volume, false);
                    docker.startContainerCmd(container).exec();
                    verification = check(docker, container, target.engine(), manifest, log);
                }
            } else {
                verification = restoreAndCheck(docker, container, target.engine(), manifest, identity, log);
            }
            passed = verification.passed();
            if (source instanceof Source.OnNode) {
                writeMark(docker, container, source.stamp(), VerifiedMark.of(verification, Instant.now()));
            }
            return new Outcome(source.stamp(), verification, keepVolume && passed ? volume : null);
        } finally {
            // The copy goes even when the caller was stopped (the app closing under its automatic check).
            boolean interrupted = Thread.interrupted();
            try {
                if (container != null) {
                    remove(docker, container);
                }
                if (!(keepVolume && passed)) {
                    removeVolume(docker, volume);
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * The scratch container: the live one's image, environment and command on {@code volume}; or, {@code holding},
     * the same image doing nothing (a shell that sleeps) until it is removed, for a file to be put in place first.
     */
    private static String create(DockerClient docker, InspectContainerResponse live, Target target, Source source, String volume,
                                 boolean holding) {
        List<Mount> mounts = new ArrayList<>();
        mounts.add(new Mount().withType(MountType.VOLUME).withSource(volume).withTarget(target.engine().dataPath()));
        mounts.add(new Mount().withType(MountType.BIND).withSource(NODE_AGE).withTarget("/usr/local/bin/age").withReadOnly(true));
        if (source instanceof Source.OnNode) {
            // Read-write only for the verified mark; the check never writes the backup's own files.
            mounts.add(new Mount().withType(MountType.BIND).withSource(BackupPaths.folder(target.dataVolume())).withTarget(BACKUP_MOUNT));
        }
        List<String> env = environment(live.getConfig().getEnv(), target.credentials());
        String network;
        if (target.replica()) {
            // The copy of a replica joins no network (Docker's "none": its loopback only): nothing on the node or on the
            // cluster's overlay reaches it, and no bridge network is made on a Swarm node for it.
            network = "none";
        } else {
            HomeportNetwork.ensure(docker);
            network = HomeportNetwork.NAME;
        }
        String name = live.getName().replaceFirst("^/", "") + "-restore-" + UUID.randomUUID().toString().substring(0, 6);
        var create = docker.createContainerCmd(live.getImageId()).withName(name)
                .withEnv(env)
                .withLabels(Map.of(LABEL, target.dataVolume()))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network).withMounts(mounts));
        String[] entrypoint = live.getConfig().getEntrypoint();
        if (holding) {
            create.withName(name + "-load").withEntrypoint("sh", "-c", "trap 'exit 0' TERM INT; while :; do sleep 1; done").withCmd("holding");
        } else if (entrypoint != null && entrypoint.length > 0 && DatabaseRuntime.SECRETS_SHELL.equals(entrypoint[entrypoint.length - 1])
                && live.getConfig().getCmd() != null) {
            // A replica with secrets runs the node's busybox shell first, which reads them and then runs the image's own
            // entrypoint and arguments (its command here): the copy, which has them as variables, runs that command itself.
            create.withEntrypoint(live.getConfig().getCmd());
        } else if (live.getConfig().getCmd() != null) {
            create.withCmd(live.getConfig().getCmd());
        }
        try {
            return create.exec().getId();
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains(NODE_AGE)) {
                throw new RestoreException("The node has no " + NODE_AGE + ": install Debian's age package there (backups need it too).", e);
            }
            if (message.contains(BackupPaths.ROOT)) {
                throw new RestoreException("The node has no backups of " + target.dataVolume() + " (no " + BackupPaths.folder(target.dataVolume()) + ").", e);
            }
            throw e;
        }
    }

    /** The live environment with each of {@code credentials} ({@code KEY=value}) in place of the variable of its name, or added. */
    static List<String> environment(String[] live, List<String> credentials) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (String line : live == null ? new String[0] : live) {
            env.put(line.indexOf('=') < 0 ? line : line.substring(0, line.indexOf('=')), line);
        }
        for (String line : credentials) {
            env.put(line.indexOf('=') < 0 ? line : line.substring(0, line.indexOf('=')), line);
        }
        return List.copyOf(env.values());
    }

    private static BackupManifest readManifest(DockerClient docker, String container, String stamp) {
        var read = ContainerExec.run(docker, container, List.of("cat", BACKUP_MOUNT + "/" + stamp + ".json"), null, SHORT);
        if (!read.succeeded()) {
            throw new RestoreException("The node has no backup " + stamp + " of this database (no manifest " + stamp + ".json).");
        }
        BackupManifest manifest = BackupManifest.parse(read.output());
        if (!manifest.succeeded() || manifest.file() == null) {
            throw new RestoreException("Backup " + stamp + " failed when it was made (" + manifest.error() + "): there is nothing to restore.");
        }
        return manifest;
    }

    /** The laptop's copy into the container's backup folder, as a tar made on disk and streamed (a large dump never sits in memory). */
    private static void send(DockerClient docker, String container, Path encrypted, BackupManifest manifest) {
        if (manifest.file() == null || !Files.isRegularFile(encrypted)) {
            throw new RestoreException("No encrypted backup file at " + encrypted + ".");
        }
        Path tar = null;
        try {
            tar = Files.createTempFile("homeport-restore", ".tar");
            try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
                out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                TarArchiveEntry folder = new TarArchiveEntry(BACKUP_MOUNT.substring(1) + "/");
                out.putArchiveEntry(folder);
                out.closeArchiveEntry();
                TarArchiveEntry entry = new TarArchiveEntry(encrypted.toFile(), BACKUP_MOUNT.substring(1) + "/" + manifest.file());
                out.putArchiveEntry(entry);
                Files.copy(encrypted, out);
                out.closeArchiveEntry();
            }
            try (InputStream in = Files.newInputStream(tar)) {
                docker.copyArchiveToContainerCmd(container).withRemotePath("/").withTarInputStream(in).exec();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot send " + encrypted + " to the node: " + e.getMessage(), e);
        } finally {
            if (tar != null) {
                try {
                    Files.deleteIfExists(tar);
                } catch (IOException ignored) {
                    // a temporary file of ours; the OS cleans its temp folder
                }
            }
        }
    }

    private static Verification restoreAndCheck(DockerClient docker, String container, DatabaseEngine engine, BackupManifest manifest,
                                                byte[] identity, Consumer<String> log) {
        Verification changed = checkSha(docker, container, manifest, log);
        if (changed != null) {
            return changed;
        }
        String problem = awaitReady(docker, container, engine);
        if (problem != null) {
            return Verification.failed(problem);
        }
        log.accept("Scratch " + engine.title() + " is up; restoring with " + tool(engine));
        Verification failed = runRestoreScript(docker, container, engine, manifest, identity);
        if (failed != null) {
            return failed;
        }
        log.accept("Restored; asking the copy for its tables' row counts and checksums");
        return check(docker, container, engine, manifest, log);
    }

    /**
     * Redis's first step, in the holding container: the backup decrypted and decompressed into the new volume as
     * {@code dump.rdb}, loaded by the image's own redis-server (no port, a socket in /tmp, no password needed),
     * which then writes its append-only files from it, so the copy opens it whether or not it runs with
     * {@code appendonly yes} (Homeport's Redis does; Redis then reads only those files). Null when it loaded.
     */
    private static Verification loadRedis(DockerClient docker, String container, BackupManifest manifest, byte[] identity, Consumer<String> log) {
        Verification changed = checkSha(docker, container, manifest, log);
        if (changed != null) {
            return changed;
        }
        log.accept("Decrypting into the scratch volume's dump.rdb; loading it with redis-server");
        Verification failed = runRestoreScript(docker, container, DatabaseEngine.REDIS, manifest, identity);
        if (failed != null) {
            return failed;
        }
        log.accept("The RDB file loads; starting the scratch Redis on it");
        return null;
    }

    private static Verification checkSha(DockerClient docker, String container, BackupManifest manifest, Consumer<String> log) {
        String file = BACKUP_MOUNT + "/" + manifest.file();
        if (manifest.sha256() != null) {
            var sum = ContainerExec.run(docker, container, List.of("sha256sum", file), null, RESTORE);
            if (!sum.succeeded()) {
                return Verification.failed("cannot read " + manifest.file() + ": " + sum.output().strip());
            }
            if (!sum.output().strip().startsWith(manifest.sha256().toLowerCase(Locale.ROOT) + " ")) {
                return Verification.failed("the encrypted file's SHA-256 is not the one its manifest recorded: it changed since the backup");
            }
            log.accept("SHA-256 of " + manifest.file() + " matches the manifest");
        }
        return null;
    }

    /** Runs {@link #restoreScript} with the identity on standard input; null when it succeeded, else what failed. */
    private static Verification runRestoreScript(DockerClient docker, String container, DatabaseEngine engine, BackupManifest manifest,
                                                 byte[] identity) {
        String file = BACKUP_MOUNT + "/" + manifest.file();
        var restored = ContainerExec.run(docker, container,
                List.of("sh", "-c", restoreScript(engine, manifest.format()), "sh", file, engine.dataPath()), identity, RESTORE);
        if (restored.exitCode() == null) {
            return Verification.failed(tool(engine) + " did not finish in " + RESTORE.toHours() + " h");
        }
        if (!restored.succeeded()) {
            String stage = switch (restored.exitCode().intValue()) {
                case 3 -> "decryption failed";
                case 4 -> "decompression failed";
                case 5 -> "redis-server could not load the backup";
                default -> tool(engine) + " failed (exit " + restored.exitCode() + ")";
            };
            return Verification.failed(stage + ": " + tail(restored.output()));
        }
        return null;
    }

    /** Waits for the copy (a Redis copy: started on its restored files) and compares what it holds with the manifest. */
    private static Verification check(DockerClient docker, String container, DatabaseEngine engine, BackupManifest manifest, Consumer<String> log) {
        if (engine == DatabaseEngine.REDIS) {
            String problem = awaitReady(docker, container, engine);
            if (problem != null) {
                return Verification.failed(problem);
            }
            log.accept("Scratch Redis is up (redis-cli ping); asking it for each logical database's key count");
        }
        TableChecksums.Ask ask = TableChecksums.ask(engine);
        var sums = ContainerExec.run(docker, container, ask.command(),
                ask.stdin() == null ? null : ask.stdin().getBytes(StandardCharsets.UTF_8), RESTORE);
        if (!sums.succeeded()) {
            return Verification.failed("the restored copy could not be checked: " + tail(sums.output()));
        }
        return Verification.compare(manifest.tables(), TableChecksums.parse(sums.output()));
    }

    static String tool(DatabaseEngine engine) {
        return switch (engine) {
            case POSTGRES -> "pg_restore";
            case MARIADB -> "mariadb";
            case REDIS -> "redis-server";
        };
    }

    /**
     * The shell script that decrypts {@code $1} (identity on standard input) and feeds the engine's tool.
     * A POSIX shell has no pipefail, so each stage that fails leaves a marker the script turns into its exit.
     */
    static String restoreScript(DatabaseEngine engine, String format) {
        String decrypt = "{ age -d -i - \"$1\" || : > /tmp/homeport-age-failed; }";
        String restore = switch (engine) {
            case POSTGRES -> {
                require(format, "pg_dump-custom");
                yield decrypt + " | pg_restore --no-owner --no-privileges --exit-on-error -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"";
            }
            case MARIADB -> {
                require(format, "mariadb-sql-gzip");
                yield "export MYSQL_PWD=\"$MARIADB_ROOT_PASSWORD\"\n" + decrypt
                        + " | { gunzip || : > /tmp/homeport-gunzip-failed; } | mariadb -uroot \"$MARIADB_DATABASE\"";
            }
            case REDIS -> {
                require(format, "redis-rdb-gzip");
                yield REDIS_LOAD.replace("DECRYPT", decrypt);
            }
        };
        return restore + "\n"
                + "rc=$?\n"
                + "[ -e /tmp/homeport-age-failed ] && { echo 'age could not decrypt the backup (a wrong key, or a damaged file)' >&2; exit 3; }\n"
                + "[ -e /tmp/homeport-gunzip-failed ] && { echo 'the decrypted backup is not valid gzip' >&2; exit 4; }\n"
                + "exit $rc\n";
    }

    /**
     * Redis: {@code $2} is the data folder (the new volume). The decrypted RDB becomes its {@code dump.rdb};
     * redis-server loads it (exit 5 with its log when it cannot), turns append-only on (which rewrites the
     * data into {@code appendonlydir}, Redis's own way), and shuts down; the files are given to the image's
     * {@code redis} user when it has one (its entrypoint would too).
     */
    private static final String REDIS_LOAD = """
            cd "$2" || exit 1
            DECRYPT | { gunzip || : > /tmp/homeport-gunzip-failed; } > dump.rdb
            [ -e /tmp/homeport-age-failed ] || [ -e /tmp/homeport-gunzip-failed ] || {
              s=/tmp/homeport-restore.sock
              r() { redis-cli -s "$s" "$@"; }
              alive() { [ -e "/proc/$pid" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; }
              out() { echo "$1" >&2; tail -n 20 /tmp/homeport-restore.log >&2; exit 5; }
              redis-server --port 0 --unixsocket "$s" --unixsocketperm 700 --dir "$2" --dbfilename dump.rdb --appendonly no \
                --save '' --logfile /tmp/homeport-restore.log < /dev/null > /dev/null 2>&1 &
              pid=$!
              i=0
              until [ "$(r ping 2>/dev/null)" = PONG ]; do
                i=$((i + 1))
                [ "$i" -gt 1800 ] && out "redis-server did not load the file in 30 min"
                alive || out "redis-server stopped:"
                sleep 1
              done
              [ "$(r config set appendonly yes)" = OK ] || out "cannot turn append-only on"
              until r info persistence | tr -d '\\r' | grep -q '^aof_rewrite_in_progress:0' \
                && r info persistence | tr -d '\\r' | grep -q '^aof_rewrite_scheduled:0'; do
                alive || out "redis-server stopped while it wrote its append-only files:"
                sleep 1
              done
              r info persistence | tr -d '\\r' | grep -q '^aof_last_bgrewrite_status:ok' || out "writing the append-only files failed"
              r shutdown > /dev/null 2>&1
              wait "$pid"
              if id redis > /dev/null 2>&1; then chown -R redis:redis . || exit 1; fi
            }
            """;

    private static void require(String format, String expected) {
        if (!expected.equals(format)) {
            throw new RestoreException("This database's backups are " + expected + "; this one is " + format + ".");
        }
    }

    /** Waits for the engine's own readiness check (as the deploy's health gate runs it: over TCP, past the image's set-up). */
    private static String awaitReady(DockerClient docker, String container, DatabaseEngine engine) {
        List<String> check = DatabaseRuntime.healthCheck(engine);
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            var state = docker.inspectContainerCmd(container).exec().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                return "the scratch " + engine.title() + " stopped (exit " + state.getExitCodeLong() + ") before it was ready";
            }
            if (ContainerExec.run(docker, container, check, null, SHORT).succeeded()) {
                return null;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while the scratch database started";
            }
        }
        return "the scratch " + engine.title() + " was not ready in " + READY.toMinutes() + " min";
    }

    private static void writeMark(DockerClient docker, String container, String stamp, VerifiedMark mark) {
        var write = ContainerExec.run(docker, container, List.of("sh", "-c", "cat > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"", "sh",
                BACKUP_MOUNT + "/" + VerifiedMark.fileName(stamp)), mark.toJson().getBytes(StandardCharsets.UTF_8), SHORT);
        if (!write.succeeded()) {
            throw new RestoreException("The check ran (" + mark.summary() + ") but its mark could not be written beside the backup: "
                    + tail(write.output()));
        }
    }

    private static boolean volumeExists(DockerClient docker, String volume) {
        try {
            docker.inspectVolumeCmd(volume).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static void remove(DockerClient docker, String container) {
        try {
            docker.removeContainerCmd(container).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
            // already removed
        }
    }

    /** Removes a volume a restore made; a volume that is not one (no restore label) is refused. */
    public static void removeVolume(DockerClient docker, String volume) {
        try {
            var inspected = docker.inspectVolumeCmd(volume).exec();
            if (inspected.getLabels() == null || !inspected.getLabels().containsKey(LABEL)) {
                throw new RestoreException("The volume " + volume + " was not made by a restore; Homeport does not remove it.");
            }
            docker.removeVolumeCmd(volume).exec();
        } catch (NotFoundException gone) {
            // already removed
        }
    }

    private static String tail(String output) {
        String text = output.strip();
        return text.length() <= 600 ? text : "…" + text.substring(text.length() - 600);
    }
}
