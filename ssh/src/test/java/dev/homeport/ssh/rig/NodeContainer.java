package dev.homeport.ssh.rig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An extra SSH host for tests: a container of the rig's node image, with its
 * own IP address on the Docker bridge, sshd on port 22, and the user
 * {@code homeport} (the rig's test key and password, passwordless sudo).
 */
public final class NodeContainer implements AutoCloseable {
    private final Rig rig;
    private final String name;
    private final String ip;

    private NodeContainer(Rig rig, String name, String ip) {
        this.rig = rig;
        this.name = name;
        this.ip = ip;
    }

    /** Starts a node and waits until its sshd answers. */
    public static NodeContainer start(Rig rig) {
        return start(rig, List.of());
    }

    /**
     * Starts a node that reaches the rig's Docker Engine through its socket, mounted in (no Docker
     * Engine can run inside a container here). The docker CLI is copied in from this machine, and a
     * group {@code docker} gets the socket's gid, as installing Docker would make it; the node's user
     * is not in that group, so only root (through sudo) can use Docker at first.
     */
    public static NodeContainer startWithDockerSocket(Rig rig) {
        String socket = rig.dockerSocket().toString();
        NodeContainer node = start(rig, List.of("-v", socket + ":/var/run/docker.sock"));
        try {
            String gid = Processes.run("stat", "-c", "%g", socket);
            String cli = Processes.run("sh", "-c", "command -v docker");
            Processes.run("docker", "cp", "-L", cli, node.name + ":/usr/local/bin/docker");
            node.exec("groupadd", "-o", "-g", gid, "docker");
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private static NodeContainer start(Rig rig, List<String> runOptions) {
        String name = "homeport-test-" + UUID.randomUUID().toString().substring(0, 8);
        // A container's /proc/sys is read-only, so it gets at start what a host sets at boot (see DeployToolsStep).
        List<String> run = new ArrayList<>(List.of("docker", "run", "-d", "--name", name, "--label", "dev.homeport.test=true",
                "--sysctl", "net.ipv4.tcp_migrate_req=1"));
        run.addAll(runOptions);
        run.add(rig.nodeImage());
        Processes.run(run.toArray(String[]::new));
        String ip = Processes.run("docker", "inspect", "-f", "{{.NetworkSettings.IPAddress}}", name);
        NodeContainer node = new NodeContainer(rig, name, ip);
        node.awaitSsh();
        return node;
    }

    public String name() {
        return name;
    }

    public String ip() {
        return ip;
    }

    public String user() {
        return rig.nodeUser();
    }

    /** Runs a command as root inside the container. */
    public String exec(String... command) {
        List<String> argv = new ArrayList<>(List.of("docker", "exec", name));
        argv.addAll(List.of(command));
        return Processes.run(argv.toArray(String[]::new));
    }

    public String sh(String script) {
        return exec("sh", "-c", script);
    }

    /** What the node's sshd has logged so far (it logs to the container's output). */
    public String sshdLog() {
        Processes.Result result = Processes.call(List.of("docker", "logs", name), null);
        return result.out() + result.err();
    }

    /** Adds a public key line to the homeport user's authorized_keys. */
    public void authorize(String publicKeyLine) {
        Processes.Result result = Processes.call(List.of("docker", "exec", "-i", name, "sh", "-c",
                "cat >> /home/homeport/.ssh/authorized_keys"), publicKeyLine.strip() + "\n");
        if (result.exit() != 0) {
            throw new IllegalStateException("Cannot authorize a key: " + result.err());
        }
    }

    /** The node's host key of a type, such as ed25519, in OpenSSH's one-line form. */
    public String hostKey(String type) {
        return exec("cat", "/etc/ssh/ssh_host_" + type + "_key.pub");
    }

    /** Gives the node new host keys, as a reinstalled server would have, and restarts its sshd. */
    public void regenerateHostKeys() {
        sh("rm -f /etc/ssh/ssh_host_* && ssh-keygen -A >/dev/null && kill -HUP 1");
        awaitSsh();
    }

    private void awaitSsh() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(ip, 22), 1000);
                socket.setSoTimeout(2000);
                String banner = new String(socket.getInputStream().readNBytes(8), StandardCharsets.US_ASCII);
                if (banner.startsWith("SSH-2.0")) {
                    return;
                }
            } catch (IOException notYet) {
                // retry below
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("The node container " + name + " did not start sshd within 60 s");
    }

    @Override
    public void close() {
        Processes.call(List.of("docker", "rm", "-f", name), null);
    }
}
