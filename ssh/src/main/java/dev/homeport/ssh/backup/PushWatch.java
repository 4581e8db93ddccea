package dev.homeport.ssh.backup;

import dev.homeport.ssh.transport.FileTransfer;

/**
 * What a push on demand ({@link BackupService#push}, {@link BackupService#pushToS3}) tells as it goes, and whether it is to
 * stop. It is asked before each backup, and, to a node, after each chunk of the file streamed: a cancel there stops the
 * transfer under way (its temporary file on the target is removed, or never listed as a copy). To S3, the node's rclone
 * uploads a file whole: a cancel stops before the next backup. A cancelled push throws
 * {@link java.util.concurrent.CancellationException}; the backups copied before it stay, each whole.
 */
public interface PushWatch extends FileTransfer.Progress {
    /** The backup {@code stamp} is about to be copied: the {@code index}th (from 1) of {@code count} to copy. */
    default void backup(String stamp, int index, int count) {
    }

    /** Whether to stop: read from the push's thread. */
    default boolean cancelled() {
        return false;
    }

    /** Tells nothing and never stops (the app's watch, the command line). */
    PushWatch NONE = (done, total, file) -> { };
}
