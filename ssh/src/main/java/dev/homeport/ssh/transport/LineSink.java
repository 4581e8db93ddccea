package dev.homeport.ssh.transport;

/** Receives a remote command's output, one line at a time, as it arrives. */
@FunctionalInterface
public interface LineSink {
    enum Source { STDOUT, STDERR }

    /** Called on a reader thread; blocking here holds the remote command back. */
    void line(Source source, String line);
}
