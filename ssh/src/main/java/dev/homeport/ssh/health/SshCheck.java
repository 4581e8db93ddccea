package dev.homeport.ssh.health;

import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeException;
import java.time.Duration;

/**
 * The first check of every round: the node accepts the SSH connection (with
 * its pinned host key; a changed or unknown key is a failure, never accepted
 * here) and runs a command. When it fails, the node is DOWN.
 */
final class SshCheck {
    static final String NAME = "ssh";

    private SshCheck() {
    }

    static CheckResult check(NodeConnection connection, Duration timeout) {
        try {
            ExecResult result = connection.exec(HealthCommands.alive(), timeout, null);
            return result.ok() ? CheckResult.ok(NAME, "Connected; commands run.")
                    : CheckResult.failed(NAME, "Connected, but 'true' exited " + result.exitStatus() + ".");
        } catch (HostKeyException e) {
            return CheckResult.failed(NAME, "Host key refused (" + e.reason().name().toLowerCase(java.util.Locale.ROOT) + "): " + e.getMessage());
        } catch (NodeException e) {
            return CheckResult.failed(NAME, e.getMessage());
        }
    }
}
