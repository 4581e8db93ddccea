package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.StreamType;
import dev.homeport.model.Volume;
import dev.homeport.ssh.docker.HomeportNetwork;
import dev.homeport.ssh.docker.StopMarks;
import dev.homeport.ssh.transport.NodeConnection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The containers of releases on one node. Each runs on the {@code homeport}
 * network, and publishes its port on the node's loopback only, on a port
 * Homeport picks: Caddy (on the host) proxies to that address, which stays the
 * same when Docker restarts the container or the node reboots. Nothing is
 * published beyond loopback.
 */
final class ReleaseContainers {
    static final int FIRST_PORT = 20000;
    static final int LAST_PORT = 29999;
    private static final int STOP_SECONDS = 10;

    private final DockerClient docker;
    /** Where stops are marked as Homeport's ({@link StopMarks}); null where this reads only. */
    private final NodeConnection node;

    /** For reading, and removing: a stop through this leaves no mark, so the node's watch may count it as down. */
    ReleaseContainers(DockerClient docker) {
        this(docker, null);
    }

    /** Stops and starts mark the container on {@code node} as stopped by Homeport, or not ({@link StopMarks}). */
    ReleaseContainers(DockerClient docker, NodeConnection node) {
        this.docker = docker;
        this.node = node;
    }

    /**
     * What a new container gets; {@code env} holds opened secrets, so it lives only in memory. {@code command}
     * null keeps the image's own; {@code alias} (or null) is a name other containers on the {@code homeport}
     * network reach it by, whichever release is running. {@code toolbox}: the node has a static busybox
     * ({@link SwarmServiceSpec#NODE_BUSYBOX}), which the container borrows, read-only, at
     * {@link SwarmServiceSpec#TOOLBOX} (as a cluster's replicas do), so a shell opens in it even when its image
     * has no {@code /bin/sh} ({@link ContainerShell}).
     */
    record Spec(String name, String imageId, Map<String, String> labels, List<String> env, Integer port,
                dev.homeport.model.RestartPolicy restart, Double cpus, Integer memoryMb, List<Volume> volumes,
                List<String> command, String alias, PublicPort publicPort, boolean toolbox) {
        Spec(String name, String imageId, Map<String, String> labels, List<String> env, Integer port,
             dev.homeport.model.RestartPolicy restart, Double cpus, Integer memoryMb, List<Volume> volumes) {
            this(name, imageId, labels, env, port, restart, cpus, memoryMb, volumes, null, null, null, false);
        }
    }

    /** A container port published on every address of the node, as a database's opt-in public port is. */
    record PublicPort(int hostPort, int containerPort) {
    }

    /** A started release container: its ID and the loopback port that reaches it (null when it has no port). */
    record Started(String id, Integer upstreamPort) {
        String upstream() {
            return upstreamPort == null ? null : "127.0.0.1:" + upstreamPort;
        }
    }

    Started start(Spec spec) {
        removeIfPresent(spec.name(), spec.labels().get(Labels.SERVICE));
        for (int attempt = 1; ; attempt++) {
            Integer hostPort = spec.port() == null ? null : freePort();
            String id = create(spec, hostPort);
            try {
                docker.startContainerCmd(id).exec();
                return new Started(id, hostPort);
            } catch (InternalServerErrorException e) {
                // Another program took the port since it was picked: try another.
                if (hostPort != null && attempt < 3 && String.valueOf(e.getMessage()).contains("address already in use")) {
                    docker.removeContainerCmd(id).withForce(true).exec();
                    continue;
                }
                throw e;
            }
        }
    }

    private String create(Spec spec, Integer hostPort) {
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(HomeportNetwork.NAME)
                .withRestartPolicy(RestartPolicy.parse(spec.restart().dockerName()))
                .withMounts(mounts(spec));
        if (spec.cpus() != null) {
            host.withNanoCPUs(Math.round(spec.cpus() * 1_000_000_000L));
        }
        if (spec.memoryMb() != null) {
            host.withMemory(spec.memoryMb() * 1024L * 1024L);
        }
        Map<String, String> labels = new java.util.HashMap<>(spec.labels());
        CreateContainerCmd create = docker.createContainerCmd(spec.imageId()).withName(spec.name()).withEnv(spec.env());
        if (spec.command() != null) {
            create.withCmd(spec.command());
        }
        if (spec.alias() != null) {
            create.withAliases(spec.alias());
        }
        if (spec.port() != null) {
            ExposedPort exposed = ExposedPort.tcp(spec.port());
            Ports bindings = new Ports();
            bindings.bind(exposed, new Ports.Binding("127.0.0.1", Integer.toString(hostPort)));
            host.withPortBindings(bindings);
            create.withExposedPorts(exposed);
            labels.put(Labels.UPSTREAM, "127.0.0.1:" + hostPort);
        }
        if (spec.publicPort() != null) {
            ExposedPort exposed = ExposedPort.tcp(spec.publicPort().containerPort());
            Ports bindings = new Ports();
            bindings.bind(exposed, Ports.Binding.bindPort(spec.publicPort().hostPort()));
            host.withPortBindings(bindings);
            create.withExposedPorts(exposed);
        }
        return create.withLabels(labels).withHostConfig(host).exec().getId();
    }

    private static List<Mount> mounts(Spec spec) {
        List<Mount> mounts = new ArrayList<>(spec.volumes().stream().map(ReleaseContainers::mount).toList());
        if (spec.toolbox()) {
            mounts.add(new Mount().withType(MountType.BIND).withSource(SwarmServiceSpec.NODE_BUSYBOX).withTarget(SwarmServiceSpec.TOOLBOX)
                    .withReadOnly(true));
        }
        return mounts;
    }

    /** A volume as Docker mounts it: a named volume, or a folder of the node. */
    static Mount mount(Volume volume) {
        return new Mount().withType(volume.named() ? MountType.VOLUME : MountType.BIND)
                .withSource(volume.source()).withTarget(volume.target()).withReadOnly(volume.readOnly());
    }

    /** A loopback port no container on the node publishes yet. */
    private int freePort() {
        Set<Integer> used = new HashSet<>();
        for (Container container : docker.listContainersCmd().withShowAll(true).exec()) {
            for (ContainerPort port : container.getPorts()) {
                if (port.getPublicPort() != null) {
                    used.add(port.getPublicPort());
                }
            }
            String upstream = container.getLabels() == null ? null : container.getLabels().get(Labels.UPSTREAM);
            if (upstream != null) {
                used.add(Integer.parseInt(upstream.substring(upstream.lastIndexOf(':') + 1)));
            }
        }
        for (int tries = 0; tries < 1000; tries++) {
            int candidate = ThreadLocalRandom.current().nextInt(FIRST_PORT, LAST_PORT + 1);
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
        throw new DeployException("No free loopback port between " + FIRST_PORT + " and " + LAST_PORT + " on the node.");
    }

    InspectContainerResponse inspect(String id) {
        return docker.inspectContainerCmd(id).exec();
    }

    /** The container of a service's deployment, if the node still has it. */
    Optional<Container> ofDeployment(long serviceKey, long deploymentId) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.SERVICE, Long.toString(serviceKey), Labels.DEPLOYMENT, Long.toString(deploymentId)))
                .exec().stream().findFirst();
    }

    /** Every container of a service's releases, running or not. */
    List<Container> ofService(long serviceKey) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.SERVICE, Long.toString(serviceKey))).exec();
    }

    /** Stops the container on purpose: marked first, so the node's watch never counts it as down. */
    void stop(String id) {
        if (node != null) {
            try {
                StopMarks.mark(node, fullId(id));
            } catch (NotFoundException e) {
                return; // gone
            }
        }
        try {
            docker.stopContainerCmd(id).withTimeout(STOP_SECONDS).exec();
        } catch (NotModifiedException | NotFoundException e) {
            // already stopped, or gone
        }
    }

    void startExisting(String id) {
        try {
            docker.startContainerCmd(id).exec();
        } catch (NotModifiedException e) {
            // already running
        } catch (NotFoundException e) {
            throw networkGone(e);
        }
        unmark(id);
    }

    void restart(String id) {
        try {
            docker.restartContainerCmd(id).withTimeout(STOP_SECONDS).exec();
        } catch (NotFoundException e) {
            throw networkGone(e);
        }
        unmark(id);
    }

    private void unmark(String id) {
        if (node != null) {
            StopMarks.unmark(node, fullId(id));
        }
    }

    /** The container's full ID (what the node's marks are named by): IDs from Docker's lists already are. */
    private String fullId(String id) {
        return id.matches("[0-9a-f]{64}") ? id : docker.inspectContainerCmd(id).exec().getId();
    }

    /**
     * A container keeps the ID of the network it joined: once that network is removed, Docker cannot start it
     * again, even on a new network of the same name. A deploy makes the network anew and starts a new container.
     */
    private static RuntimeException networkGone(NotFoundException e) {
        if (String.valueOf(e.getMessage()).contains("network")) {
            return new DeployException("The node's Docker network " + HomeportNetwork.NAME + " was removed after this release started,"
                    + " so Docker cannot start its container again. Deploy the service again: the deploy makes the network anew.", e);
        }
        return e;
    }

    void remove(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException e) {
            // already gone
        }
    }

    /** Removes a leftover container with this name, only if it is one of this service's: anything else on the node is left alone. */
    private void removeIfPresent(String name, String serviceKey) {
        try {
            InspectContainerResponse existing = docker.inspectContainerCmd(name).exec();
            Map<String, String> labels = existing.getConfig().getLabels();
            if (labels == null || !serviceKey.equals(labels.get(Labels.SERVICE))) {
                throw new DeployException("The node already has a container named " + name + " that is not this service's; Homeport leaves it alone."
                        + " Rename or remove it, then deploy again.");
            }
            docker.removeContainerCmd(name).withForce(true).exec();
        } catch (NotFoundException e) {
            // the usual case
        } catch (ConflictException e) {
            throw new DeployException("A container named " + name + " is being removed on the node; try again in a moment.", e);
        }
    }

    /** Runs a program in the running container through Docker's exec API, with {@code stdin} (or null) on its standard input. */
    dev.homeport.ssh.docker.ContainerExec.Result exec(String id, List<String> command, byte[] stdin, java.time.Duration timeout) {
        return dev.homeport.ssh.docker.ContainerExec.run(docker, id, command, stdin, timeout);
    }

    /** The last lines a container printed, for the reason of a failed health check. */
    List<String> lastLines(String id, int count) {
        return FrameLines.read(docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(count));
    }
}
