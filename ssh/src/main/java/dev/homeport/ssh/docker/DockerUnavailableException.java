package dev.homeport.ssh.docker;

/**
 * The node's Docker Engine cannot be used over SSH: {@code docker} is missing,
 * the user may not open the daemon's socket, the daemon is down, or it speaks
 * no API version Homeport knows. The message says which, in words.
 */
public class DockerUnavailableException extends RuntimeException {
    public DockerUnavailableException(String message) {
        super(message);
    }

    public DockerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
