package dev.homeport.ssh.transport.agent;

import java.io.IOException;

/** There is no ssh-agent to talk to: the socket is not configured, does not exist, or refuses connections. */
public final class AgentUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public AgentUnavailableException(String message) {
        super(message);
    }

    public AgentUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
