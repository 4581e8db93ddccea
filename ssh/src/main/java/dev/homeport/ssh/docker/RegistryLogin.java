package dev.homeport.ssh.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.UnauthorizedException;
import com.github.dockerjava.api.model.AuthConfig;
import dev.homeport.model.vault.Secret;
import java.util.List;
import java.util.Locale;

/**
 * Checks a registry login from a node: Docker's {@code POST /auth}, which has the node's daemon log in to the
 * registry as its pulls do, over the node's network, with the node's TLS trust and insecure-registry settings.
 * The password goes in the request's body through the API (over the SSH channel), never on a command line, and
 * the daemon does not keep it. What Docker answers becomes a {@link RegistryLoginException} that says whether the
 * registry refused the login, could not be reached, or failed at TLS.
 */
public final class RegistryLogin {
    /** Why a login did not work. */
    public enum Refusal { CREDENTIALS, UNREACHABLE, TLS, OTHER }

    private static final List<String> CREDENTIALS = List.of("unauthorized", "incorrect username or password", "status: 401",
            "401 unauthorized", "authentication required", "denied");
    private static final List<String> TLS = List.of("x509", "tls:", "certificate", "server gave http response to https client",
            "does not look like a tls handshake");
    private static final List<String> UNREACHABLE = List.of("dial tcp", "connection refused", "no such host", "i/o timeout",
            "no route to host", "network is unreachable", "deadline exceeded", "client.timeout", "connection reset", "timeout");

    private RegistryLogin() {
    }

    /** Logs in to {@code registry} from the node's Docker; returns when the registry accepted the login. Blocking. */
    public static void check(NodeDocker docker, String registry, String username, Secret password) {
        AuthConfig auth = new Auth().withRegistryAddress(registry).withUsername(username).withPassword(password.reveal());
        try {
            docker.loginClient(registry, username).authCmd().withAuthConfig(auth).exec();
        } catch (DockerException e) {
            String words = DockerMessages.of(e);
            if (!password.isEmpty()) {
                words = words.replace(password.reveal(), "[hidden]"); // Docker does not echo it; never let it through if it did
            }
            Refusal refusal = refusal(e instanceof UnauthorizedException, words);
            // No cause: docker-java's exception carries the response as it came.
            throw new RegistryLoginException(refusal, message(refusal, docker.nodeName(), registry, username, words));
        }
    }

    /** What Docker's answer means; {@code unauthorized} when it answered 401. */
    static Refusal refusal(boolean unauthorized, String dockerWords) {
        String words = dockerWords.toLowerCase(Locale.ROOT);
        if (unauthorized || CREDENTIALS.stream().anyMatch(words::contains)) {
            return Refusal.CREDENTIALS;
        }
        if (TLS.stream().anyMatch(words::contains)) {
            return Refusal.TLS;
        }
        if (UNREACHABLE.stream().anyMatch(words::contains)) {
            return Refusal.UNREACHABLE;
        }
        return Refusal.OTHER;
    }

    static String message(Refusal refusal, String node, String registry, String username, String words) {
        return switch (refusal) {
            case CREDENTIALS -> "The registry " + registry + " refused the login of " + username
                    + ": wrong user name or password (Docker on node " + node + " said: " + words + ")";
            case UNREACHABLE -> "Node " + node + " cannot reach the registry " + registry + ": " + words;
            case TLS -> "TLS problem between node " + node + " and the registry " + registry + ": " + words
                    + " (the node's Docker must trust the registry's certificate, or list it in insecure-registries)";
            case OTHER -> "The login to " + registry + " as " + username + " did not work from node " + node + ": " + words;
        };
    }

    /** docker-java logs a command at debug level with its fields' toString; this one never prints the password. */
    private static final class Auth extends AuthConfig {
        @Override
        public String toString() {
            return "AuthConfig(registry=" + getRegistryAddress() + ", username=" + getUsername() + ", password=[hidden])";
        }
    }
}
