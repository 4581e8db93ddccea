package dev.homeport.ssh.transport;

import dev.homeport.model.vault.Secret;
import java.io.IOException;
import java.time.Duration;
import org.apache.sshd.client.SshClient;
import java.util.EnumSet;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.apache.sshd.common.AttributeRepository;

/**
 * Opens one session: TCP and key exchange (where the host key is checked),
 * then authentication with the target's credentials, within the connect
 * timeout. Every failure names what happened.
 */
final class Login {
    private final NodeConnections owner;
    private final SshTarget target;
    private final Prompts prompts;
    private final Duration timeout;

    Login(NodeConnections owner, SshTarget target, Prompts prompts) {
        this.owner = owner;
        this.target = target;
        this.prompts = prompts;
        this.timeout = owner.settings().connectTimeout();
    }

    /** What happened during one login that the exceptions do not carry. */
    static final class Attempt {
        private volatile HostKeyException rejected;

        void rejected(HostKeyException reason) {
            rejected = reason;
        }
    }

    ClientSession open() {
        SshClient client = owner.clientFor(target.credentials());
        Attempt attempt = new Attempt();
        ClientSession session;
        try {
            session = client.connect(target.user(), target.host(), target.port(),
                    AttributeRepository.ofKeyValuePair(NodeConnections.ATTEMPT, attempt), null).verify(timeout).getClientSession();
        } catch (IOException | RuntimeException e) {
            if (attempt.rejected != null) {
                throw attempt.rejected;
            }
            throw ConnectFailures.connecting(target, e, timeout);
        }
        try {
            // Only once the key exchange is done (and the host key accepted) is anything asked or offered.
            var reached = session.waitFor(EnumSet.of(ClientSessionEvent.WAIT_AUTH, ClientSessionEvent.CLOSED), timeout);
            if (attempt.rejected != null) {
                throw attempt.rejected;
            }
            if (reached.contains(ClientSessionEvent.TIMEOUT)) {
                throw ConnectFailures.timedOut(target, timeout, null);
            }
            if (!reached.contains(ClientSessionEvent.WAIT_AUTH)) {
                throw new NodeException(NodeException.Kind.PROTOCOL, target.host() + ":" + target.port()
                        + " closed the connection before the SSH handshake finished. Is it an SSH server?");
            }
            offerCredentials(session);
            session.auth().verify(timeout);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            if (attempt.rejected != null) {
                throw attempt.rejected;
            }
            if (e instanceof NodeException known) {
                throw known;
            }
            throw ConnectFailures.authenticating(target, e, timeout, target.credentials().describe());
        }
    }

    private void offerCredentials(ClientSession session) {
        switch (target.credentials()) {
            case Credentials.KeyFile file -> KeyLoader.fromFile(file.path(), prompts).forEach(session::addPublicKeyIdentity);
            case Credentials.Keys keys -> keys.pairs().forEach(session::addPublicKeyIdentity);
            case Credentials.Password password -> session.addPasswordIdentity(password(password).reveal());
            case Credentials.Agent agent -> { }
            case Credentials.SshConfig config -> { }
        }
    }

    private Secret password(Credentials.Password password) {
        if (password.stored() != null) {
            return password.stored();
        }
        Secret asked = prompts.password(target.address(), 1);
        if (asked == null) {
            throw new NodeException(NodeException.Kind.AUTH_FAILED, "A password is needed for " + target.address() + ", and none was given.");
        }
        return asked;
    }
}
