package dev.homeport.app.desktop.backups;

import dev.homeport.app.Homeport;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.backup.ScratchRestore;
import dev.homeport.ssh.backup.Verification;
import dev.homeport.ssh.transport.Prompts;

/**
 * {@link BackupWatch}'s check of a named volume's newest backup, when it was never checked: restored into a scratch
 * volume, its tar's sha256 and file count compared with the manifest, the scratch volume removed and the mark left on
 * the node ({@link dev.homeport.ssh.backup.VolumeRestores#verifyNewest}). Given as a database's check is, so the watch
 * tells a failure the same way.
 */
final class VolumeChecks {
    private VolumeChecks() {
    }

    /** Null when there was nothing new to check; a check that could not run is one that failed. Blocking. */
    static ScratchRestore.Outcome verifyNewest(Homeport homeport, BackupSubject subject, byte[] identity) {
        try {
            return homeport.volumeRestores().verifyNewest(subject, identity, Prompts.NONE)
                    .map(checked -> new ScratchRestore.Outcome(checked.stamp(), checked.verification(), null))
                    .orElse(null);
        } catch (RuntimeException e) {
            return new ScratchRestore.Outcome("newest", Verification.failed(e.getMessage()), null);
        }
    }
}
