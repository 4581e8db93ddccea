package dev.homeport.ssh.rig;

import dev.homeport.ssh.transport.Credentials;
import dev.homeport.ssh.transport.SshSettings;
import dev.homeport.ssh.transport.SshTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** SSH targets and settings for tests: the rig's sshd and node containers, with known_hosts kept in a test folder. */
public final class RigTargets {
    private RigTargets() {
    }

    /** Settings that trust only the rig's known_hosts, and write accepted keys into {@code folder}. */
    public static SshSettings settings(Rig rig, Path folder) {
        List<Path> trusted = new java.util.ArrayList<>(List.of(rig.knownHosts()));
        rig.clusterKnownHosts().ifPresent(trusted::add);
        return new SshSettings(Duration.ofSeconds(10), Duration.ofSeconds(15), 3, Duration.ofMinutes(5), null,
                folder.resolve("known_hosts"), List.copyOf(trusted), null);
    }

    public static SshTarget rig(Rig rig) {
        return new SshTarget("rig", rig.sshHost(), rig.sshPort(), rig.sshUser(), new Credentials.KeyFile(rig.sshKey()));
    }

    /** Node {@code n} (from 1) of the rig's cluster. */
    public static SshTarget clusterNode(Rig rig, int n) {
        return new SshTarget("cluster-" + n, rig.clusterHost(n), 22, rig.sshUser(), new Credentials.KeyFile(rig.sshKey()));
    }

    public static SshTarget node(Rig rig, NodeContainer node) {
        return new SshTarget(node.name(), node.ip(), 22, node.user(), new Credentials.KeyFile(rig.sshKey()));
    }
}
