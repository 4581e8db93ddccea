package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.UpdateConfig;
import com.github.dockerjava.api.model.UpdateFailureAction;
import com.github.dockerjava.api.model.UpdateOrder;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.HealthGate;
import dev.homeport.model.RestartPolicy;
import dev.homeport.model.Volume;
import dev.homeport.ssh.docker.HomeportNetwork;
import dev.homeport.ssh.swarm.SwarmMember;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.NodeConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Swarm service spec of one release: the image by its ID (by a tag, Swarm would ask a registry
 * first), replicas on the cluster's overlay network with DNS round-robin endpoints and no published
 * port (the edge on each node reaches them by name), and rolling updates that start each new replica,
 * wait for its health check, and only then stop an old one, rolling back by themselves when one fails.
 */
final class SwarmServiceSpec {
    /** How long Swarm watches each updated replica for a failure before it counts as done. */
    static final Duration MONITOR = Duration.ofSeconds(5);
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);
    /**
     * The node's static busybox (Debian's busybox-static, which Provision installs), and where each replica sees it,
     * read-only: the replica's secret variables and health check run on it, so they need nothing of the image, not
     * even a shell. It is static, so it runs on any image, one without a C library too.
     */
    static final String NODE_BUSYBOX = "/bin/busybox";
    static final String TOOLBOX = "/.homeport/busybox";

    private SwarmServiceSpec() {
    }

    /** True when the node has a static {@link #NODE_BUSYBOX} for its replicas to borrow. */
    static boolean hasToolbox(NodeConnection node) {
        return node.exec(Command.script("[ -x \"$1\" ] && LC_ALL=C ldd \"$1\" 2>&1 | grep -q 'not a dynamic'", NODE_BUSYBOX)).ok();
    }

    /**
     * {@code env} holds the plain variables only; {@code secrets} the release's Swarm secrets, which a replica
     * reads from files and {@link #SECRETS_TO_ENVIRONMENT} turns into variables before it runs the image's own
     * command ({@code command}: its entrypoint and arguments). {@code toolbox}: every node has a static busybox
     * ({@link #NODE_BUSYBOX}), which each replica then borrows; without it, the image's own shell and tools are used.
     */
    static ServiceSpec of(ReleasePlanner.Place place, long deploymentId, ConfigSnapshot snapshot, String imageId, List<String> env,
                          List<ContainerSpecSecret> secrets, List<String> command, boolean toolbox) {
        Map<String, String> labels = Labels.of(place.key(), deploymentId, place.path());
        List<Mount> mounts = new java.util.ArrayList<>(snapshot.volumes().stream().map(Volume::parse).map(ReleaseContainers::mount).toList());
        if (toolbox) {
            mounts.add(new Mount().withType(MountType.BIND).withSource(NODE_BUSYBOX).withTarget(TOOLBOX).withReadOnly(true));
        }
        ContainerSpec container = new ContainerSpec().withImage(imageId).withEnv(env).withLabels(labels).withMounts(mounts);
        DatabaseEngine engine = snapshot.databaseEngine();
        if (!secrets.isEmpty()) {
            List<String> shell = toolbox ? List.of(TOOLBOX, "sh") : List.of("/bin/sh");
            container.withSecrets(secrets).withCommand(java.util.stream.Stream.concat(shell.stream(),
                    java.util.stream.Stream.of("-c", SECRETS_TO_ENVIRONMENT, DatabaseRuntime.SECRETS_SHELL)).toList()).withArgs(command);
        } else if (engine != null && DatabaseRuntime.command(engine) != null) {
            container.withArgs(DatabaseRuntime.command(engine)); // the image's entrypoint stays, as on one node
        }
        HealthCheck check = engine != null
                ? databaseCheck(engine, Duration.ofSeconds(snapshot.healthTimeoutSeconds()))
                : healthCheck(HealthGate.valueOf(snapshot.healthGate()), snapshot.port(), snapshot.healthPath(),
                        Duration.ofSeconds(snapshot.healthTimeoutSeconds()), toolbox);
        if (check != null) {
            container.withHealthCheck(check);
        }
        ResourceSpecs limits = new ResourceSpecs();
        if (snapshot.cpus() != null) {
            limits.withNanoCPUs(Math.round(snapshot.cpus() * 1_000_000_000L));
        }
        if (snapshot.memoryMb() != null) {
            limits.withMemoryBytes(snapshot.memoryMb() * 1024L * 1024L);
        }
        TaskSpec task = new TaskSpec().withContainerSpec(container)
                .withPlacement(new ServicePlacement().withConstraints(snapshot.pinnedNode() == null ? List.of()
                        : List.of("node.labels." + SwarmMember.NODE_LABEL + "==" + snapshot.pinnedNode())))
                .withResources(new ResourceRequirements().withLimits(limits))
                .withRestartPolicy(new ServiceRestartPolicy().withCondition(restartCondition(RestartPolicy.valueOf(snapshot.restart()))))
                .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(HomeportNetwork.CLUSTER_NAME)));
        // A database: one replica, and the old one stops before the new one opens its data (see stopFirst).
        UpdateOrder order = engine == null ? UpdateOrder.START_FIRST : UpdateOrder.STOP_FIRST;
        return new ServiceSpec().withName(place.swarmName()).withLabels(labels).withTaskTemplate(task)
                .withMode(replicated(engine == null ? snapshot.replicas() : 1))
                .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR))
                .withUpdateConfig(rolling(UpdateFailureAction.ROLLBACK, order))
                .withRollbackConfig(rolling(UpdateFailureAction.PAUSE, order));
    }

    /**
     * A database's own health check ({@link DatabaseRuntime#clusterHealthCheck}), run by Swarm in its replica with the
     * image's shell, after the replica's secret files are read into variables (the check needs the password, which
     * on a cluster is a Swarm secret, not a variable of the container).
     */
    static HealthCheck databaseCheck(DatabaseEngine engine, Duration timeout) {
        List<String> test = new java.util.ArrayList<>(List.of("CMD"));
        test.addAll(DatabaseRuntime.clusterHealthCheck(engine));
        return timed(new HealthCheck().withTest(test), timeout);
    }

    /**
     * Run by {@code /bin/sh} in each replica of a release with secret variables: every file Swarm put in
     * {@code /run/secrets} becomes the variable its name says (names are checked variable names, values are
     * never parsed by the shell), then the image's own command runs in its place. A value loses trailing
     * newlines, as {@code $(…)} drops them.
     */
    static final String SECRETS_TO_ENVIRONMENT = """
            for f in /run/secrets/*; do
              [ -f "$f" ] || continue
              export "${f##*/}=$(cat "$f")"
            done
            exec "$@"
            """;

    static ServiceModeConfig replicated(int replicas) {
        return new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas));
    }

    /**
     * One replica at a time: {@code START_FIRST}, the new one started and healthy before an old one stops; {@code STOP_FIRST}
     * (a database), the old one stopped before the new one starts, so two servers never open one data folder.
     */
    private static UpdateConfig rolling(UpdateFailureAction onFailure, UpdateOrder order) {
        return new UpdateConfig().withParallelism(1L).withDelay(0L).withOrder(order).withFailureAction(onFailure)
                .withMonitor(MONITOR.toNanos()).withMaxFailureRatio(0f);
    }

    /**
     * The health check Swarm runs inside each replica, from the service's gate: Swarm counts a new
     * replica as started only once it passes. With the {@code toolbox}, busybox's wget or nc asks, whatever the
     * image holds; without it, an HTTP check needs wget or curl in the image, a TCP check nc or bash. The image's
     * own HEALTHCHECK is used as it is, and a RUNNING gate has none (Swarm then watches the replica for
     * {@link #MONITOR}). The check may fail for the whole health timeout before it counts against the replica.
     */
    static HealthCheck healthCheck(HealthGate gate, Integer port, String path, Duration timeout, boolean toolbox) {
        if (port == null && (gate == HealthGate.HTTP || gate == HealthGate.TCP)) {
            return null;
        }
        if (toolbox && (gate == HealthGate.HTTP || gate == HealthGate.TCP)) {
            List<String> test = gate == HealthGate.HTTP
                    ? List.of("CMD", TOOLBOX, "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:" + port + (path == null || path.isBlank() ? "/" : path))
                    : List.of("CMD", TOOLBOX, "nc", "-w", "2", "127.0.0.1", Integer.toString(port));
            return timed(new HealthCheck().withTest(test), timeout);
        }
        Command test = switch (gate) {
            case HTTP -> {
                String url = "http://127.0.0.1:" + port + (path == null || path.isBlank() ? "/" : path);
                yield Command.of("wget", "-q", "-O", "/dev/null", url)
                        .or(Command.of("curl", "-fsS", "-o", "/dev/null", url))
                        .or(Command.of("busybox", "wget", "-q", "-O", "/dev/null", url));
            }
            case TCP -> Command.of("nc", "-z", "127.0.0.1", Integer.toString(port))
                    .or(Command.of("busybox", "nc", "-z", "127.0.0.1", Integer.toString(port)))
                    .or(Command.of("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + port));
            case IMAGE, RUNNING, DATABASE -> null;
        };
        if (test == null) {
            return null;
        }
        return timed(new HealthCheck().withTest(List.of("CMD-SHELL", test.render())), timeout);
    }

    private static HealthCheck timed(HealthCheck check, Duration timeout) {
        return check.withInterval(CHECK_INTERVAL.toNanos()).withTimeout(CHECK_TIMEOUT.toNanos()).withRetries(2).withStartPeriod(timeout.toNanos());
    }

    private static ServiceRestartCondition restartCondition(RestartPolicy policy) {
        return switch (policy) {
            case NO -> ServiceRestartCondition.NONE;
            case ON_FAILURE -> ServiceRestartCondition.ON_FAILURE;
            case ALWAYS, UNLESS_STOPPED -> ServiceRestartCondition.ANY;
        };
    }
}
