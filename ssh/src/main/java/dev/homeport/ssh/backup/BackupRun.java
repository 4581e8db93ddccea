package dev.homeport.ssh.backup;

import java.time.Instant;

/** One run a node recorded: its stamp (the files' common prefix) and its manifest. */
public record BackupRun(String stamp, BackupManifest manifest) {
    public Instant started() {
        return manifest.started() != null ? manifest.started() : BackupPaths.parseStamp(stamp);
    }

    public boolean succeeded() {
        return manifest.succeeded();
    }
}
