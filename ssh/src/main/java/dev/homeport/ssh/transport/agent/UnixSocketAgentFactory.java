package dev.homeport.ssh.transport.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets SSHD's public-key authentication use the keys of the user's running ssh-agent:
 * {@code client.setAgentFactory(new UnixSocketAgentFactory())}. Client side only; it
 * does not forward the agent to servers.
 *
 * <p>When there is no agent, {@link #createClient} throws {@link AgentUnavailableException}
 * rather than offering no keys: SSHD then ends the authentication with that message, where
 * an empty key list would end in a bare "No more authentication methods available". That also
 * ends the session, so where the agent is only one source of keys among others, use
 * {@link #optional()}.
 */
public final class UnixSocketAgentFactory implements SshAgentFactory {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(UnixSocketAgentFactory.class);

    /** Null when SSH_AUTH_SOCK is not set. */
    private final Path socket;
    private final String origin;
    private final Duration timeout;
    private final boolean required;

    /** The agent named by the SSH_AUTH_SOCK environment variable, like OpenSSH's ssh. */
    public UnixSocketAgentFactory() {
        this(System.getenv());
    }

    /** The agent listening on {@code socket}, whatever SSH_AUTH_SOCK says. */
    public UnixSocketAgentFactory(Path socket) {
        this(Objects.requireNonNull(socket, "socket"), AgentSocket.CONFIGURED, DEFAULT_TIMEOUT, true);
    }

    UnixSocketAgentFactory(Map<String, String> environment) {
        this(socketFrom(environment), AgentSocket.FROM_ENVIRONMENT, DEFAULT_TIMEOUT, true);
    }

    private UnixSocketAgentFactory(Path socket, String origin, Duration timeout, boolean required) {
        this.socket = socket;
        this.origin = origin;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.required = required;
    }

    /** The same agent, given {@code timeout} instead of {@link #DEFAULT_TIMEOUT} to answer each request. */
    public UnixSocketAgentFactory withTimeout(Duration timeout) {
        return new UnixSocketAgentFactory(socket, origin, timeout, required);
    }

    /**
     * The same agent, but when its socket is not set or does not exist SSHD goes on without it,
     * to its other keys and methods, as OpenSSH's ssh does. An agent that is there but fails
     * (does not answer, refuses connections) still fails the authentication.
     */
    public UnixSocketAgentFactory optional() {
        return new UnixSocketAgentFactory(socket, origin, timeout, false);
    }

    /** The client for this agent; null (SSHD's "no agent") when the agent is {@link #optional()} and missing. */
    @Override
    public AgentClient createClient(Session session, FactoryManager manager) throws IOException {
        try {
            return new AgentClient(new AgentSocket(existingSocket(), origin, timeout));
        } catch (AgentUnavailableException missing) {
            if (required) {
                throw missing;
            }
            log.info("Authenticating without an ssh-agent: {}", missing.getMessage());
            return null;
        }
    }

    private Path existingSocket() throws AgentUnavailableException {
        if (socket == null) {
            throw new AgentUnavailableException("No ssh-agent to authenticate with: " + SshAgent.SSH_AUTHSOCKET_ENV_NAME
                    + " is not set. Start ssh-agent and add your key with ssh-add, or configure the agent socket path.");
        }
        if (!Files.exists(socket)) {
            throw new AgentUnavailableException("No ssh-agent at " + socket + " (" + origin + "): the socket does not exist. "
                    + "Is ssh-agent running, and is " + SshAgent.SSH_AUTHSOCKET_ENV_NAME + " current?");
        }
        return socket;
    }

    @Override
    public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
        return List.of();
    }

    @Override
    public SshAgentServer createServer(ConnectionService service) {
        throw new UnsupportedOperationException("UnixSocketAgentFactory is client-side only; it cannot serve agent forwarding");
    }

    @Override
    public String toString() {
        String agent = socket == null ? SshAgent.SSH_AUTHSOCKET_ENV_NAME + " not set" : socket + " (" + origin + ")";
        return "UnixSocketAgentFactory[" + agent + (required ? "" : ", optional") + "]";
    }

    private static Path socketFrom(Map<String, String> environment) {
        String value = environment.get(SshAgent.SSH_AUTHSOCKET_ENV_NAME);
        return value == null || value.isBlank() ? null : Path.of(value);
    }
}
