package dev.homeport.ssh.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the SSH layer behaves. {@code aliveInterval} and {@code aliveCountMax}
 * mean what OpenSSH's ServerAliveInterval and ServerAliveCountMax mean: a
 * keepalive every interval, and the connection is dropped after that many
 * go unanswered.
 *
 * @param sshConfig   the ssh config file to read Host entries from, or null for none
 * @param agentSocket the ssh-agent socket, or null when there is no agent
 */
public record SshSettings(Duration connectTimeout, Duration aliveInterval, int aliveCountMax, Duration idleClose,
                          Path sshConfig, Path homeportKnownHosts, List<Path> userKnownHosts, Path agentSocket) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public SshSettings {
        userKnownHosts = List.copyOf(userKnownHosts);
    }

    /** OpenSSH's own files for the current user, and Homeport's known_hosts. */
    public static SshSettings defaults(Path homeportKnownHosts) {
        Path home = Path.of(System.getProperty("user.home"));
        String agent = System.getenv("SSH_AUTH_SOCK");
        return new SshSettings(DEFAULT_TIMEOUT, Duration.ofSeconds(15), 3, Duration.ofMinutes(5),
                home.resolve(".ssh/config"), homeportKnownHosts, HostKeys.defaultUserFiles(),
                agent == null || agent.isBlank() ? null : Path.of(agent));
    }

    public SshSettings withConnectTimeout(Duration timeout) {
        return new SshSettings(timeout, aliveInterval, aliveCountMax, idleClose, sshConfig, homeportKnownHosts, userKnownHosts, agentSocket);
    }

    public SshSettings withKeepalive(Duration interval, int countMax) {
        return new SshSettings(connectTimeout, interval, countMax, idleClose, sshConfig, homeportKnownHosts, userKnownHosts, agentSocket);
    }

    public SshSettings withIdleClose(Duration idle) {
        return new SshSettings(connectTimeout, aliveInterval, aliveCountMax, idle, sshConfig, homeportKnownHosts, userKnownHosts, agentSocket);
    }

    public SshSettings withSshConfig(Path config) {
        return new SshSettings(connectTimeout, aliveInterval, aliveCountMax, idleClose, config, homeportKnownHosts, userKnownHosts, agentSocket);
    }

    public SshSettings withUserKnownHosts(List<Path> files) {
        return new SshSettings(connectTimeout, aliveInterval, aliveCountMax, idleClose, sshConfig, homeportKnownHosts, files, agentSocket);
    }

    public SshSettings withAgentSocket(Path socket) {
        return new SshSettings(connectTimeout, aliveInterval, aliveCountMax, idleClose, sshConfig, homeportKnownHosts, userKnownHosts, socket);
    }
}
