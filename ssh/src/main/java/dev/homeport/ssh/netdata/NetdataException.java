package dev.homeport.ssh.netdata;

/** Netdata on a node could not be asked, or did not answer as expected; the message says which and why. */
public class NetdataException extends RuntimeException {
    public NetdataException(String message) {
        super(message);
    }

    public NetdataException(String message, Throwable cause) {
        super(message, cause);
    }
}
