package dev.homeport.ssh.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Volume;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.proxy.SharedAuthority;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The edge's part on one node, through that node's own Docker: its image, and its socket folder
 * {@code <FOLDERS>/<host name>}. The folders live in one parent so that nodes sharing a disk (the test rig's)
 * never share a folder; the service's mount finds it by Swarm's {@code {{.Node.Hostname}}} template.
 *
 * <p>The folder is made and removed by a container of the edge image with the node's {@code /usr}: Docker makes
 * a missing bind source as root, so no SSH user needs sudo, and nothing reaches a remote shell.
 */
final class EdgeNode {
    private static final Duration ONE_OFF = Duration.ofSeconds(60);
    /** Where a one-off container sees the node's authority folder. */
    private static final String AUTHORITY_MOUNT = "/ca";

    private final DockerClient docker;
    private final String name;
    private final String host;

    EdgeNode(DockerClient docker, String name) {
        this.docker = docker;
        this.name = name;
        this.host = hostName(docker.infoCmd().exec().getName(), name);
    }

    /**
     * The node's host name as its kernel gives it, read over SSH: the name its Docker reports to Swarm
     * ({@code {{.Node.Hostname}}}), known even while that Docker is down.
     */
    static String hostOf(NodeConnection node) {
        return hostName(node.exec(Command.of("uname", "-n")).orThrow("read the host name of " + node.target().name()).out().strip(),
                node.target().name());
    }

    /** The socket's path on a node of this host name, for its Caddy. */
    static String socket(String host) {
        return ClusterEdge.FOLDERS + "/" + host + "/" + EdgeImage.SOCKET.substring(EdgeImage.SOCKET_FOLDER.length() + 1);
    }

    /** Waits until the node's edge container is gone (after the service was removed), so its folder can go. */
    void awaitNoEdgeContainer() throws InterruptedException {
        long deadline = System.nanoTime() + ONE_OFF.toNanos();
        while (!docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("com.docker.swarm.service.name", ClusterEdge.SERVICE)).exec().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new ClusterException(name + " still runs the cluster's edge " + ONE_OFF.toSeconds() + " s after it was removed.");
            }
            Thread.sleep(200);
        }
    }

    void loadIfMissing(EdgeImage image) {
        try {
            docker.inspectImageCmd(image.id()).exec();
        } catch (NotFoundException missing) {
            docker.loadImageCmd(new ByteArrayInputStream(image.archive())).exec();
            try {
                docker.inspectImageCmd(image.id()).exec();
            } catch (NotFoundException stillMissing) {
                throw new ClusterException(name + " loaded the edge's image but has no image " + image.id() + ".");
            }
        }
    }

    /**
     * Makes the socket folder (root, group {@code caddy}, 0750): the node's Caddy runs as {@code caddy} and
     * connects; other users of the node do not. Fails when the node has no group {@code caddy}.
     */
    void makeFolder(EdgeImage image) throws InterruptedException {
        HostConfig config = HostConfig.newHostConfig().withNetworkMode("none").withBinds(
                new Bind(ClusterEdge.FOLDERS + "/" + host, new Volume(EdgeImage.SOCKET_FOLDER)),
                new Bind("/usr", new Volume("/usr"), AccessMode.ro),
                new Bind("/etc/group", new Volume("/etc/group"), AccessMode.ro));
        run(image, config, List.of("/bin/sh", "-c", "chgrp caddy " + EdgeImage.SOCKET_FOLDER + " && chmod 0750 " + EdgeImage.SOCKET_FOLDER),
                id -> { }, "make its edge's socket folder " + ClusterEdge.FOLDERS + "/" + host + " (is Caddy installed, with its group caddy?)");
    }

    /**
     * Puts the cluster's root in the node's authority folder {@code <AUTHORITIES>/<host name>} (root, group
     * {@code caddy}, 0750; the key 0640), for its Caddy. The files go in through Docker's archive API into a
     * container that is not started yet, so the key reaches no command line; then the container sets their group.
     * Returns where they are, as Caddy's config names them.
     */
    SharedAuthority writeAuthority(EdgeImage image, ClusterRoot root) throws InterruptedException {
        String certificate = root.id() + ".crt";
        String key = root.id() + ".key";
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(archive)) {
            EdgeImage.file(tar, certificate, root.certificatePem(), 0644);
            EdgeImage.file(tar, key, root.keyPem(), 0600);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HostConfig config = HostConfig.newHostConfig().withNetworkMode("none").withBinds(
                new Bind(authorityFolder(), new Volume(AUTHORITY_MOUNT)),
                new Bind("/usr", new Volume("/usr"), AccessMode.ro),
                new Bind("/etc/group", new Volume("/etc/group"), AccessMode.ro));
        String in = AUTHORITY_MOUNT + "/";
        run(image, config, List.of("/bin/sh", "-c", "chgrp caddy " + AUTHORITY_MOUNT + " " + in + key + " && chmod 0750 " + AUTHORITY_MOUNT
                        + " && chmod 0640 " + in + key),
                id -> docker.copyArchiveToContainerCmd(id).withRemotePath(AUTHORITY_MOUNT)
                        .withTarInputStream(new ByteArrayInputStream(archive.toByteArray())).exec(),
                "put the cluster's certificate authority in " + authorityFolder() + " (is Caddy installed, with its group caddy?)");
        return new SharedAuthority(root.id(), authorityFolder() + "/" + certificate, authorityFolder() + "/" + key);
    }

    /** The root of the shared authority whose files are in the node's authority folder. */
    ClusterRoot readAuthority(EdgeImage image, SharedAuthority authority) {
        if (!authority.certificateFile().equals(authorityFolder() + "/" + authority.id() + ".crt")
                || !authority.keyFile().equals(authorityFolder() + "/" + authority.id() + ".key")) {
            throw new ClusterException(name + "'s Caddy reads the cluster's certificate authority from " + authority.certificateFile()
                    + ", not from where Homeport put it; it was changed by hand.");
        }
        HostConfig config = HostConfig.newHostConfig().withNetworkMode("none").withBinds(
                new Bind(authorityFolder(), new Volume(AUTHORITY_MOUNT), AccessMode.ro));
        String id = docker.createContainerCmd(image.id()).withLabels(Map.of(EdgeImage.LABEL, "one-off"))
                .withCmd("/none").withHostConfig(config).exec().getId();
        try {
            ClusterRoot root = new ClusterRoot(fileOf(id, authority.id() + ".crt"), fileOf(id, authority.id() + ".key"));
            if (!root.id().equals(authority.id())) {
                throw new ClusterException(name + " holds another root certificate in " + authority.certificateFile() + " than its"
                        + " certificate authority " + authority.id() + " was made from.");
            }
            return root;
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    void removeAuthority(EdgeImage image) throws InterruptedException {
        HostConfig config = HostConfig.newHostConfig().withNetworkMode("none").withBinds(
                new Bind(ClusterEdge.AUTHORITIES, new Volume("/authorities")),
                new Bind("/usr", new Volume("/usr"), AccessMode.ro));
        run(image, config, List.of("/bin/rm", "-rf", "--", "/authorities/" + host), id -> { }, "remove its certificate authority's folder");
    }

    private String authorityFolder() {
        return ClusterEdge.AUTHORITIES + "/" + host;
    }

    /** One file of a created container, read through Docker's archive API. */
    private String fileOf(String container, String file) {
        try (InputStream stream = docker.copyArchiveFromContainerCmd(container, AUTHORITY_MOUNT + "/" + file).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(stream)) {
            if (tar.getNextEntry() == null) {
                throw new ClusterException(name + " has no file " + file + " in " + authorityFolder() + ".");
            }
            return new String(tar.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (NotFoundException missing) {
            throw new ClusterException(name + " has no file " + file + " in " + authorityFolder() + "; its Caddy names it.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void removeFolder(EdgeImage image) throws InterruptedException {
        HostConfig config = HostConfig.newHostConfig().withNetworkMode("none").withBinds(
                new Bind(ClusterEdge.FOLDERS, new Volume("/edges")),
                new Bind("/usr", new Volume("/usr"), AccessMode.ro));
        run(image, config, List.of("/bin/rm", "-rf", "--", "/edges/" + host), id -> { }, "remove its edge's socket folder");
    }

    /** Removes every edge image but {@code keep} (null: all of them); one still in use stays until the next call. */
    void removeImagesBut(String keep) {
        for (Image image : docker.listImagesCmd().withLabelFilter(Map.of(EdgeImage.LABEL, "true")).exec()) {
            if (!image.getId().equals(keep)) {
                try {
                    docker.removeImageCmd(image.getId()).withForce(keep == null).exec();
                } catch (DockerException inUse) {
                    // a container of the old edge is still stopping
                }
            }
        }
    }

    /** Runs a one-off container of the edge image; {@code beforeStart} gets the container made but not started. */
    private void run(EdgeImage image, HostConfig config, List<String> command, Consumer<String> beforeStart, String what)
            throws InterruptedException {
        String id = docker.createContainerCmd(image.id()).withLabels(Map.of(EdgeImage.LABEL, "one-off"))
                .withCmd(command).withHostConfig(config).exec().getId();
        try {
            beforeStart.accept(id);
            docker.startContainerCmd(id).exec();
            long deadline = System.nanoTime() + ONE_OFF.toNanos();
            var state = docker.inspectContainerCmd(id).exec().getState();
            while (Boolean.TRUE.equals(state.getRunning())) {
                if (System.nanoTime() > deadline) {
                    throw new ClusterException(name + " did not " + what + " within " + ONE_OFF.toSeconds() + " s.");
                }
                Thread.sleep(100);
                state = docker.inspectContainerCmd(id).exec().getState();
            }
            Long exit = state.getExitCodeLong();
            if (exit == null || exit != 0) {
                throw new ClusterException(name + " could not " + what + ": exit status " + exit
                        + (state.getError() == null || state.getError().isBlank() ? "" : " (" + state.getError() + ")") + ".");
            }
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    /** A host name becomes a folder name: plain characters only, never "." or "..". */
    private static String hostName(String given, String node) {
        if (given == null || !given.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,252}")) {
            throw new ClusterException(node + "'s Docker gives the host name '" + String.valueOf(given).replaceAll("\\p{Cntrl}", "?")
                    + "', which Homeport cannot use as a folder name for its edge.");
        }
        return given;
    }
}
