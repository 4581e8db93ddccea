package dev.homeport.ssh.backup;

import dev.homeport.model.BackupSchedule;
import dev.homeport.model.Database;
import dev.homeport.model.S3Target;
import dev.homeport.model.Service;
import dev.homeport.model.Sha256;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Backups;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.deploy.DeployService;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.FileTransfer;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.Prompts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Backups on the node of a database (its dump) or of a service's named volume (a tar of it), each a
 * {@link BackupSubject}: the schedule written there (a cron line of the SSH user, so
 * backups run while the laptop is closed), a backup now, the runs the node recorded, and copies pulled
 * to the operator's machine. The node's script does the work (see {@link BackupScripts}); this writes it,
 * calls it and reads its manifests. Every method connects and blocks: call it off the JavaFX thread.
 */
public final class BackupService {
    /** The longest a backup run now is waited for. */
    static final Duration RUN_TIMEOUT = Duration.ofHours(2);

    /** The folders pulls write into (in this process), each with the lock its pulls take in turn. */
    private static final Map<Path, ReentrantLock> PULLING = new ConcurrentHashMap<>();
    /**
     * The copy targets pushes write into (in this process), by subject and target, each with the lock its pushes take in
     * turn: the app's watch and "Push copies…" would otherwise stream the same temporary file on the target.
     */
    private static final Map<String, ReentrantLock> PUSHING = new ConcurrentHashMap<>();

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

    /** A subject's backups as its node records them, newest first, with how they stand; {@code volume} names the node's folder. */
    public record Report(BackupSubject subject, String name, String volume, Optional<BackupSchedule> schedule, List<BackupRun> runs,
                         BackupHealth health) {
        public long serviceId() {
            return subject.serviceId();
        }
    }

    /** Where a subject's backups live on its node (the folder and cron tag of {@code volume}) and what the node's script runs. */
    private record Resolved(String volume, String engine) {
    }

    /** What setting a schedule did: the cron line's times, and whether a cron daemon runs to fire it. */
    public record Scheduled(BackupSchedule schedule, WorkerNode node, boolean cronRunning) {
    }

    public BackupKey key() {
        return BackupKey.of(backups);
    }

    /**
     * Sets (or replaces) a schedule, a database's or a named volume's ({@link BackupSchedule#volume()}): the node's files
     * and cron line first, then the store.
     */
    public Scheduled schedule(BackupSchedule schedule, Prompts prompts) {
        BackupSubject subject = new BackupSubject(schedule.serviceId(), schedule.volume());
        Resolved resolved = resolve(subject);
        if (subject.isVolume()) {
            for (BackupSchedule other : backups.schedules()) {
                if (schedule.volume().equals(other.volume()) && other.serviceId() != schedule.serviceId()) {
                    throw new BackupException("The volume " + schedule.volume() + " is backed up on a schedule of '"
                            + inventory.service(other.serviceId()).name() + "' already (a node's volume has one schedule). Nothing was changed.");
                }
            }
        }
        WorkerNode node = deploys.dataNode(schedule.serviceId());
        refuseStopOnACluster(schedule.serviceId(), schedule.stopService());
        if (schedule.copyTo() != null) {
            WorkerNode target = nodeService.node(schedule.copyTo());
            if (target.id() == node.id()) {
                throw new dev.homeport.model.ValidationException("copy-to", "'" + target.name() + "' is the node the backups are made on;"
                        + " a copy must go to another node, or it is lost with the node");
            }
        }
        if (schedule.copyToS3() != null) {
            S3Target target = inventory.s3Targets().find(schedule.copyToS3()).orElseThrow(() -> new dev.homeport.model.ValidationException(
                    "copy-to", "there is no S3 target with id " + schedule.copyToS3()));
            if (target.organisationId() != organisationOf(schedule.serviceId())) {
                throw new dev.homeport.model.ValidationException("copy-to", "the S3 target '" + target.name() + "' belongs to another"
                        + " organisation; a schedule copies to one of its own organisation's targets");
            }
        }
        NodeConnection connection = nodeService.connection(node, prompts);
        install(connection, resolved.volume());
        ExecResult result = connection.exec(BackupCommands.schedule(schedule, resolved.engine(), resolved.volume()));
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
            ExecResult removed = nodeService.connection(deploys.dataNode(serviceId), prompts)
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
        return unschedule(BackupSubject.database(serviceId), prompts);
    }

    /** Removes a database's or a named volume's schedule from its node and the store; its backups stay. False when it had none. */
    public boolean unschedule(BackupSubject subject, Prompts prompts) {
        Resolved resolved = resolve(subject);
        NodeConnection connection = nodeService.connection(deploys.dataNode(subject.serviceId()), prompts);
        ExecResult result = connection.exec(BackupCommands.unschedule(resolved.volume()));
        if (!result.ok()) {
            throw new BackupException("Cannot remove the backup schedule from the node's crontab: " + problem(result));
        }
        return subject.isVolume() ? backups.removeVolume(subject.serviceId(), subject.volume()) : backups.remove(subject.serviceId());
    }

    /** The crontab line the node has for a database, if any: what the node will really run. */
    public Optional<String> cronLine(long serviceId, Prompts prompts) {
        return cronLine(BackupSubject.database(serviceId), prompts);
    }

    /** The crontab line the node has for a subject, if any. */
    public Optional<String> cronLine(BackupSubject subject, Prompts prompts) {
        Resolved resolved = resolve(subject);
        ExecResult result = nodeService.connection(deploys.dataNode(subject.serviceId()), prompts).exec(BackupCommands.cronLine(resolved.volume()));
        String line = result.out().strip();
        return line.isEmpty() ? Optional.empty() : Optional.of(line);
    }

    /** Backs a database up now with the node's own script, waits, and returns the run it recorded (which may have failed). */
    public BackupRun now(long serviceId, Prompts prompts) {
        return run(BackupSubject.database(serviceId), false, prompts, null);
    }

    /**
     * Backs a database or a named volume up now, as {@link #now(long, Prompts)}; {@code stop} (volumes only) stops the
     * service's running containers during the tar and starts them again after.
     */
    public BackupRun now(BackupSubject subject, boolean stop, Prompts prompts) {
        return run(subject, stop, prompts, null);
    }

    /** {@link #now}, with {@code nodeClock} standing in for the node's clock (tests of retention). */
    public BackupRun run(long serviceId, Prompts prompts, Instant nodeClock) {
        return run(BackupSubject.database(serviceId), false, prompts, nodeClock);
    }

    /** {@link #now(BackupSubject, boolean, Prompts)}, with {@code nodeClock} standing in for the node's clock. */
    public BackupRun run(BackupSubject subject, boolean stop, Prompts prompts, Instant nodeClock) {
        if (stop && !subject.isVolume()) {
            throw new BackupException("--stop applies to a volume's backup; a database's dump is taken while it runs.");
        }
        refuseStopOnACluster(subject.serviceId(), stop);
        Resolved resolved = resolve(subject);
        BackupSchedule schedule = schedule(subject).orElse(null);
        int keepCount = schedule == null ? BackupSchedule.DEFAULT_KEEP_COUNT : schedule.keepCount();
        int keepDays = schedule == null ? BackupSchedule.DEFAULT_KEEP_DAYS : schedule.keepDays();
        NodeConnection connection = nodeService.connection(deploys.dataNode(subject.serviceId()), prompts);
        install(connection, resolved.volume());
        ExecResult result = connection.exec(BackupCommands.run(resolved.engine(), resolved.volume(), keepCount, keepDays, "manual",
                nodeClock, stop), RUN_TIMEOUT, null);
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
        return report(BackupSubject.database(serviceId), prompts);
    }

    /** A database's or a named volume's runs, newest first, and how they stand. */
    public Report report(BackupSubject subject, Prompts prompts) {
        Resolved resolved = resolve(subject);
        List<BackupRun> runs = runs(nodeService.connection(deploys.dataNode(subject.serviceId()), prompts), resolved.volume());
        Optional<BackupSchedule> schedule = schedule(subject);
        return new Report(subject, inventory.service(subject.serviceId()).name(), resolved.volume(), schedule, runs,
                BackupHealth.of(runs, schedule, clock.instant()));
    }

    /** A subject's schedule in the store. */
    public Optional<BackupSchedule> schedule(BackupSubject subject) {
        return subject.isVolume() ? backups.volumeSchedule(subject.serviceId(), subject.volume()) : backups.schedule(subject.serviceId());
    }

    /** Every database and named volume with a schedule. */
    public List<BackupSubject> scheduledSubjects() {
        return backups.schedules().stream().map(s -> new BackupSubject(s.serviceId(), s.volume())).toList();
    }

    /** The node's folder (and local copies' folder) name of a subject: the database's data volume or the named volume. */
    public String volumeOf(BackupSubject subject) {
        return resolve(subject).volume();
    }

    /**
     * What restoring a volume's backup gave: the new volume (null when nothing was kept), and what its tar holds
     * against what the manifest recorded. It passed when both the sha256 of the tar stream and the count of regular
     * files are the manifest's.
     */
    public record VolumeRestore(String stamp, String volume, String restored, long files, String tarSha256, BackupManifest manifest,
                                String problem) {
        public boolean passed() {
            return problem == null;
        }

        public List<String> lines() {
            if (problem != null) {
                return List.of("failed: " + problem);
            }
            return verification().lines();
        }

        /** As a database's check is kept: a failed one with its problem, or the tar's one check ({@link Verification#volumeTar}). */
        public Verification verification() {
            return problem != null ? Verification.failed(problem) : Verification.volumeTar(files, tarSha256);
        }
    }

    /** The longest a volume's restore is waited for. */
    static final Duration RESTORE_TIMEOUT = Duration.ofHours(3);

    /**
     * Restores a named volume's backup (on its node) into a new volume {@code <volume>-restore-<stamp>} beside it, and
     * checks it: the encrypted file's sha256, then the restored volume's tar (sha256 and count of regular files) against
     * the manifest. The new volume is kept only when the check passed; the service is not changed (see {@link #swapVolume}).
     * Throws when the restore could not run for a reason that is not the backup's (no container of the service on the node
     * to give the image, no {@code age}).
     */
    public VolumeRestore restoreVolume(BackupSubject subject, String stamp, byte[] identity, Prompts prompts, java.util.function.Consumer<String> log) {
        return restoreVolume(subject, stamp, identity, prompts, log, volume -> restoredName(volume, stamp));
    }

    /** {@link #restoreVolume(BackupSubject, String, byte[], Prompts, java.util.function.Consumer)} into the volume {@code into} names. */
    VolumeRestore restoreVolume(BackupSubject subject, String stamp, byte[] identity, Prompts prompts, java.util.function.Consumer<String> log,
                                java.util.function.UnaryOperator<String> into) {
        if (!subject.isVolume()) {
            throw new BackupException("A database's backups are restored with its scratch copy (homeport backup restore SERVICE STAMP).");
        }
        String volume = resolve(subject).volume();
        NodeConnection connection = nodeService.connection(deploys.dataNode(subject.serviceId()), prompts);
        BackupRun run = runs(connection, volume).stream().filter(r -> r.stamp().equals(stamp)).findFirst()
                .orElseThrow(() -> new dev.homeport.model.ValidationException("stamp", "no backup " + stamp + " of the volume " + volume
                        + " on its node (see 'homeport backup list SERVICE:VOLUME')"));
        BackupManifest m = run.manifest();
        if (!run.succeeded() || m.file() == null) {
            throw new BackupException("The backup " + stamp + " failed (" + m.error() + "): there is nothing to restore.");
        }
        return restoreVolumeFile(connection, subject, volume, stamp, m, BackupPaths.folder(volume) + "/" + m.file(), into.apply(volume),
                identity, prompts, log);
    }

    /**
     * Disaster recovery for a named volume: a backup copied off its node ({@code encrypted} and its manifest, as {@code backup
     * pull} keeps them) restored as {@link #restoreVolume} restores one on the node, into a new volume beside the service's on the
     * node it runs on now (which may be another node, or a new service). The file goes by SFTP into a temporary folder
     * ({@link BackupCommands#tempFolder}: {@code mktemp -d}, so only the SSH user reads it; it is encrypted all the same) and is
     * removed after.
     */
    public VolumeRestore restoreVolumeCopy(BackupSubject subject, Path encrypted, Path manifestFile, byte[] identity, Prompts prompts,
                                           java.util.function.Consumer<String> log) {
        if (!subject.isVolume()) {
            throw new BackupException("A database's copy is restored with its scratch copy (homeport backup restore SERVICE --from FILE).");
        }
        BackupManifest m = BackupManifest.ofCopy(encrypted, manifestFile);
        String stamp = BackupPaths.stamp(m.started());
        String volume = resolve(subject).volume();
        NodeConnection connection = nodeService.connection(deploys.dataNode(subject.serviceId()), prompts);
        ExecResult made = connection.exec(BackupCommands.tempFolder());
        if (!made.ok()) {
            throw new BackupException("Cannot make a temporary folder in " + BackupPaths.ROOT + " on the node for the copy (provision it"
                    + " again): " + problem(made));
        }
        String folder = made.out().strip();
        try {
            log.accept("Sending " + encrypted.getFileName() + " (" + m.bytes() + " bytes) to the node");
            connection.files().upload(encrypted, folder + "/" + m.file(), FileTransfer.Progress.NONE);
            return restoreVolumeFile(connection, subject, volume, stamp, m, folder + "/" + m.file(), restoredName(volume, stamp), identity,
                    prompts, log);
        } finally {
            connection.exec(BackupCommands.removeTempFolder(folder));
        }
    }

    /** Restores the volume backup {@code file} on the node (its manifest {@code m}) into the new volume {@code restored}, and checks it. */
    private VolumeRestore restoreVolumeFile(NodeConnection connection, BackupSubject subject, String volume, String stamp, BackupManifest m,
                                            String file, String restored, byte[] identity, Prompts prompts,
                                            java.util.function.Consumer<String> log) {
        if (!"volume-tar-gzip".equals(m.format()) || m.tarSha256() == null || m.files() == null) {
            throw new BackupException("The backup " + stamp + " is not a volume's tar with its sha256 and file count (" + m.format() + ").");
        }
        log.accept("Backup " + stamp + ": a tar of " + volume + ", " + m.files() + " files" + (Boolean.TRUE.equals(m.stopped())
                ? ", taken with the service stopped" : ", taken while the service ran"));
        log.accept("Restoring it into the new volume " + restored);
        ExecResult result = connection.exec(BackupCommands.restoreVolume(file, m.sha256(), volume, restored), RESTORE_TIMEOUT, identity);
        if (!result.ok()) {
            // 2: no file, 3: age could not decrypt it, 4: not gzip, 5: it changed since the backup: the backup failed its check.
            // Anything else (no container of the service to give the image, no age, Docker refused) is not the backup's fault.
            if (java.util.Set.of(2, 3, 4, 5).contains(result.exitStatus())) {
                return new VolumeRestore(stamp, volume, null, 0, null, m, problem(result));
            }
            throw new BackupException("The restore of " + stamp + " could not run on the node: " + problem(result) + ". Nothing was changed.");
        }
        String[] read = result.out().strip().split(" ");
        if (read.length != 2 || !read[1].matches("\\d+")) {
            discardVolume(subject.serviceId(), restored, prompts);
            return new VolumeRestore(stamp, volume, null, 0, null, m, "the node's answer was not a sha256 and a count: " + result.out().strip());
        }
        long files = Long.parseLong(read[1]);
        String problem = null;
        if (!read[0].equals(m.tarSha256())) {
            problem = "the restored volume's tar has the sha256 " + read[0] + ", the backup recorded " + m.tarSha256();
        } else if (files != m.files()) {
            problem = "the restored volume holds " + files + " files, the backup recorded " + m.files();
        }
        if (problem != null) {
            discardVolume(subject.serviceId(), restored, prompts);
            return new VolumeRestore(stamp, volume, null, files, read[0], m, problem);
        }
        return new VolumeRestore(stamp, volume, restored, files, read[0], m, null);
    }

    /** Removes a volume a restore made (one without the restore's label is refused). */
    public void discardVolume(long serviceId, String restored, Prompts prompts) {
        ExecResult result = nodeService.connection(deploys.dataNode(serviceId), prompts).exec(BackupCommands.discardVolume(restored));
        if (!result.ok()) {
            throw new BackupException("Cannot remove the volume " + restored + ": " + problem(result));
        }
    }

    /** {@code <volume>-restore-<stamp>} in lower case, as a database's restore names its copy. */
    static String restoredName(String volume, String stamp) {
        String name = volume + "-restore-" + stamp.toLowerCase(java.util.Locale.ROOT);
        if (name.length() > 128) {
            throw new BackupException("The restored volume's name would be longer than Docker allows: " + name);
        }
        return name;
    }

    /**
     * A volume restore's swap: the service mounts {@code restored} where it mounted {@code old} (the caller redeploys it),
     * and the volume's schedule, if any, moves to the restored volume, on the node and in the store. The old volume
     * stays on the node.
     */
    public void swapVolume(long serviceId, String old, String restored, Prompts prompts) {
        Service service = inventory.service(serviceId);
        if (service.options().volumes().stream().noneMatch(v -> v.named() && v.source().equals(old))) {
            throw new BackupException("'" + service.name() + "' does not mount the volume " + old + ". Nothing was changed.");
        }
        Optional<BackupSchedule> schedule = backups.volumeSchedule(serviceId, old);
        NodeConnection connection = nodeService.connection(deploys.dataNode(serviceId), prompts);
        if (schedule.isPresent()) {
            ExecResult removed = connection.exec(BackupCommands.unschedule(old));
            if (!removed.ok()) {
                throw new BackupException("Cannot move the backup schedule off the old volume: " + problem(removed) + ". Nothing was changed.");
            }
        }
        List<dev.homeport.model.Volume> volumes = service.options().volumes().stream()
                .map(v -> v.named() && v.source().equals(old) ? new dev.homeport.model.Volume(restored, v.target(), v.readOnly()) : v).toList();
        inventory.updateService(new Service(service.id(), service.environmentId(), service.name(), service.source(), service.port(),
                service.healthCheckPath(), service.cpuLimit(), service.memoryLimitMb(), service.options().withVolumes(volumes)));
        schedule.ifPresent(kept -> {
            backups.moveVolumeSchedule(kept, restored);
            schedule(kept.movedTo(restored), prompts);
        });
    }

    /**
     * Copies a database's good backups that {@code folder} lacks (and their manifests) from its node by SFTP,
     * each checked against its manifest's sha256 before it takes its name. Returns the files copied. Prunes nothing.
     */
    public List<Path> pull(long serviceId, Path folder, Prompts prompts) {
        return pull(BackupSubject.database(serviceId), folder, prompts);
    }

    /** {@link #pull(long, Path, Prompts)} for a database or a named volume: into {@code folder/<volume>}. Prunes nothing. */
    public List<Path> pull(BackupSubject subject, Path folder, Prompts prompts) {
        return pull(subject, folder, false, prompts).files();
    }

    /**
     * What a pull did: the files copied here, and the old copies pruned (by stamp) from {@code folder}; {@code keptBecause}
     * says why nothing was pruned when pruning did not apply (null when it did).
     */
    public record Pulled(Path folder, List<Path> files, List<String> pruned, String keptBecause) {
    }

    /**
     * {@link #pull(BackupSubject, Path, Prompts)}, then, when {@code prune}, the copies here follow the schedule's retention
     * ({@link CopyRetention}): the old ones go, each backup with its manifest and mark. A restore check's mark on the node
     * is copied beside its backup (so the newest proven backup is known here without the node).
     */
    public Pulled pull(BackupSubject subject, Path folder, boolean prune, Prompts prompts) {
        // One pull at a time into a folder in this process: the app's watch and "Copy to this machine" (or a command sent
        // to the open app) would otherwise write the same part files.
        return alone(PULLING, folder.resolve(resolve(subject).volume()).toAbsolutePath().normalize(),
                () -> pullAlone(subject, folder, prune, prompts));
    }

    private Pulled pullAlone(BackupSubject subject, Path folder, boolean prune, Prompts prompts) {
        String volume = resolve(subject).volume();
        NodeConnection connection = nodeService.connection(deploys.dataNode(subject.serviceId()), prompts);
        Path into = folder.resolve(volume);
        List<Path> pulled = new ArrayList<>();
        String listed = listed(connection, volume);
        List<BackupRun> runs = runs(listed);
        Map<String, VerifiedMark> sourceMarks = marks(listed);
        String keptBecause = keptBecause(subject, prune);
        try {
            Files.createDirectories(into);
            CopyFolder here = CopyFolder.read(into);
            List<String> gone = keptBecause != null ? List.of() : plan(here.plus(runs, sourceMarks), subject);
            for (BackupRun run : runs) {
                BackupManifest m = run.manifest();
                if (!run.succeeded() || m.file() == null || gone.contains(run.stamp())
                        || (Files.exists(into.resolve(m.file())) && Files.exists(into.resolve(run.stamp() + ".json")))) {
                    continue;
                }
                if (!m.file().matches("[0-9TZ]+\\.[a-z.]+")) {
                    throw new BackupException("The node's manifest " + run.stamp() + ".json names an unexpected file '" + m.file() + "'.");
                }
                Path part = into.resolve("." + m.file() + ".part");
                connection.files().download(BackupPaths.folder(volume) + "/" + m.file(), part, FileTransfer.Progress.NONE);
                String sha = Sha256.hex(part);
                if (!sha.equals(m.sha256())) {
                    Files.deleteIfExists(part);
                    throw new BackupException("The copy of " + m.file() + " does not match its manifest (sha256 " + sha + ", expected "
                            + m.sha256() + "); it was not kept.");
                }
                // The file first, then its manifest: a pull takes a file without its manifest for one not pulled yet.
                Files.move(part, into.resolve(m.file()), StandardCopyOption.ATOMIC_MOVE);
                writeWhole(into, run.stamp() + ".json", m.toJson() + "\n");
                here.add(run.stamp(), m);
                pulled.add(into.resolve(m.file()));
            }
            for (Map.Entry<String, VerifiedMark> mark : sourceMarks.entrySet()) {
                if (here.holds(mark.getKey()) && !gone.contains(mark.getKey()) && !mark.getValue().equals(here.marks().get(mark.getKey()))) {
                    writeWhole(into, VerifiedMark.fileName(mark.getKey()), mark.getValue().toJson() + "\n");
                }
            }
            List<String> pruned = new ArrayList<>();
            for (String stamp : gone) {
                if (here.has(stamp)) {
                    CopyFolder.remove(into, stamp);
                    pruned.add(stamp);
                }
            }
            return new Pulled(into, pulled, pruned, keptBecause);
        } catch (IOException e) {
            throw new BackupException("Cannot copy backups into " + into + ": " + e.getMessage(), e);
        }
    }

    /** The stamps a copy folder (with what its source holds added) loses to the subject's schedule's retention. */
    private List<String> plan(CopyFolder all, BackupSubject subject) {
        BackupSchedule schedule = schedule(subject).orElseThrow();
        return all.toPrune(schedule.keepCount(), schedule.keepDays());
    }

    /**
     * Why a subject's copies are not pruned (the caller keeps them, the schedule keeps them forever, or no schedule gives a
     * retention), or null: they are.
     */
    private String keptBecause(BackupSubject subject, boolean prune) {
        if (!prune) {
            return KEPT_THIS_TIME;
        }
        Optional<BackupSchedule> schedule = schedule(subject);
        if (schedule.isEmpty()) {
            return "kept (no schedule, so no retention)";
        }
        return schedule.get().keepCopies() ? KEPT_BY_SCHEDULE : null;
    }

    /**
     * How many old copies a pull or push of {@code subject} pruned, and by what retention; or why none were
     * ({@code keptBecause}, as {@link Pulled} and {@link Pushed} give it).
     */
    public String prunedText(BackupSubject subject, List<String> pruned, String keptBecause) {
        if (keptBecause != null) {
            return "old copies " + keptBecause;
        }
        BackupSchedule schedule = schedule(subject).orElseThrow();
        return (pruned.isEmpty() ? "no old copy" : pruned.size() + " old " + (pruned.size() == 1 ? "copy" : "copies")) + " pruned"
                + " (copies kept: the newest " + schedule.keepCount() + ", " + schedule.keepDays() + " days back from the newest)";
    }

    /** Why nothing was pruned: the command said --keep-copies. */
    public static final String KEPT_THIS_TIME = "kept (--keep-copies)";
    /** Why nothing was pruned: the schedule keeps its copies forever. */
    public static final String KEPT_BY_SCHEDULE = "kept (the schedule keeps its copies forever; --prune-copies on 'backup schedule' prunes them)";

    /** Writes {@code content} to {@code dir/name} whole, through a hidden file beside it. */
    private static void writeWhole(Path dir, String name, String content) throws IOException {
        Path part = dir.resolve("." + name + ".part");
        Files.writeString(part, content);
        Files.move(part, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The node a subject's backups may be copied to, by name: refused when there is no such node, or when it is the node
     * the subject's backups are made on (a copy there would be lost with them).
     */
    public WorkerNode copyTarget(BackupSubject subject, String nodeName) {
        WorkerNode target;
        try {
            target = nodeService.node(nodeName);
        } catch (dev.homeport.model.inventory.NotFoundException e) {
            throw new dev.homeport.model.ValidationException("copy-to", "there is no Worker Node named '"
                    + nodeName.replaceAll("\\p{Cntrl}", "?") + "' (see 'homeport node list')");
        }
        WorkerNode source = deploys.dataNode(subject.serviceId());
        if (source.id() == target.id()) {
            throw new dev.homeport.model.ValidationException("copy-to", "'" + target.name() + "' is the node the backups are made on;"
                    + " a copy must go to another node, or it is lost with the node");
        }
        return target;
    }

    /** The node a subject's schedule copies its backups to, if it names one (and that node is still there). */
    public Optional<WorkerNode> copyTarget(BackupSubject subject) {
        return schedule(subject).map(BackupSchedule::copyTo).map(nodeService::node);
    }

    /** The prefix that names an S3 target where a node's name could go ({@code --copy-to s3:NAME}, {@code --to s3:NAME}). */
    public static final String S3_PREFIX = "s3:";

    /** The S3 target a subject's schedule copies its backups to, if it names one. */
    public Optional<S3Target> s3CopyTarget(BackupSubject subject) {
        return schedule(subject).map(BackupSchedule::copyToS3).flatMap(id -> inventory.s3Targets().find(id));
    }

    /** The S3 targets a subject's backups may be copied to: its organisation's, by name. */
    public List<S3Target> s3Targets(BackupSubject subject) {
        return inventory.s3Targets().list(organisationOf(subject.serviceId()));
    }

    /** One of the subject's organisation's S3 targets by name (a clear error when it has none so named). */
    public S3Target s3CopyTarget(BackupSubject subject, String name) {
        long organisationId = organisationOf(subject.serviceId());
        try {
            return inventory.s3Targets().named(organisationId, name);
        } catch (dev.homeport.model.inventory.NotFoundException e) {
            throw new dev.homeport.model.ValidationException("copy-to", "the organisation '" + inventory.pathOf(
                    new dev.homeport.model.inventory.Ref(dev.homeport.model.inventory.Level.ORGANISATION, organisationId))
                    + "' has no S3 target named '" + name.replaceAll("\\p{Cntrl}", "?") + "' (see 'homeport s3 list')");
        }
    }

    /** Where a subject's schedule copies its backups, as {@code --copy-to} names it ({@code NODE} or {@code s3:NAME}), if anywhere. */
    public Optional<String> copyLabel(BackupSubject subject) {
        Optional<WorkerNode> node = copyTarget(subject);
        return node.isPresent() ? node.map(WorkerNode::name) : s3CopyTarget(subject).map(t -> S3_PREFIX + t.name());
    }

    /**
     * The schedule as it will be set, its copy target from {@code copyTo} as a user names it: a node's name, or
     * {@code s3:NAME} for one of the subject's organisation's S3 targets; null leaves none.
     */
    public BackupSchedule copiedTo(BackupSchedule schedule, BackupSubject subject, String copyTo) {
        if (copyTo == null) {
            return schedule.copiedTo(null);
        }
        if (copyTo.startsWith(S3_PREFIX)) {
            return schedule.copiedToS3(s3CopyTarget(subject, copyTo.substring(S3_PREFIX.length())).id());
        }
        return schedule.copiedTo(copyTarget(subject, copyTo).id());
    }

    /**
     * What a push did: where the copies are ({@code location}: {@code NODE:FOLDER} or {@code s3://BUCKET/KEYS}), the stamps
     * copied, how many were there already, each one that failed, with why, and the old copies pruned there (by stamp);
     * {@code keptBecause} says why nothing was pruned when pruning did not apply.
     */
    public record Pushed(String location, List<String> copied, int already, List<String> problems, List<String> pruned,
                         String keptBecause) {
        public boolean ok() {
            return problems.isEmpty();
        }

        /** What was copied where, for {@code what} (a subject as the user named it); the pruning is told apart. */
        public String summary(String what) {
            return what + ": " + (copied.isEmpty() ? "nothing new" : copied.size() + " backup(s) copied (" + String.join(", ", copied) + ")")
                    + " to " + location + (already > 0 ? "; " + already + " there already" : "");
        }
    }

    /**
     * Pushes a subject's good backups that its schedule's copy target lacks, to the node or the S3 target it names; empty
     * when it names none. Failures as in {@link #push} and {@link #pushToS3}.
     */
    public Optional<Pushed> pushToCopyTarget(BackupSubject subject, boolean prune, Prompts prompts) {
        Optional<WorkerNode> node = copyTarget(subject);
        if (node.isPresent()) {
            return Optional.of(push(subject, node.get(), null, prune, prompts));
        }
        Optional<S3Target> s3 = s3CopyTarget(subject);
        if (s3.isPresent()) {
            return Optional.of(pushToS3(subject, s3.get(), inventory.s3Targets().secretKey(s3.get()), null, prune, prompts));
        }
        return Optional.empty();
    }

    /**
     * Copies a subject's good backups (only {@code stamp}'s when it is not null) that the node {@code target} lacks, with
     * their manifests, into {@link BackupPaths#copyFolder} there. Each file is streamed by SFTP from its node through this
     * machine (never written to its disk) under a temporary name, and takes its name only when the sha256 the target
     * computes is the manifest's; else it is removed. A failure of one file is kept in {@link Pushed#problems} and the
     * others still go. Connection and listing failures throw. The restore checks' marks go along. When {@code prune}, the
     * copies there then follow the schedule's retention ({@link CopyRetention}), and a backup the retention would remove at
     * once is not copied.
     */
    public Pushed push(BackupSubject subject, WorkerNode target, String stamp, boolean prune, Prompts prompts) {
        return push(subject, target, stamp, prune, prompts, PushWatch.NONE);
    }

    /** {@link #push(BackupSubject, WorkerNode, String, boolean, Prompts)}, telling {@code watch} how it goes and stopping when it says. */
    public Pushed push(BackupSubject subject, WorkerNode target, String stamp, boolean prune, Prompts prompts, PushWatch watch) {
        return alone(PUSHING, subject + " to node " + target.id(), () -> pushAlone(subject, target, stamp, prune, prompts, watch));
    }

    /** Runs {@code work} holding {@code locks}' lock for {@code key}. */
    private static <K, T> T alone(Map<K, ReentrantLock> locks, K key, Supplier<T> work) {
        ReentrantLock lock = lockOf(locks, key);
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** The lock {@code locks} keeps for {@code key}, made the first time it is asked for. */
    private static <K> ReentrantLock lockOf(Map<K, ReentrantLock> locks, K key) {
        return locks.computeIfAbsent(key, at -> new ReentrantLock());
    }

    /** Stops a push {@code watch} cancelled, saying what it had copied. */
    private static void stopIfCancelled(PushWatch watch, List<String> copied) {
        if (watch.cancelled()) {
            throw new java.util.concurrent.CancellationException("The push was cancelled" + (copied.isEmpty() ? "; nothing was copied."
                    : " after " + copied.size() + " backup(s) were copied (" + String.join(", ", copied) + "); they stay, whole."));
        }
    }

    private Pushed pushAlone(BackupSubject subject, WorkerNode target, String stamp, boolean prune, Prompts prompts, PushWatch watch) {
        String volume = resolve(subject).volume();
        WorkerNode source = deploys.dataNode(subject.serviceId());
        if (source.id() == target.id()) {
            throw new dev.homeport.model.ValidationException("to", "'" + target.name() + "' is the node the backups are made on;"
                    + " name another node");
        }
        NodeConnection from = nodeService.connection(source, prompts);
        NodeConnection to = nodeService.connection(target, prompts);
        String folder = BackupPaths.copyFolder(source.name(), volume);
        String listed = listed(from, volume);
        List<BackupRun> all = runs(listed);
        Map<String, VerifiedMark> sourceMarks = marks(listed);
        List<BackupRun> runs = toCopy(all, source, volume, stamp);
        CopyFolder there = copyFolder(to, folder);
        String keptBecause = keptBecause(subject, prune);
        List<String> gone = keptBecause != null ? List.of() : plan(there.plus(all, sourceMarks), subject);
        if (stamp != null && gone.contains(stamp)) {
            throw tooOld(subject, stamp);
        }
        List<String> copied = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int already = 0;
        int count = (int) runs.stream().filter(run -> run.succeeded() && run.manifest().file() != null && !gone.contains(run.stamp())
                && !there.holds(run.stamp())).count();
        FileTransfer.Progress progress = (done, total, file) -> {
            watch.update(done, total, file);
            stopIfCancelled(watch, copied);
        };
        for (BackupRun run : runs.reversed()) {
            BackupManifest m = run.manifest();
            if (!run.succeeded() || m.file() == null || gone.contains(run.stamp())) {
                continue;
            }
            if (there.holds(run.stamp())) {
                already++;
                continue;
            }
            stopIfCancelled(watch, copied);
            watch.backup(run.stamp(), copied.size() + problems.size() + 1, count);
            if (!m.file().matches("[0-9TZ]+\\.[a-z.]+") || m.sha256() == null) {
                problems.add(run.stamp() + ": the manifest names an unexpected file '" + m.file() + "' or no sha256");
                continue;
            }
            String part = "." + m.file() + ".part";
            try {
                from.files().copyTo(BackupPaths.folder(volume) + "/" + m.file(), to.files(), folder + "/" + part, progress);
                ExecResult placed = to.exec(BackupCommands.placeCopy(folder, part, m.file(), m.sha256(), run.stamp() + ".json"),
                        Duration.ofHours(1), (m.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
                if (placed.exitStatus() == 5) {
                    problems.add(run.stamp() + ": the copy on " + target.name() + " has sha256 " + placed.out().strip() + ", not the manifest's "
                            + m.sha256() + "; it was removed");
                } else if (!placed.ok()) {
                    problems.add(run.stamp() + ": the copy could not take its name on " + target.name() + ": " + problem(placed));
                } else {
                    copied.add(run.stamp());
                    there.add(run.stamp(), m);
                }
            } catch (RuntimeException e) {
                try {
                    to.exec(BackupCommands.dropPart(folder, part));
                } catch (RuntimeException ignored) {
                    // the target went away: the temporary name is never listed as a copy, and the next push writes it again
                }
                if (e instanceof java.util.concurrent.CancellationException) {
                    throw e;
                }
                problems.add(run.stamp() + ": " + e.getMessage());
            }
        }
        for (Map.Entry<String, VerifiedMark> mark : sourceMarks.entrySet()) {
            if (there.holds(mark.getKey()) && !gone.contains(mark.getKey()) && !mark.getValue().equals(there.marks().get(mark.getKey()))) {
                ExecResult written = to.exec(BackupCommands.writeMarkIn(folder, mark.getKey()), Duration.ofMinutes(1),
                        (mark.getValue().toJson() + "\n").getBytes(StandardCharsets.UTF_8));
                if (!written.ok()) {
                    problems.add(mark.getKey() + ": its restore check's mark could not be written on " + target.name() + ": " + problem(written));
                }
            }
        }
        List<String> pruned = gone.stream().filter(there::has).toList();
        for (int i = 0; i < pruned.size(); i += 200) {
            ExecResult removed = to.exec(BackupCommands.pruneCopies(folder, pruned.subList(i, Math.min(pruned.size(), i + 200))));
            if (!removed.ok()) {
                throw new BackupException("Cannot prune the old copies on " + target.name() + ": " + problem(removed));
            }
        }
        return new Pushed(target.name() + ":" + folder, copied, already, problems, pruned, keptBecause);
    }

    /**
     * The good backups of a subject this machine holds whole in {@code folder} (the pulled copies), newest first, with the
     * restore checks' marks that came with them; read without connecting. {@link #localCopyFile} and {@link #localCopyManifest} give an
     * entry's files, for {@link Restores#restoreCopy} and {@link #restoreVolumeCopy}.
     */
    public List<Restores.Entry> localCopies(BackupSubject subject, Path folder) {
        CopyFolder here;
        try {
            here = CopyFolder.read(folder.resolve(resolve(subject).volume()));
        } catch (IOException e) {
            throw new BackupException("Cannot read the copies in " + folder + ": " + e.getMessage(), e);
        }
        return here.manifests().entrySet().stream()
                .filter(e -> here.holds(e.getKey()) && e.getValue().succeeded())
                .sorted(Map.Entry.<String, BackupManifest>comparingByKey().reversed())
                .map(e -> new Restores.Entry(e.getKey(), e.getValue(), here.marks().get(e.getKey())))
                .toList();
    }

    /** A copy's encrypted file in {@code folder}, as {@link #localCopies} listed it. */
    public Path localCopyFile(BackupSubject subject, Path folder, Restores.Entry copy) {
        return folder.resolve(resolve(subject).volume()).resolve(copy.manifest().file());
    }

    /** A copy's manifest in {@code folder}, as {@link #localCopies} listed it. */
    public Path localCopyManifest(BackupSubject subject, Path folder, Restores.Entry copy) {
        return folder.resolve(resolve(subject).volume()).resolve(copy.stamp() + ".json");
    }

    /** How many backups of a subject this machine holds whole in {@code folder} (the pulled copies), without connecting. */
    public int copiesHere(BackupSubject subject, Path folder) {
        try {
            return CopyFolder.read(folder.resolve(resolve(subject).volume())).copies().size();
        } catch (IOException e) {
            throw new BackupException("Cannot read the copies in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** A copy folder on {@code connection}'s node, read for a push and its prune. */
    private static CopyFolder copyFolder(NodeConnection connection, String folder) {
        ExecResult result = connection.exec(BackupCommands.copyList(folder, BackupPaths.ROOT));
        if (!result.ok()) {
            throw new BackupException("Cannot read the copies on " + connection.target().name() + ": " + problem(result));
        }
        return CopyFolder.parse(result.out());
    }

    /** The runs a push copies from: {@code stamp}'s only (refused when there is none, or it failed), or all of them. */
    private List<BackupRun> toCopy(NodeConnection from, WorkerNode source, String volume, String stamp) {
        return toCopy(runs(from, volume), source, volume, stamp);
    }

    private static List<BackupRun> toCopy(List<BackupRun> all, WorkerNode source, String volume, String stamp) {
        List<BackupRun> runs = all.stream().filter(r -> stamp == null || r.stamp().equals(stamp)).toList();
        if (stamp != null && (runs.isEmpty() || !runs.getFirst().succeeded())) {
            throw new dev.homeport.model.ValidationException("stamp", runs.isEmpty() ? "no backup " + stamp + " of " + volume + " on "
                    + source.name() + " (see 'homeport backup list')" : "the backup " + stamp + " failed: there is nothing to copy");
        }
        return runs;
    }

    /**
     * Copies a subject's good backups (only {@code stamp}'s when it is not null) to an S3 target with {@link S3Copy}: the
     * node's rclone uploads each file and its manifest (and its restore check's mark) that the bucket lacks, and checks them
     * by size and MD5. A backup that fails its own copy is kept in {@link Pushed#problems}; what fails every copy (the key
     * refused, no bucket, the endpoint out of reach, no rclone) throws {@link S3Exception} at the first. When {@code prune},
     * the bucket's copies then follow the schedule's retention as a copy node's do ({@link CopyRetention}, planned on what
     * the bucket holds with the source's backups added, so a backup the retention would remove at once is not uploaded),
     * deleted by the same rclone.
     */
    public Pushed pushToS3(BackupSubject subject, S3Target target, Secret secretKey, String stamp, boolean prune, Prompts prompts) {
        return pushToS3(subject, target, secretKey, stamp, prune, prompts, PushWatch.NONE);
    }

    /** {@link #pushToS3(BackupSubject, S3Target, Secret, String, boolean, Prompts)}, telling {@code watch} and stopping between backups. */
    public Pushed pushToS3(BackupSubject subject, S3Target target, Secret secretKey, String stamp, boolean prune, Prompts prompts,
                           PushWatch watch) {
        return alone(PUSHING, subject + " to s3 " + target.id(), () -> pushToS3Alone(subject, target, secretKey, stamp, prune, prompts, watch));
    }

    private Pushed pushToS3Alone(BackupSubject subject, S3Target target, Secret secretKey, String stamp, boolean prune, Prompts prompts,
                                 PushWatch watch) {
        String volume = resolve(subject).volume();
        WorkerNode source = deploys.dataNode(subject.serviceId());
        NodeConnection from = nodeService.connection(source, prompts);
        String listed = listed(from, volume);
        List<BackupRun> all = runs(listed);
        List<BackupRun> runs = toCopy(all, source, volume, stamp);
        S3Copy copy = new S3Copy(from, source.name(), target, secretKey);
        String keptBecause = keptBecause(subject, prune);
        CopyFolder there = keptBecause != null ? null : copy.held(volume);
        List<String> gone = there == null ? List.of() : plan(there.plus(all, marks(listed)), subject);
        if (stamp != null && gone.contains(stamp)) {
            throw tooOld(subject, stamp);
        }
        List<String> copied = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int already = 0;
        int count = (int) runs.stream().filter(run -> run.succeeded() && run.manifest().file() != null && !gone.contains(run.stamp())).count();
        int index = 0;
        for (BackupRun run : runs.reversed()) {
            if (!run.succeeded() || run.manifest().file() == null || gone.contains(run.stamp())) {
                continue;
            }
            stopIfCancelled(watch, copied);
            watch.backup(run.stamp(), ++index, count);
            try {
                List<String> uploaded = copy.copy(volume, run.stamp()).uploaded();
                // Only its restore check's mark went up: the backup itself was there already.
                if (uploaded.contains(run.manifest().file()) || uploaded.contains(run.stamp() + ".json")) {
                    copied.add(run.stamp());
                } else {
                    already++;
                }
            } catch (S3Exception e) {
                if (e.reason() != S3Exception.Reason.MISMATCH && e.reason() != S3Exception.Reason.FAILED) {
                    throw e;
                }
                problems.add(run.stamp() + ": " + e.getMessage());
            } catch (BackupException e) {
                problems.add(run.stamp() + ": " + e.getMessage());
            }
        }
        List<String> pruned = there == null ? List.of() : gone.stream().filter(there::has).toList();
        if (!pruned.isEmpty()) {
            copy.remove(volume, pruned);
        }
        return new Pushed("s3://" + target.bucket() + "/" + copy.keyFolder(volume), copied, already, problems, pruned, keptBecause);
    }

    /**
     * What a download from an S3 target did: where from ({@code s3://BUCKET/KEYS}), the backup's stamp, its file and manifest
     * on this machine, whether a restore check passed on it (its mark came along), and whether it was here already, whole.
     */
    public record Fetched(String location, String stamp, Path file, Path manifest, boolean verified, boolean alreadyHere) {
    }

    /**
     * Disaster recovery from a bucket: downloads backup {@code stamp} (the newest the bucket holds whole when null) from an S3
     * target's key folder {@code <node>/<volume>} ({@code from}; null: the subject's own node and volume) into this machine's
     * copies folder {@code folder/<volume>}, with its manifest and its restore check's mark, so that
     * {@code backup restore --from} restores it. The subject's node's rclone downloads it (the secret key on its standard
     * input, as for an upload) into a hidden temporary folder under the node's backups folder, removed after; this machine
     * reads it by SFTP and keeps it only when its sha256 is the manifest's. Blocking.
     */
    public Fetched pullFromS3(BackupSubject subject, S3Target target, Secret secretKey, String from, String stamp, Path folder,
                              Prompts prompts) {
        WorkerNode runner = deploys.dataNode(subject.serviceId());
        String[] nodeAndVolume = s3Folder(subject, runner, from);
        String volume = nodeAndVolume[1];
        NodeConnection connection = nodeService.connection(runner, prompts);
        S3Copy copy = new S3Copy(connection, nodeAndVolume[0], target, secretKey);
        String location = "s3://" + target.bucket() + "/" + copy.keyFolder(volume);
        CopyFolder held = copy.held(volume);
        List<String> whole = held.copies().stream().map(CopyRetention.Copy::stamp).sorted().toList();
        if (stamp == null) {
            if (whole.isEmpty()) {
                throw new BackupException("There is no backup (a file with its manifest) in " + location + ". Name the folder the"
                        + " backups went to with --s3-folder NODE/VOLUME when it was another node's or another volume's.");
            }
            stamp = whole.getLast();
        } else if (!whole.contains(stamp)) {
            throw new dev.homeport.model.ValidationException("stamp", "there is no backup " + stamp + " (a file with its manifest) in "
                    + location + (whole.isEmpty() ? "" : "; the newest there is " + whole.getLast()));
        }
        BackupManifest m = held.manifests().get(stamp);
        if (!m.file().matches("[0-9TZ]+\\.[a-z.]+") || !m.file().startsWith(stamp + ".") || m.sha256() == null) {
            throw new BackupException("The manifest " + stamp + ".json in " + location + " names an unexpected file '" + m.file()
                    + "' or no sha256.");
        }
        VerifiedMark mark = held.marks().get(stamp);
        Path into = folder.resolve(volume);
        // The copies folder a pull writes into: one writer at a time (the watch may pull the same backup meanwhile).
        ReentrantLock lock = lockOf(PULLING, into.toAbsolutePath().normalize());
        lock.lock();
        try {
            Files.createDirectories(into);
            Path file = into.resolve(m.file());
            Path manifestFile = into.resolve(stamp + ".json");
            boolean here = Files.isRegularFile(file) && Files.isRegularFile(manifestFile) && Sha256.hex(file).equals(m.sha256());
            if (!here) {
                ExecResult made = connection.exec(BackupCommands.tempFolder());
                if (!made.ok()) {
                    throw new BackupException("Cannot make a temporary folder in " + BackupPaths.ROOT + " on " + runner.name()
                            + " for the download (provision it again): " + problem(made));
                }
                String dir = made.out().strip();
                Path part = into.resolve("." + m.file() + ".part");
                try {
                    copy.fetch(volume, m.file(), dir);
                    connection.files().download(dir + "/" + m.file(), part, FileTransfer.Progress.NONE);
                    String sha = Sha256.hex(part);
                    if (!sha.equals(m.sha256())) {
                        throw new BackupException("The copy of " + m.file() + " from " + location + " does not match its manifest"
                                + " (sha256 " + sha + ", expected " + m.sha256() + "); it was not kept.");
                    }
                    // The file first, then its manifest, as a pull writes them.
                    Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(part);
                    try {
                        connection.exec(BackupCommands.removeTempFolder(dir));
                    } catch (RuntimeException gone) {
                        // the node went away: its hidden folder stays (never read as a backup); the first failure is the one told
                    }
                }
                writeWhole(into, stamp + ".json", m.toJson() + "\n");
            }
            if (mark != null) {
                writeWhole(into, VerifiedMark.fileName(stamp), mark.toJson() + "\n");
            }
            return new Fetched(location, stamp, file, manifestFile, mark != null && mark.verified(), here);
        } catch (IOException e) {
            throw new BackupException("Cannot copy the backup into " + into + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** The node and volume of a backups' folder in a bucket: {@code from} as {@code NODE/VOLUME}, or (null) the subject's own. */
    private String[] s3Folder(BackupSubject subject, WorkerNode runner, String from) {
        if (from == null) {
            return new String[] {runner.name(), resolve(subject).volume()};
        }
        int slash = from.indexOf('/');
        if (slash <= 0 || from.indexOf('/', slash + 1) >= 0) {
            throw new dev.homeport.model.ValidationException("s3-folder", "the backups' folder in the bucket is NODE/VOLUME (the node"
                    + " the backups were made on and their volume, as 'backup push' printed it after the prefix), got '"
                    + from.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return new String[] {from.substring(0, slash), from.substring(slash + 1)};
    }

    /**
     * The backups an S3 target holds whole (each file with its manifest) in a folder, newest first, with their restore checks'
     * marks: {@code location} is {@code s3://BUCKET/KEYS}, {@code folder} the folder as {@code --s3-folder} names it.
     */
    public record S3Listing(String location, String folder, List<Restores.Entry> backups) {
    }

    /**
     * What {@link #pullFromS3} may download: the whole backups in the key folder {@code from} ({@code NODE/VOLUME}; null: the
     * subject's own node and volume), read by the subject's node's rclone (a listing, and the manifests). Failures to reach
     * the bucket or a refused key throw {@link S3Exception}, as for a push.
     */
    public S3Listing s3Backups(BackupSubject subject, S3Target target, Secret secretKey, String from, Prompts prompts) {
        WorkerNode runner = deploys.dataNode(subject.serviceId());
        String[] nodeAndVolume = s3Folder(subject, runner, from);
        S3Copy copy = new S3Copy(nodeService.connection(runner, prompts), nodeAndVolume[0], target, secretKey);
        CopyFolder held = copy.held(nodeAndVolume[1]);
        List<Restores.Entry> whole = held.copies().stream().map(CopyRetention.Copy::stamp).sorted(Comparator.reverseOrder())
                .map(stamp -> new Restores.Entry(stamp, held.manifests().get(stamp), held.marks().get(stamp))).toList();
        return new S3Listing("s3://" + target.bucket() + "/" + copy.keyFolder(nodeAndVolume[1]), nodeAndVolume[0] + "/" + nodeAndVolume[1],
                whole);
    }

    /** The S3 folder ({@code NODE/VOLUME}) of a subject's own backups: the node they are made on and their volume. */
    public String s3Folder(BackupSubject subject) {
        String[] own = s3Folder(subject, deploys.dataNode(subject.serviceId()), null);
        return own[0] + "/" + own[1];
    }

    /** A push of one backup the copies' retention would remove at once, refused. */
    private RuntimeException tooOld(BackupSubject subject, String stamp) {
        BackupSchedule schedule = schedule(subject).orElseThrow();
        return new dev.homeport.model.ValidationException("stamp", "the backup " + stamp + " is older than the copies' retention keeps"
                + " (the newest " + schedule.keepCount() + ", " + schedule.keepDays() + " days): it would be pruned at once;"
                + " push it with --keep-copies to keep it");
    }

    /**
     * The backup files of a subject that {@code target} holds as copies (by file name), for a listing: one command on the
     * target.
     */
    public java.util.Set<String> copiesOn(BackupSubject subject, WorkerNode target, Prompts prompts) {
        String folder = BackupPaths.copyFolder(deploys.dataNode(subject.serviceId()).name(), resolve(subject).volume());
        return copies(nodeService.connection(target, prompts), folder);
    }

    /**
     * The backup files of a subject that an S3 target holds (by file name), for a listing: one listing by the node's rclone.
     */
    public java.util.Set<String> copiesOn(BackupSubject subject, S3Target target, Prompts prompts) {
        WorkerNode source = deploys.dataNode(subject.serviceId());
        S3Copy copy = new S3Copy(nodeService.connection(source, prompts), source.name(), target, inventory.s3Targets().secretKey(target));
        java.util.Set<String> files = new java.util.HashSet<>();
        copy.list(resolve(subject).volume()).forEach(object -> files.add(object.name()));
        return files;
    }

    private static java.util.Set<String> copies(NodeConnection connection, String folder) {
        ExecResult result = connection.exec(BackupCommands.copies(folder, BackupPaths.ROOT));
        if (!result.ok()) {
            throw new BackupException("Cannot read the copies on " + connection.target().name() + ": " + problem(result));
        }
        java.util.Set<String> files = new java.util.HashSet<>();
        for (String line : result.out().split("\n")) {
            if (!line.isBlank()) {
                files.add(line.strip());
            }
        }
        return files;
    }

    private List<BackupRun> runs(NodeConnection connection, String volume) {
        return runs(listed(connection, volume));
    }

    /** The JSON files of a volume's folder on its node, as {@link BackupCommands#list} prints them. */
    private static String listed(NodeConnection connection, String volume) {
        ExecResult result = connection.exec(BackupCommands.list(volume));
        if (!result.ok()) {
            throw new BackupException("Cannot read the node's backup records: " + problem(result));
        }
        return result.out();
    }

    /** The runs of a listing, newest first. */
    private static List<BackupRun> runs(String listed) {
        List<BackupRun> runs = new ArrayList<>();
        for (String line : listed.split("\n")) {
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

    /** The restore checks' marks of a listing, by stamp. */
    private static Map<String, VerifiedMark> marks(String listed) {
        Map<String, VerifiedMark> marks = new java.util.HashMap<>();
        for (Restores.Entry entry : Restores.entries(listed)) {
            if (entry.mark() != null) {
                marks.put(entry.stamp(), entry.mark());
            }
        }
        return marks;
    }

    /**
     * Writes the node's script, its per-engine parts, the recipient, and {@code volume}'s own recipient (each file
     * only replaced whole).
     */
    private void install(NodeConnection connection, String volume) {
        String recipient = key().recipient();
        Map<String, String> files = new java.util.LinkedHashMap<>(BackupScripts.files(recipient));
        files.put(BackupScripts.recipientOf(volume), recipient + "\n");
        // One round trip when nothing changed (each backup and schedule comes here): only a file that differs is written.
        ExecResult sums = connection.exec(BackupCommands.sums(List.copyOf(files.keySet())));
        java.util.Set<String> current = sums.ok() ? java.util.Set.copyOf(sums.out().lines().toList()) : java.util.Set.of();
        files.forEach((name, content) -> {
            String mode = name.equals(BackupScripts.SCRIPT) ? "700" : "600";
            if (current.contains(Sha256.hex(content) + " " + mode + " " + name)) {
                return;
            }
            ExecResult result = connection.exec(BackupCommands.install(name, mode.equals("700")), Duration.ofMinutes(1),
                    content.getBytes(StandardCharsets.UTF_8));
            if (!result.ok()) {
                throw new BackupException("Cannot write the backup script's " + name + " to the node: " + problem(result));
            }
        });
    }

    /**
     * A database's data volume and engine; or a named volume the service mounts (not a database's data volume, whose
     * backups are its dumps).
     */
    private Resolved resolve(BackupSubject subject) {
        if (!subject.isVolume()) {
            Database database = database(subject.serviceId());
            return new Resolved(database.dataVolume(), database.engine().label());
        }
        Service service = inventory.service(subject.serviceId());
        Optional<Database> database = inventory.databases().find(subject.serviceId());
        if (database.isPresent() && database.get().dataVolume().equals(subject.volume())) {
            throw new dev.homeport.model.ValidationException("volume", subject.volume() + " is the data volume of the database '" + service.name()
                    + "': its backups are dumps, made without ':" + subject.volume() + "' (a tar of a running database's files would not restore)");
        }
        List<String> named = service.options().volumes().stream().filter(dev.homeport.model.Volume::named).map(dev.homeport.model.Volume::source)
                .toList();
        // A volume with a schedule stays reachable after the service stopped mounting it, so its schedule can be read and removed.
        if (!named.contains(subject.volume()) && backups.volumeSchedule(subject.serviceId(), subject.volume()).isEmpty()) {
            throw new dev.homeport.model.ValidationException("volume", "'" + service.name() + "' mounts no named volume " + subject.volume()
                    + "; its named volumes are " + (named.isEmpty() ? "none" : String.join(", ", named)));
        }
        return new Resolved(subject.volume(), BackupManifest.VOLUME);
    }

    private Database database(long serviceId) {
        return inventory.databases().find(serviceId).orElseThrow(() -> new BackupException(
                "'" + inventory.service(serviceId).name() + "' is not a database: back up one of its named volumes as SERVICE:VOLUME."));
    }

    /** The id of the organisation a service belongs to (the first part of its path). */
    private long organisationOf(long serviceId) {
        var path = inventory.pathOf(new dev.homeport.model.inventory.Ref(dev.homeport.model.inventory.Level.SERVICE, serviceId));
        return inventory.resolve(new dev.homeport.model.inventory.InventoryPath(List.of(path.parts().getFirst()))).id();
    }

    /** On a cluster, a replica that stops is replaced by Swarm at once, so "stop it for the tar" cannot hold. */
    private void refuseStopOnACluster(long serviceId, boolean stop) {
        if (stop && deploys.onCluster(serviceId)) {
            throw new BackupException("--stop is not for a service on a cluster: Swarm starts a new replica as soon as one stops, so the"
                    + " tar would be taken while it runs anyway. Back the volume up without --stop. Nothing was changed.");
        }
    }

    private static String problem(ExecResult result) {
        String err = result.err().strip();
        return err.isEmpty() ? "exit status " + result.exitStatus() : err;
    }
}
