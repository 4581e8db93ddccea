package dev.homeport.ssh.health;

import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.NodeConnection;
import java.time.Duration;

/** Docker Engine answers: {@code docker version} reports a server version. */
public final class DockerCheck implements HealthCheck {
    public static final String NAME = "docker";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(NodeConnection connection, Duration timeout) {
        ExecResult result = connection.exec(HealthCommands.dockerServerVersion(), timeout, null);
        String version = result.out().strip();
        if (result.ok() && !version.isEmpty()) {
            return CheckResult.ok(NAME, "Docker Engine " + version + ".");
        }
        String reason = result.err().strip();
        int newline = reason.indexOf('\n');
        return CheckResult.failed(NAME, "Docker Engine does not answer" + (reason.isEmpty() ? "" : ": "
                + (newline < 0 ? reason : reason.substring(0, newline))));
    }
}
