package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Task;
import dev.homeport.model.Deployment;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.docker.ServiceLogs;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.swarm.SwarmClusters;
import dev.homeport.ssh.transport.Prompts;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What a service's live release on a cluster does between deploys, through its Swarm service on a
 * manager: scaling, stopping (no replica), starting, a rolling restart, and the replicas' logs.
 */
final class ClusterReleases {
    private final Inventory inventory;
    private final DeploymentHistory history;
    private final SwarmClusters clusters;
    private final NodeClients clients;
    private final ReleasePlanner planner;

    ClusterReleases(Inventory inventory, DeploymentHistory history, SwarmClusters clusters, NodeClients clients, ReleasePlanner planner) {
        this.inventory = inventory;
        this.history = history;
        this.clusters = clusters;
        this.clients = clients;
        this.planner = planner;
    }

    /** Runs {@code replicas} replicas of the live release now, without a new release; returns what changed, in words. */
    String scale(long serviceId, int replicas, Prompts prompts) {
        DockerClient manager = manager(serviceId, prompts);
        Optional<Service> service = swarmService(serviceId, manager);
        if (service.isEmpty()) {
            return "It has no live release on the cluster yet: the next deploy starts " + replicas + ".";
        }
        update(manager, service.get(), spec -> spec.withMode(SwarmServiceSpec.replicated(replicas)));
        return "Swarm now runs " + replicas + (replicas == 1 ? " replica" : " replicas") + " of the live release.";
    }

    void stop(long serviceId, Prompts prompts) {
        DockerClient manager = manager(serviceId, prompts);
        update(manager, live(serviceId, manager), spec -> spec.withMode(SwarmServiceSpec.replicated(0)));
    }

    void start(long serviceId, Prompts prompts) {
        // A database runs one replica, whatever its replicas setting says.
        int replicas = inventory.databases().find(serviceId).isPresent() ? 1 : inventory.service(serviceId).options().replicas();
        DockerClient manager = manager(serviceId, prompts);
        update(manager, live(serviceId, manager), spec -> spec.withMode(SwarmServiceSpec.replicated(replicas)));
    }

    /** Replaces every replica with a fresh one, one at a time, as an update does (Swarm's "force update"). */
    void restart(long serviceId, Prompts prompts) {
        DockerClient manager = manager(serviceId, prompts);
        update(manager, live(serviceId, manager), spec -> {
            Integer force = spec.getTaskTemplate().getForceUpdate();
            spec.getTaskTemplate().withForceUpdate(force == null ? 1 : force + 1);
            return spec;
        });
    }

    /**
     * Follows the logs of every replica of the live release, each line led by its replica ({@code web.2@n3}),
     * with the release's secret variables masked. Close the result to stop.
     */
    ResultCallback.Adapter<Frame> logs(long serviceId, int tail, boolean follow, java.time.Instant since, SecretMask secrets, Prompts prompts,
                                       Consumer<String> lines) {
        NodeDocker manager = managerDocker(serviceId, prompts);
        Service service = live(serviceId, manager.client());
        SwarmServices services = new SwarmServices(manager.client());
        String name = inventory.service(serviceId).name();
        Map<String, String> replicaNames = new java.util.concurrent.ConcurrentHashMap<>();
        Runnable readNames = () -> {
            Map<String, String> nodeNames = services.nodeNames();
            for (Task task : services.tasks(service.getId())) {
                replicaNames.put(task.getId(), name + "." + task.getSlot() + "@" + nodeNames.getOrDefault(task.getNodeId(), "?"));
            }
        };
        readNames.run();
        return ServiceLogs.read(manager, service.getId(), tail, follow, since, new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                for (String line : new String(frame.getPayload(), StandardCharsets.UTF_8).lines().toList()) {
                    String task = taskOf(line);
                    if (task != null && !replicaNames.containsKey(task)) {
                        readNames.run(); // a replica started since: Swarm replaced or added one
                        replicaNames.putIfAbsent(task, task.substring(0, Math.min(12, task.length())));
                    }
                    lines.accept(secrets.apply(withReplica(line, replicaNames)));
                }
            }
        });
    }

    /** The task ID in a line's details, or null. */
    static String taskOf(String line) {
        String[] parts = line.split(" ", 3);
        if (parts.length < 3) {
            return null;
        }
        for (String pair : parts[1].split(",")) {
            if (pair.startsWith("com.docker.swarm.task.id=")) {
                return pair.substring(pair.indexOf('=') + 1);
            }
        }
        return null;
    }

    /**
     * {@code <time> <details> <message>} as Swarm sends a line with details, made {@code <time> <replica> <message>};
     * the details are comma-separated {@code key=value} pairs, one of them the task's ID.
     */
    static String withReplica(String line, Map<String, String> replicaNames) {
        String task = taskOf(line);
        if (task == null) {
            return line;
        }
        String[] parts = line.split(" ", 3);
        return parts[0] + " " + replicaNames.getOrDefault(task, task.substring(0, Math.min(12, task.length()))) + " " + parts[2];
    }

    private Service live(long serviceId, DockerClient manager) {
        Deployment live = history.live(serviceId)
                .orElseThrow(() -> new DeployException(planner.place(serviceId).path() + " has no live release."));
        return swarmService(serviceId, manager).orElseThrow(() -> new DeployException("The Swarm service of deployment #" + live.id()
                + " (" + planner.place(serviceId).swarmName() + ") is gone from the cluster. Deploy again to make it."));
    }

    private Optional<Service> swarmService(long serviceId, DockerClient manager) {
        return new SwarmServices(manager).of(inventory.serviceNodeKey(serviceId));
    }

    private static void update(DockerClient manager, Service service, UnaryOperator<ServiceSpec> change) {
        manager.updateServiceCmd(service.getId(), change.apply(service.getSpec())).withVersion(service.getVersion().getIndex()).exec();
    }

    private DockerClient manager(long serviceId, Prompts prompts) {
        return managerDocker(serviceId, prompts).client();
    }

    private NodeDocker managerDocker(long serviceId, Prompts prompts) {
        return clients.docker(clusters.manager(inventory.service(serviceId).environmentId(), prompts), prompts);
    }
}
