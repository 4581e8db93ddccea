package dev.homeport.ssh.health;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import dev.homeport.ssh.transport.NodeConnection;
import java.time.Duration;
import java.util.function.Function;

/**
 * Docker Engine answers its API (GET /version), asked through the node's shared docker-java
 * client, so a check reuses the node's kept dial-stdio channel instead of starting a process.
 */
public final class DockerCheck implements HealthCheck {
    public static final String NAME = "docker";
    private final Function<NodeConnection, DockerClient> docker;

    /** {@code docker} gives the node's client for a connection (see {@code NodeClients}). */
    public DockerCheck(Function<NodeConnection, DockerClient> docker) {
        this.docker = docker;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(NodeConnection connection, Duration timeout) {
        try {
            Version version = docker.apply(connection).versionCmd().exec();
            return CheckResult.ok(NAME, "Docker Engine " + version.getVersion() + ".");
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
            int newline = reason.indexOf('\n');
            return CheckResult.failed(NAME, "Docker Engine does not answer: " + (newline < 0 ? reason : reason.substring(0, newline)));
        }
    }
}
