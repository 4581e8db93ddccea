package dev.homeport.ssh.transport;

import java.nio.charset.StandardCharsets;

/** What a finished remote command left: its exit status and both outputs. */
public record ExecResult(int exitStatus, byte[] stdout, byte[] stderr) {
    public boolean ok() {
        return exitStatus == 0;
    }

    public String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String err() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** The result when the command succeeded; otherwise a failure naming its status and stderr. */
    public ExecResult orThrow(String what) {
        if (!ok()) {
            String detail = err().strip();
            throw new RemoteCommandException(what + " failed with exit status " + exitStatus + (detail.isEmpty() ? "" : ": " + detail), this);
        }
        return this;
    }
}
