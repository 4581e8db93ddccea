package dev.homeport.ssh.rig;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.swarm.ClusterEdge;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The rig's cluster nodes, reached over SSH as Homeport reaches them, for a test to set up
 * and check what it needs behind Homeport's back. The nodes are shared by every test that
 * uses them (test classes run one at a time), so {@link #reset()} takes each out of any swarm
 * and removes its swarm services: tests call it before and after, and never depend on the
 * state another left.
 */
public final class RigCluster implements AutoCloseable {
    private final Rig rig;
    private final NodeConnections connections;
    private final List<NodeDocker> dockers = new ArrayList<>();
    /** Held while a test uses the cluster: two test JVMs (a developer's and CI's, say) never share it at once. */
    private final FileLock lock;

    public RigCluster(Rig rig, Path folder) {
        this.rig = rig;
        this.lock = lock(Rig.directory().resolve("cluster.lock"));
        this.connections = new NodeConnections(RigTargets.settings(rig, folder.resolve("rig-cluster")));
        for (int n = 1; n <= rig.clusterSize(); n++) {
            NodeConnection connection = connections.to(RigTargets.clusterNode(rig, n), Prompts.NONE);
            dockers.add(new NodeDocker(connection));
        }
    }

    public int size() {
        return dockers.size();
    }

    /** Node {@code n}'s Docker, from 1. */
    public DockerClient docker(int n) {
        return dockers.get(n - 1).client();
    }

    /** Node {@code n}'s Docker as Homeport holds it (with its transport), from 1. */
    public NodeDocker nodeDocker(int n) {
        return dockers.get(n - 1);
    }

    /** The settings the nodes are reached with, for a test that adds a target of its own. */
    public NodeConnections connections() {
        return connections;
    }

    /** The image every cluster node has: the rig loads it into each. */
    public String baseImage() {
        return rig.baseImage();
    }

    /**
     * The rig's images {@code rig up} loads into every node (the base and the database images) and {@link #reset} keeps,
     * as {@code rig fresh} does: loaded once a run, not by each test.
     */
    public List<String> rigImages() {
        return List.of(rig.baseImage(), rig.postgresImage(), rig.mariadbImage(), rig.redisImage());
    }

    /** Builds an image on node 1 from a one-file context (its Dockerfile); the image's full ID. */
    public String buildOnNode1(String tag, String dockerfile) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            byte[] content = dockerfile.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("Dockerfile");
            entry.setSize(content.length);
            out.putArchiveEntry(entry);
            out.write(content);
            out.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String id = docker(1).buildImageCmd(new ByteArrayInputStream(bytes.toByteArray())).withTags(Set.of(tag))
                .withPull(false).withRemove(true).withForcerm(true).exec(new BuildImageResultCallback()).awaitImageId();
        return docker(1).inspectImageCmd(id).exec().getId();
    }

    /**
     * Gives node {@code n} an image of the rig's own Docker (a {@link TestApps} image, say), as {@code docker save |
     * docker load} would, unless it has that image already (the same ID: one of {@link #rigImages}, which {@code rig up}
     * loads into every node); {@link #reset} takes it away again with every image but the rig's.
     */
    public void loadFromRig(String image, int n) {
        String id = Processes.run("docker", "image", "inspect", "-f", "{{.Id}}", image).strip();
        try {
            if (docker(n).inspectImageCmd(image).exec().getId().equals(id)) {
                return;
            }
        } catch (NotFoundException notThere) {
            // loaded below
        }
        Processes.run("bash", "-c", "set -o pipefail; docker save \"$1\" | docker -H \"unix://$2\" load -q >/dev/null", "bash",
                image, rig.clusterDockerSocket(n).toString());
    }

    /** Removes these images (tags or IDs) from every node that has them. */
    public void removeEverywhere(String... images) {
        for (int n = 1; n <= size(); n++) {
            for (String image : images) {
                if (image == null) {
                    continue;
                }
                try {
                    docker(n).removeImageCmd(image).withForce(true).exec();
                } catch (NotFoundException notThere) {
                    // this node never got it, or the tag went with the ID
                }
            }
        }
    }

    public String host(int n) {
        return rig.clusterHost(n);
    }

    /**
     * The service's tasks that run now (all services' when {@code service} is null), as the manager
     * sees them. Docker's {@code desired-state} filter alone is not enough: a task still starting, or
     * one being shut down, passes it; so the task's own state and its container are checked too.
     */
    public List<Task> runningTasks(String service) {
        var list = docker(1).listTasksCmd().withStateFilter(TaskState.RUNNING);
        if (service != null) {
            list.withServiceFilter(service);
        }
        return list.exec().stream()
                .filter(task -> task.getDesiredState() == TaskState.RUNNING && task.getStatus() != null
                        && task.getStatus().getState() == TaskState.RUNNING && task.getStatus().getContainerStatus() != null
                        && task.getStatus().getContainerStatus().getContainerID() != null)
                .toList();
    }

    public LocalNodeState swarmState(int n) {
        var swarm = docker(n).infoCmd().exec().getSwarm();
        return swarm == null ? LocalNodeState.INACTIVE : swarm.getLocalNodeState();
    }

    private boolean answers(int n) {
        try {
            docker(n).pingCmd().exec();
            return true;
        } catch (RuntimeException down) {
            return false;
        }
    }

    /** Node {@code n} dies as a machine whose Docker crashed: its dockerd is killed, with its containers ({@code scripts/rig node-down}). */
    public void nodeDown(int n) {
        rigScript("node-down", Integer.toString(n));
    }

    /** Node {@code n}'s dockerd starts again, as after a reboot ({@code scripts/rig node-up}). */
    public void nodeUp(int n) {
        rigScript("node-up", Integer.toString(n));
    }

    private static void rigScript(String... arguments) {
        Path script = Path.of("").toAbsolutePath();
        while (script != null && !java.nio.file.Files.isExecutable(script.resolve("scripts/rig"))) {
            script = script.getParent();
        }
        if (script == null) {
            throw new IllegalStateException("scripts/rig not found above " + Path.of("").toAbsolutePath());
        }
        List<String> command = new ArrayList<>(List.of(script.resolve("scripts/rig").toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every node out of its swarm (services, secrets and overlay networks go with it) and without containers. */
    public void reset() {
        for (int n = 1; n <= size(); n++) {
            if (!answers(n)) {
                nodeUp(n); // a failover test that stopped halfway left it down
            }
        }
        leaveSwarms();
        for (int n = 1; n <= size(); n++) {
            DockerClient docker = docker(n);
            removeContainers(docker);
            removeImagesButTheRigs(docker);
            // Routes a test that failed halfway left in the node's Caddy would refuse the next test's domains.
            try (CaddyAdmin admin = CaddyAdmin.over(connections.to(RigTargets.clusterNode(rig, n), Prompts.NONE))) {
                CaddyRoutes routes = new CaddyRoutes(admin);
                routes.all().forEach(route -> routes.remove(route.serviceKey()));
                routes.unshare();
            }
        }
        // The edge's and the certificate authority's folders; the nodes share this machine's disk (rig fresh does the same).
        for (String folder : List.of(ClusterEdge.FOLDERS, ClusterEdge.AUTHORITIES)) {
            deleteTree(Path.of(folder));
        }
    }

    /**
     * Takes every node out of its swarm, keeping a quorum of managers to the end: the other managers are demoted first,
     * then the workers leave, then the last manager. A manager that leaves a swarm whose quorum is gone (the second and
     * third of three that leave in turn) waits for Raft's elections first, 10 to 35 s each here. If demoting fails (a
     * swarm without a quorum already, say), every node leaves as it is.
     */
    private void leaveSwarms() {
        int manager = 0;
        for (int n = 1; n <= size() && manager == 0; n++) {
            var swarm = docker(n).infoCmd().exec().getSwarm();
            if (swarm != null && swarm.getLocalNodeState() == LocalNodeState.ACTIVE && Boolean.TRUE.equals(swarm.getControlAvailable())) {
                manager = n;
            }
        }
        if (manager != 0) {
            try {
                demoteAllBut(manager);
            } catch (RuntimeException noQuorum) {
                // each leaves as it is below
            }
        }
        for (int n = 1; n <= size(); n++) {
            if (n != manager) {
                leave(n);
            }
        }
        if (manager != 0) {
            leave(manager);
        }
    }

    /**
     * Demotes every manager of node {@code manager}'s swarm but itself, and waits (at most 30 s) until each demoted node
     * knows. A node that manages a swarm of its own (a test's "another swarm") is no member here and is left as it is.
     */
    private void demoteAllBut(int manager) {
        DockerClient docker = docker(manager);
        String self = docker.infoCmd().exec().getSwarm().getNodeID();
        Set<String> demoted = new java.util.HashSet<>();
        for (var member : docker.listSwarmNodesCmd().exec()) {
            if (!member.getId().equals(self) && member.getSpec().getRole() == com.github.dockerjava.api.model.SwarmNodeRole.MANAGER) {
                docker.updateSwarmNodeCmd().withSwarmNodeId(member.getId()).withVersion(member.getVersion().getIndex())
                        .withSwarmNodeSpec(member.getSpec().withRole(com.github.dockerjava.api.model.SwarmNodeRole.WORKER)).exec();
                demoted.add(member.getId());
            }
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        for (int n = 1; n <= size(); n++) {
            if (n == manager) {
                continue;
            }
            while (true) {
                var swarm = docker(n).infoCmd().exec().getSwarm();
                if (swarm == null || !demoted.contains(swarm.getNodeID()) || !Boolean.TRUE.equals(swarm.getControlAvailable())) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("node " + n + " is still a manager 30 s after it was demoted");
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private void leave(int n) {
        if (swarmState(n) != LocalNodeState.INACTIVE) {
            docker(n).leaveSwarmCmd().withForceEnabled(true).exec();
            restartIfGossipKept(n);
        }
    }

    /**
     * Removes every container, and waits until none is left: a node that just left its swarm removes its task
     * containers by itself, so one may be going already (Docker answers 409) or be gone (404).
     */
    private static void removeContainers(DockerClient docker) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        List<com.github.dockerjava.api.model.Container> left;
        while (!(left = docker.listContainersCmd().withShowAll(true).exec()).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("containers still on the node after 60 s: " + left.stream().map(c -> c.getId()).toList());
            }
            for (var container : left) {
                try {
                    docker.removeContainerCmd(container.getId()).withForce(true).exec();
                } catch (com.github.dockerjava.api.exception.NotFoundException | com.github.dockerjava.api.exception.ConflictException going) {
                    // being removed already, or gone: the next listing tells
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            reset();
        } finally {
            dockers.forEach(NodeDocker::close);
            connections.close();
            try {
                lock.channel().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Docker 20.10 sometimes keeps listening on Swarm's gossip port (7946) after it left a swarm; the next swarm
     * the node joins then fails to start its gossip ("bind: address already in use") and the node has no overlay
     * network, so replicas on it are unreachable. Only a restart of that dockerd lets the port go
     * ({@code rig fresh} does the same).
     */
    private void restartIfGossipKept(int n) {
        NodeConnection node = connections.to(RigTargets.clusterNode(rig, n), Prompts.NONE);
        for (int tries = 0; tries < 6; tries++) {
            if (node.exec(dev.homeport.ssh.transport.Command.of("ss", "-Hltn", "sport = :7946")).out().isBlank()) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        nodeDown(n);
        nodeUp(n);
    }

    /**
     * Every image of the node but the rig's ({@link #rigImages}: releases, the edge's, one {@link #loadFromRig} gave it),
     * as {@code rig fresh} does: a node starts each test, and is left after it, as a new one is. An image with children
     * is refused until they are gone, so a few passes take a chain away.
     */
    private void removeImagesButTheRigs(DockerClient docker) {
        Set<String> kept = new java.util.HashSet<>();
        for (String image : rigImages()) {
            try {
                kept.add(docker.inspectImageCmd(image).exec().getId());
            } catch (NotFoundException notThere) {
                // a node that lacks it (the base is always there); a test loads it when it needs it
            }
        }
        for (int pass = 0; pass < 5; pass++) {
            List<String> others = docker.listImagesCmd().exec().stream().map(com.github.dockerjava.api.model.Image::getId)
                    .filter(id -> !kept.contains(id)).distinct().toList();
            if (others.isEmpty()) {
                return;
            }
            for (String id : others) {
                try {
                    docker.removeImageCmd(id).withForce(true).exec();
                } catch (RuntimeException childrenFirst) {
                    // a parent of another image, or gone with a child: the next pass
                }
            }
        }
    }

    /** Waits for the cluster's lock file, shared by every process that runs cluster tests on this machine. */
    private static FileLock lock(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return channel.lock();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock " + file + ": " + e.getMessage(), e);
        }
    }
}
