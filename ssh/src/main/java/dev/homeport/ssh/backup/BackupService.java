package dev.homeport.ssh.backup;

import dev.homeport.model.BackupSchedule;
import dev.homeport.model.Database;
import dev.homeport.model.Service;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Backups;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.ssh.deploy.DeployService;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.FileTransfer;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.Prompts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Database backups on the database's node: the schedule written there (a cron line of the SSH user, so
 * backups run while the laptop is closed), a backup now, the runs the node recorded, and copies pulled
 * to the operator's machine. The node's script does the work (see {@link BackupScripts}); this writes it,
 * calls it and reads its manifests. Every method connects and blocks: call it off the JavaFX thread.
 */
public final class BackupService {
    /** The longest a backup run now is waited for. */
    static final Duration RUN_TIMEOUT = Duration.ofHours(2);

    private final Inventory inventory;
    private final Backups backups;
    private final DeployService deploys;
    private final NodeService nodeService;
    private final Clock clock;

    public BackupService(Inventory inventory, Backups backups, DeployService deploys, NodeService nodeService, Clock clock) {
        this.inventory = inventory;
        this.backups = backups;
        this.deploys = deploys;
        this.nodeService = nodeService;
        this.clock = clock;
    }

    /** A database's backups as its node records them, newest first, with how they stand. */
    public record Report(long serviceId, String name, Database database, Optional<BackupSchedule> schedule, List<BackupRun> runs,
                         BackupHealth health) {
    }

    /** What setting a schedule did: the cron line's times, and whether a cron daemon runs to fire it. */
    public record Scheduled(BackupSchedule schedule, WorkerNode node, boolean cronRunning) {
    }

    public BackupKey key() {
        return BackupKey.of(backups);
    }

    /** Sets (or replaces) a database's schedule: the node's files and cron line first, then the store. */
    public Scheduled schedule(BackupSchedule schedule, Prompts prompts) {
        Database database = database(schedule.serviceId());
        WorkerNode node = node(schedule.serviceId());
        NodeConnection connection = nodeService.connection(node, prompts);
        install(connection);
        ExecResult result = connection.exec(BackupCommands.schedule(schedule, database.engine(), database.dataVolume()));
        if (!result.ok()) {
            throw new BackupException("Cannot write the backup schedule to " + node.name() + "'s crontab: " + problem(result)
                    + ". Nothing was changed.");
        }
        backups.save(schedule);
        return new Scheduled(schedule, node, !result.out().contains("cron-not-running"));
    }

    /**
     * A restore's swap: the database's data volume becomes {@code restored} (the caller redeploys it), and its
     * schedule, if it has one, moves along. The node's cron line names the volume it backs up, so a line left on
     * the old volume would find no running container and fail at every run. Returns the old volume.
     */
    public String swapDataVolume(long serviceId, String restored, Prompts prompts) {
        Optional<BackupSchedule> schedule = backups.schedule(serviceId);
        if (schedule.isPresent()) {
            ExecResult removed = nodeService.connection(node(serviceId), prompts)
                    .exec(BackupCommands.unschedule(database(serviceId).dataVolume()));
            if (!removed.ok()) {
                throw new BackupException("Cannot move the backup schedule off the old volume: " + problem(removed) + ". Nothing was changed.");
            }
        }
        String old = inventory.databases().swapDataVolume(serviceId, restored);
        schedule.ifPresent(kept -> schedule(kept, prompts));
        return old;
    }

    /** Removes a database's schedule from its node and the store; its backups stay on the node. False when it had none. */
    public boolean unschedule(long serviceId, Prompts prompts) {
        Database database = database(serviceId);
        NodeConnection connection = nodeService.connection(node(serviceId), prompts);
        ExecResult result = connection.exec(BackupCommands.unschedule(database.dataVolume()));
        if (!result.ok()) {
            throw new BackupException("Cannot remove the backup schedule from the node's crontab: " + problem(result));
        }
        return backups.remove(serviceId);
    }

    /** The crontab line the node has for a database, if any: what the node will really run. */
    public Optional<String> cronLine(long serviceId, Prompts prompts) {
        Database database = database(serviceId);
        ExecResult result = nodeService.connection(node(serviceId), prompts).exec(BackupCommands.cronLine(database.dataVolume()));
        String line = result.out().strip();
        return line.isEmpty() ? Optional.empty() : Optional.of(line);
    }

    /** Backs a database up now with the node's own script, waits, and returns the run it recorded (which may have failed). */
    public BackupRun now(long serviceId, Prompts prompts) {
        return run(serviceId, prompts, null);
    }

    /** {@link #now}, with {@code nodeClock} standing in for the node's clock (tests of retention). */
    public BackupRun run(long serviceId, Prompts prompts, Instant nodeClock) {
        Database database = database(serviceId);
        BackupSchedule schedule = backups.schedule(serviceId).orElse(null);
        int keepCount = schedule == null ? BackupSchedule.DEFAULT_KEEP_COUNT : schedule.keepCount();
        int keepDays = schedule == null ? BackupSchedule.DEFAULT_KEEP_DAYS : schedule.keepDays();
        NodeConnection connection = nodeService.connection(node(serviceId), prompts);
        install(connection);
        ExecResult result = connection.exec(BackupCommands.run(database.engine(), database.dataVolume(), keepCount, keepDays, "manual",
                nodeClock), RUN_TIMEOUT, null);
        // The script prints the run's manifest, good or failed; without one (no folder, a bad argument) it did not get that far.
        String out = result.out().strip();
        if (out.startsWith("{")) {
            BackupManifest manifest = BackupManifest.parse(out);
            return new BackupRun(BackupPaths.stamp(manifest.started()), manifest);
        }
        throw new BackupException("The backup did not run: " + problem(result));
    }

    /** A database's runs, newest first, and how they stand. */
    public Report report(long serviceId, Prompts prompts) {
        Database database = database(serviceId);
        List<BackupRun> runs = runs(nodeService.connection(node(serviceId), prompts), database);
        Optional<BackupSchedule> schedule = backups.schedule(serviceId);
        return new Report(serviceId, inventory.service(serviceId).name(), database, schedule, runs,
                BackupHealth.of(runs, schedule, clock.instant()));
    }

    /** Every database with a schedule: the ones whose failure must be loud. */
    public List<Long> scheduled() {
        return backups.schedules().stream().map(BackupSchedule::serviceId).toList();
    }

    /**
     * Copies a database's good backups that {@code folder} lacks (and their manifests) from its node by SFTP,
     * each checked against its manifest's sha256 before it takes its name. Returns the files copied.
     */
    public List<Path> pull(long serviceId, Path folder, Prompts prompts) {
        Database database = database(serviceId);
        NodeConnection connection = nodeService.connection(node(serviceId), prompts);
        Path into = folder.resolve(database.dataVolume());
        List<Path> pulled = new ArrayList<>();
        try {
            Files.createDirectories(into);
            for (BackupRun run : runs(connection, database)) {
                BackupManifest m = run.manifest();
                if (!run.succeeded() || m.file() == null || Files.exists(into.resolve(m.file()))) {
                    continue;
                }
                if (!m.file().matches("[0-9TZ]+\\.[a-z.]+")) {
                    throw new BackupException("The node's manifest " + run.stamp() + ".json names an unexpected file '" + m.file() + "'.");
                }
                Path part = into.resolve("." + m.file() + ".part");
                connection.files().download(BackupPaths.folder(database.dataVolume()) + "/" + m.file(), part, FileTransfer.Progress.NONE);
                String sha = sha256(part);
                if (!sha.equals(m.sha256())) {
                    Files.deleteIfExists(part);
                    throw new BackupException("The copy of " + m.file() + " does not match its manifest (sha256 " + sha + ", expected "
                            + m.sha256() + "); it was not kept.");
                }
                Files.writeString(into.resolve(run.stamp() + ".json"), m.toJson() + "\n");
                Files.move(part, into.resolve(m.file()), StandardCopyOption.ATOMIC_MOVE);
                pulled.add(into.resolve(m.file()));
            }
        } catch (IOException e) {
            throw new BackupException("Cannot copy backups into " + into + ": " + e.getMessage(), e);
        }
        return pulled;
    }

    private List<BackupRun> runs(NodeConnection connection, Database database) {
        ExecResult result = connection.exec(BackupCommands.list(database.dataVolume()));
        if (!result.ok()) {
            throw new BackupException("Cannot read the node's backup records: " + problem(result));
        }
        List<BackupRun> runs = new ArrayList<>();
        for (String line : result.out().split("\n")) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                continue;
            }
            String name = line.substring(0, tab);
            if (name.endsWith(VerifiedMark.SUFFIX)) {
                continue; // a restore's mark beside the run's manifest, not a run
            }
            runs.add(new BackupRun(name.substring(0, name.length() - ".json".length()), BackupManifest.parse(line.substring(tab + 1))));
        }
        runs.sort(Comparator.comparing(BackupRun::stamp).reversed());
        return runs;
    }

    /** Writes the node's script, its per-engine parts and the recipient (each file only replaced whole). */
    private void install(NodeConnection connection) {
        String recipient = key().recipient();
        BackupScripts.files(recipient).forEach((name, content) -> {
            ExecResult result = connection.exec(BackupCommands.install(name, name.equals(BackupScripts.SCRIPT)), Duration.ofMinutes(1),
                    content.getBytes(StandardCharsets.UTF_8));
            if (!result.ok()) {
                throw new BackupException("Cannot write the backup script's " + name + " to the node: " + problem(result));
            }
        });
    }

    private Database database(long serviceId) {
        return inventory.databases().find(serviceId).orElseThrow(() -> new BackupException(
                "'" + inventory.service(serviceId).name() + "' is not a database: only databases are backed up so far."));
    }

    private WorkerNode node(long serviceId) {
        Service service = inventory.service(serviceId);
        return deploys.nodeFor(service, null);
    }

    private static String problem(ExecResult result) {
        String err = result.err().strip();
        return err.isEmpty() ? "exit status " + result.exitStatus() : err;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
