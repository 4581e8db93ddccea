package dev.homeport.ssh.backup;

/** A copy to S3 that could not be done; {@link #reason()} says what kind of refusal, the message says it in words. */
public final class S3Exception extends BackupException {
    public enum Reason {
        /** S3 refused the access key: wrong secret, unknown key id, or no permission. */
        REFUSED_KEY,
        /** The bucket does not exist (or the key cannot see it). */
        NO_BUCKET,
        /** The node cannot reach the endpoint: refused, no such host, timeout, TLS. */
        UNREACHABLE,
        /** The node has no rclone. */
        NO_RCLONE,
        /** An uploaded object's size or MD5 is not the node file's. */
        MISMATCH,
        /** Anything else rclone reported. */
        FAILED
    }

    private final Reason reason;

    public S3Exception(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
