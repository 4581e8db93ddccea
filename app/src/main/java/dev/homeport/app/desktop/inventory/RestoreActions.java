package dev.homeport.app.desktop.inventory;

import dev.homeport.app.Homeport;
import dev.homeport.model.S3Target;
import dev.homeport.model.Service;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.backup.Restores;
import dev.homeport.ssh.backup.ScratchRestore;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What {@link RestoreDialog} does with one {@link BackupSubject}'s backups, through the same calls as the command line: a
 * database's ({@link Restores}, a scratch copy beside it, checked table by table) or a named volume's
 * ({@link BackupService#restoreVolume} and {@link dev.homeport.ssh.backup.VolumeRestores}, a new volume whose tar's sha256
 * and file count are checked). Every method but the texts blocks: call them in a background task.
 */
sealed interface RestoreActions {
    /** A check as the dialog shows it; {@code kept} is the restored volume kept for a swap (null: none was kept). */
    record Checked(String stamp, List<String> lines, boolean passed, String kept) {
    }

    static RestoreActions of(Homeport homeport, Service service, BackupSubject subject) {
        return subject.isVolume() ? new OfVolume(homeport, service, subject) : new OfDatabase(homeport, service);
    }

    /** The dialog's title. */
    String title();

    /** What Verify and Restore… do, in a sentence or three. */
    String about();

    /** Whether a Verify or a restore under way can be stopped (a scratch copy removes itself when its thread is interrupted). */
    boolean cancellable();

    List<Restores.Entry> list(Prompts prompts);

    Checked verify(String stamp, byte[] identity, Prompts prompts, Consumer<String> log);

    Checked restore(String stamp, byte[] identity, Prompts prompts, Consumer<String> log);

    /** The copies of these backups on this machine (pulled by the app or {@code backup pull}), newest first; reads the disk. */
    List<Restores.Entry> copiesHere();

    /** Restores a copy on this machine, sent to the node the service runs on now, as {@link #restore} does one on the node. */
    default Checked restoreCopy(Restores.Entry copy, byte[] identity, Prompts prompts, Consumer<String> log) {
        BackupService backups = homeport().backupService();
        Path folder = homeport().databaseBackupFolder();
        return restoreFile(backups.localCopyFile(subject(), folder, copy), backups.localCopyManifest(subject(), folder, copy), identity,
                prompts, log);
    }

    /**
     * Restores a backup file on this machine with its manifest (a copy, or one downloaded from another folder of a bucket), sent
     * to the node the service runs on now.
     */
    Checked restoreFile(Path file, Path manifest, byte[] identity, Prompts prompts, Consumer<String> log);

    /** The subject's backups and the store's calls on them, for what databases and volumes do alike. */
    BackupSubject subject();

    /** The organisation's S3 targets, by name; reads the store. */
    default List<S3Target> s3Targets() {
        return homeport().backupService().s3Targets(subject());
    }

    /** The folder of these backups in a bucket ({@code NODE/VOLUME}): the node they are made on and their volume. */
    default String s3Folder() {
        return homeport().backupService().s3Folder(subject());
    }

    /**
     * The backups the S3 target holds whole in {@code folder} ({@code NODE/VOLUME}; null: these backups' own), newest first,
     * read by the node's rclone as {@code homeport backup list} reads the copy column.
     */
    default BackupService.S3Listing s3Backups(S3Target target, String folder, Prompts prompts) {
        return homeport().backupService().s3Backups(subject(), target, homeport().inventory().s3Targets().secretKey(target), folder, prompts);
    }

    /**
     * Downloads backup {@code stamp} (null: the newest) of the S3 target's {@code folder} (null: these backups' own) into the
     * copies on this machine (through the node's rclone, checked by sha256), as
     * {@code homeport backup pull --from s3:NAME [STAMP] [--s3-folder NODE/VOLUME]} does.
     */
    default BackupService.Fetched downloadFromS3(S3Target target, String folder, String stamp, Prompts prompts) {
        return homeport().backupService().pullFromS3(subject(), target, homeport().inventory().s3Targets().secretKey(target), folder, stamp,
                homeport().databaseBackupFolder(), prompts);
    }

    Homeport homeport();

    /** Removes a restored volume the user chose not to swap in. */
    void discard(String kept, Prompts prompts);

    /** The swap's question, after the check's lines. */
    String swapQuestion(Checked checked);

    /** Makes the restored volume the one the service uses (the caller redeploys); returns the one it used, kept on the node. */
    String swap(Checked checked, Prompts prompts);

    /** The old volumes earlier restores kept, still on the node. */
    List<String> oldVolumes(Prompts prompts);

    /** Drops one of {@link #oldVolumes}; returns how many stopped release containers that mounted it went with it. */
    int drop(String volume, Prompts prompts);

    /** What to act on after {@code checked} was swapped in: a volume's backups go on in the restored volume's own. */
    default RestoreActions afterSwap(Checked checked) {
        return this;
    }

    record OfDatabase(Homeport homeport, Service service) implements RestoreActions {
        @Override
        public BackupSubject subject() {
            return BackupSubject.database(service.id());
        }

        @Override
        public String title() {
            return "Backups of " + service.name();
        }

        @Override
        public String about() {
            return "Verify restores the backup into a scratch copy beside the live database, checks every table's rows and checksum"
                    + " (Redis: each logical database's key count) against what the backup recorded, and removes the copy; the result"
                    + " stays beside the backup on the node. Restore… does the same, shows the check, and only after you confirm"
                    + " redeploys the database on the restored copy; the data it holds now is kept on its volume until you drop it below.";
        }

        @Override
        public boolean cancellable() {
            return true;
        }

        @Override
        public List<Restores.Entry> list(Prompts prompts) {
            return homeport.restores().list(service.id(), prompts);
        }

        @Override
        public Checked verify(String stamp, byte[] identity, Prompts prompts, Consumer<String> log) {
            return checked(homeport.restores().verify(service.id(), stamp, identity, prompts, log));
        }

        @Override
        public Checked restore(String stamp, byte[] identity, Prompts prompts, Consumer<String> log) {
            return checked(homeport.restores().restore(service.id(), stamp, identity, prompts, log));
        }

        @Override
        public List<Restores.Entry> copiesHere() {
            return homeport.backupService().localCopies(subject(), homeport.databaseBackupFolder());
        }

        @Override
        public Checked restoreFile(Path file, Path manifest, byte[] identity, Prompts prompts, Consumer<String> log) {
            return checked(homeport.restores().restoreCopy(service.id(), file, manifest, identity, prompts, log));
        }

        private static Checked checked(ScratchRestore.Outcome outcome) {
            return new Checked(outcome.stamp(), outcome.verification().lines(), outcome.verification().passed(), outcome.keptVolume());
        }

        @Override
        public void discard(String kept, Prompts prompts) {
            homeport.restores().discard(service.id(), kept, prompts);
        }

        @Override
        public String swapQuestion(Checked checked) {
            return service.name() + " is redeployed on the restored volume " + checked.kept() + ". The data it holds now stays on its"
                    + " current volume until you drop it.";
        }

        @Override
        public String swap(Checked checked, Prompts prompts) {
            return homeport.backupService().swapDataVolume(service.id(), checked.kept(), prompts);
        }

        @Override
        public List<String> oldVolumes(Prompts prompts) {
            return homeport.restores().oldVolumes(service.id());
        }

        @Override
        public int drop(String volume, Prompts prompts) {
            return homeport.restores().dropOldVolume(service.id(), volume, prompts);
        }
    }

    record OfVolume(Homeport homeport, Service service, BackupSubject subject) implements RestoreActions {
        @Override
        public String title() {
            return "Backups of " + service.name() + "'s volume " + subject.volume();
        }

        @Override
        public String about() {
            return "Verify unpacks the backup into a scratch volume on the node, checks its tar's sha256 and file count against the"
                    + " backup's record, removes it, and leaves the result beside the backup. Restore… unpacks it into a new volume, shows"
                    + " the check, and only after you confirm redeploys " + service.name() + " on it in place of " + subject.volume()
                    + ", which is kept until you drop it below. Either runs on the node to its end (no Cancel).";
        }

        @Override
        public boolean cancellable() {
            return false;
        }

        @Override
        public List<Restores.Entry> list(Prompts prompts) {
            return homeport.volumeRestores().list(subject, prompts);
        }

        @Override
        public Checked verify(String stamp, byte[] identity, Prompts prompts, Consumer<String> log) {
            return checked(homeport.volumeRestores().verify(subject, stamp, identity, prompts, log));
        }

        @Override
        public Checked restore(String stamp, byte[] identity, Prompts prompts, Consumer<String> log) {
            return checked(homeport.backupService().restoreVolume(subject, stamp, identity, prompts, log));
        }

        @Override
        public List<Restores.Entry> copiesHere() {
            return homeport.backupService().localCopies(subject, homeport.databaseBackupFolder());
        }

        @Override
        public Checked restoreFile(Path file, Path manifest, byte[] identity, Prompts prompts, Consumer<String> log) {
            return checked(homeport.backupService().restoreVolumeCopy(subject, file, manifest, identity, prompts, log));
        }

        private static Checked checked(BackupService.VolumeRestore restore) {
            return new Checked(restore.stamp(), restore.lines(), restore.passed(), restore.restored());
        }

        @Override
        public void discard(String kept, Prompts prompts) {
            homeport.backupService().discardVolume(service.id(), kept, prompts);
        }

        @Override
        public String swapQuestion(Checked checked) {
            return service.name() + " is redeployed with " + checked.kept() + " mounted in place of " + subject.volume() + ", which stays"
                    + " on the node until you drop it.";
        }

        @Override
        public String swap(Checked checked, Prompts prompts) {
            homeport.backupService().swapVolume(service.id(), subject.volume(), checked.kept(), prompts);
            return subject.volume();
        }

        @Override
        public RestoreActions afterSwap(Checked checked) {
            return new OfVolume(homeport, service, BackupSubject.volume(service.id(), checked.kept()));
        }

        @Override
        public List<String> oldVolumes(Prompts prompts) {
            // This volume's own: the ones it was restored from, by name (the service's other volumes have their own dialogs).
            return homeport.volumeRestores().oldVolumes(service.id(), prompts).stream()
                    .filter(old -> subject.volume().startsWith(old + "-restore-")).toList();
        }

        @Override
        public int drop(String volume, Prompts prompts) {
            return homeport.volumeRestores().dropOldVolume(service.id(), volume, prompts);
        }
    }
}
