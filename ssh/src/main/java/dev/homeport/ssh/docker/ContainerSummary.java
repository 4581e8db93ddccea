package dev.homeport.ssh.docker;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One container on a node as Homeport shows it: its name, image, state and
 * health, the ports it publishes on the node, and its {@code dev.homeport.*}
 * labels, from which Homeport rebuilds its view of the node.
 */
public record ContainerSummary(String id, String name, String image, State state, String status, Health health,
                               List<PublishedPort> ports, Map<String, String> homeportLabels, Instant created) {
    public static final String LABEL_PREFIX = "dev.homeport.";

    public ContainerSummary {
        ports = List.copyOf(ports);
        homeportLabels = java.util.Collections.unmodifiableMap(new TreeMap<>(homeportLabels));
    }

    /** Docker's container states. */
    public enum State {
        CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD, UNKNOWN;

        static State of(String docker) {
            try {
                return docker == null ? UNKNOWN : valueOf(docker.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return UNKNOWN;
            }
        }
    }

    /** The result of the container's health check; NONE when it has none (or is not running). */
    public enum Health {
        NONE, STARTING, HEALTHY, UNHEALTHY;

        /** From the list's status text, such as "Up 3 minutes (healthy)" or "Up 2 seconds (health: starting)". */
        static Health ofStatus(String status) {
            if (status == null) {
                return NONE;
            }
            if (status.contains("(healthy)")) {
                return HEALTHY;
            }
            if (status.contains("(unhealthy)")) {
                return UNHEALTHY;
            }
            if (status.contains("(health: starting)")) {
                return STARTING;
            }
            return NONE;
        }
    }

    /** A container port published on the node: {@code hostIp:hostPort → containerPort/protocol}. */
    public record PublishedPort(String hostIp, int hostPort, int containerPort, String protocol) {
    }

    /** From one entry of Docker's container list. */
    public static ContainerSummary of(Container container) {
        String[] names = container.getNames() == null ? new String[0] : container.getNames();
        String name = names.length == 0 ? container.getId() : names[0].startsWith("/") ? names[0].substring(1) : names[0];
        List<PublishedPort> ports = container.getPorts() == null ? List.of() : Arrays.stream(container.getPorts())
                .filter(port -> port.getPublicPort() != null && port.getPrivatePort() != null)
                .map(ContainerSummary::published)
                .distinct()
                .toList();
        Map<String, String> labels = new TreeMap<>();
        if (container.getLabels() != null) {
            container.getLabels().forEach((key, value) -> {
                if (key.startsWith(LABEL_PREFIX)) {
                    labels.put(key, value);
                }
            });
        }
        return new ContainerSummary(container.getId(), name, container.getImage(), State.of(container.getState()),
                container.getStatus(), Health.ofStatus(container.getStatus()), ports, labels,
                container.getCreated() == null ? Instant.EPOCH : Instant.ofEpochSecond(container.getCreated()));
    }

    private static PublishedPort published(ContainerPort port) {
        return new PublishedPort(port.getIp() == null ? "" : port.getIp(), port.getPublicPort(), port.getPrivatePort(),
                port.getType() == null ? "tcp" : port.getType());
    }
}
