package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.SecretSpec;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.ServiceUpdateState;
import com.github.dockerjava.api.model.ServiceUpdateStatus;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import dev.homeport.model.Deployment;
import dev.homeport.model.HealthGate;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.vault.Sealed;
import dev.homeport.ssh.docker.HomeportNetwork;
import dev.homeport.ssh.docker.ImageTransfer;
import dev.homeport.ssh.docker.ImageTransferException;
import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.swarm.ClusterEdge;
import dev.homeport.ssh.swarm.EdgeRoute;
import dev.homeport.ssh.swarm.SkippedNode;
import dev.homeport.ssh.transport.NodeConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A release as a Swarm service on the environment's cluster. The image, pulled or built on one node, is
 * copied to every other node first (so no replica asks a registry for it), then the service is made, or
 * updated to the new image and settings: Swarm starts each new replica, waits for its health check, and
 * only then stops an old one; if a new replica fails, Swarm rolls the service back by itself.
 */
final class SwarmRelease implements ReleaseTarget {
    private static final long POLL_MILLIS = 500;
    /** A new service (nothing to roll back to) whose replicas failed this often has failed. */
    private static final int FAILURES_OF_NEW_SERVICE = 3;
    private static final Set<ServiceUpdateState> STOPPED_UPDATES = Set.of(ServiceUpdateState.PAUSED, ServiceUpdateState.ROLLBACK_STARTED,
            ServiceUpdateState.ROLLBACK_PAUSED, ServiceUpdateState.ROLLBACK_COMPLETED);

    private final Deployment deployment;
    private final ReleasePlanner.Place place;
    private final ConfigSnapshot snapshot;
    private final Inventory inventory;
    private final NodeDocker build;
    private final List<NodeDocker> members;
    private final List<NodeConnection> connections;
    private final DockerClient manager;
    private final SwarmServices services;
    private final DeployLog log;
    private final Cancel cancel;
    private String serviceId;
    /** A database's containers of one node, stopped before its first Swarm service started (the Docker of each, and its ID). */
    private final List<DockerClient> stoppedContainers = new ArrayList<>();
    private final List<String> stoppedContainerIds = new ArrayList<>();
    /** The service's spec before this release; null when this release made the service. */
    private ServiceSpec before;

    /**
     * {@code build} is the node the image was pulled or built on, {@code manager} a manager's Docker, {@code members}
     * the Docker of every node that answers and {@code connections} their SSH connections, in the same order.
     */
    SwarmRelease(Deployment deployment, ReleasePlanner.Place place, ConfigSnapshot snapshot, Inventory inventory, NodeDocker build,
                 List<NodeDocker> members, List<NodeConnection> connections, DockerClient manager, DeployLog log, Cancel cancel) {
        this.deployment = deployment;
        this.place = place;
        this.snapshot = snapshot;
        this.inventory = inventory;
        this.build = build;
        this.members = List.copyOf(members);
        this.connections = List.copyOf(connections);
        this.manager = manager;
        this.services = new SwarmServices(manager);
        this.log = log;
        this.cancel = cancel;
    }

    @Override
    public String describe() {
        List<String> names = members.stream().map(NodeDocker::nodeName).toList();
        if (snapshot.databaseEngine() != null) {
            return "to " + snapshot.pinnedNode() + " of the cluster of " + String.join(", ", names.subList(0, names.size() - 1)) + " and "
                    + names.getLast() + " (a database: one replica, pinned to the node of its data volume)";
        }
        return "to the cluster of " + String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast()
                + " (" + snapshot.replicas() + (snapshot.replicas() == 1 ? " replica)" : " replicas)");
    }

    /**
     * True when every node has a static busybox for the replicas to borrow (see {@link SwarmServiceSpec#NODE_BUSYBOX}):
     * a replica Swarm places on a node without it would fail to start.
     */
    private boolean everyNodeHasTheToolbox() {
        List<String> without = new ArrayList<>();
        for (NodeConnection node : connections) {
            if (!SwarmServiceSpec.hasToolbox(node)) {
                without.add(node.target().name());
            }
        }
        if (!without.isEmpty()) {
            log.line(String.join(", ", without) + (without.size() == 1 ? " has" : " have") + " no static busybox (Provision installs"
                    + " busybox-static): the replicas' secret variables need the image's /bin/sh, and their health check its wget, curl or nc");
        }
        return without.isEmpty();
    }

    /** Every node's Caddy is asked: each of them will route the domains. */
    @Override
    public void requireDomainsFree() {
        for (NodeConnection node : connections) {
            NodeRelease.requireDomainsFree(node, place, snapshot, inventory);
        }
    }

    @Override
    public void start(PreparedImage image) {
        copyToEveryNode(image);
        if (HomeportNetwork.ensureCluster(manager)) {
            log.line("Made the cluster's overlay network " + HomeportNetwork.CLUSTER_NAME);
        }
        if (HealthGate.valueOf(snapshot.healthGate()) == HealthGate.IMAGE && !hasHealthCheck(image)) {
            throw new HealthGateCheck.HealthGateFailed("the image has no HEALTHCHECK; choose the http, tcp or running health check");
        }
        ServiceSpec spec = SwarmServiceSpec.of(place, deployment.id(), snapshot, image.id(), plainVariables(), makeSecrets(),
                imageCommand(image), everyNodeHasTheToolbox());
        var existing = services.of(place.key());
        boolean database = snapshot.databaseEngine() != null;
        if (existing.isPresent()) {
            serviceId = existing.get().getId();
            before = existing.get().getSpec();
            manager.updateServiceCmd(serviceId, spec).withVersion(existing.get().getVersion().getIndex()).exec();
            log.line(database
                    ? "Updating the Swarm service " + place.swarmName() + " on " + snapshot.pinnedNode() + ": a database runs one replica"
                            + " at a time on its data, so Swarm stops the running one before the new one starts"
                    : "Updating the Swarm service " + place.swarmName() + " to " + replicas() + ", one at a time: each new replica"
                            + " starts and passes its health check before an old one stops");
        } else {
            if (database) {
                stopContainersOfOneNode();
            }
            serviceId = manager.createServiceCmd(spec).exec().getId();
            log.line("Made the Swarm service " + place.swarmName() + " with " + replicas()
                    + (database ? " on " + snapshot.pinnedNode() + ", where its data volume is" : ""));
        }
    }

    /**
     * A database deployed before its environment became a cluster runs as a container on its node; it stops before the
     * Swarm service starts on the same volume (two servers must never open one data folder), and starts again if this
     * release fails.
     */
    private void stopContainersOfOneNode() {
        for (NodeDocker member : members) {
            if (!member.nodeName().equals(snapshot.pinnedNode())) {
                continue;
            }
            ReleaseContainers containers = new ReleaseContainers(member.client());
            for (var container : containers.ofService(place.key())) {
                boolean task = container.getLabels() != null && container.getLabels().containsKey("com.docker.swarm.task.id");
                if (!task && "running".equals(container.getState())) {
                    log.line("A database runs one server at a time on its data: stopping its container "
                            + String.join(",", container.getNames()).replace("/", "") + " on " + member.nodeName()
                            + " before its Swarm service starts");
                    member.client().stopContainerCmd(container.getId()).withTimeout(30).exec();
                    stoppedContainers.add(member.client());
                    stoppedContainerIds.add(container.getId());
                }
            }
        }
    }

    /** The containers {@link #stopContainersOfOneNode} stopped start again: the new service failed and is gone. */
    private String startStoppedContainers() {
        StringBuilder said = new StringBuilder();
        for (int i = 0; i < stoppedContainerIds.size(); i++) {
            try {
                stoppedContainers.get(i).startContainerCmd(stoppedContainerIds.get(i)).exec();
                said.append(" The database's previous container started again.");
            } catch (RuntimeException e) {
                said.append(" Its previous container did not start again (").append(e.getMessage()).append("): start it by hand.");
            }
        }
        return said.toString();
    }

    private List<String> plainVariables() {
        return snapshot.variables().stream().filter(v -> !v.secret()).map(v -> v.key() + "=" + v.value()).toList();
    }

    /**
     * The release's secret variables as Swarm secrets, made through the manager's API (never a command line),
     * one per variable and named for this deployment, as a Swarm secret cannot change. The service's spec
     * names them only: {@code docker service inspect} shows no value.
     */
    private List<ContainerSpecSecret> makeSecrets() {
        List<ContainerSpecSecret> secrets = new ArrayList<>();
        for (ConfigSnapshot.Var variable : snapshot.variables()) {
            if (!variable.secret()) {
                continue;
            }
            String name = "homeport-" + place.keyTag() + "-" + deployment.id() + "-" + (secrets.size() + 1);
            Map<String, String> labels = Map.of(Labels.MANAGED, "true", Labels.SERVICE, Long.toString(place.key()),
                    Labels.DEPLOYMENT, Long.toString(deployment.id()));
            String value = inventory.openVariable(new Sealed(variable.sealed())).reveal();
            String id = manager.createSecretCmd(new SecretSpec().withName(name).withLabels(labels).withData(value)).exec().getId();
            secrets.add(new ContainerSpecSecret().withSecretId(id).withSecretName(name)
                    .withFile(new ContainerSpecFile().withName(variable.key()).withUid("0").withGid("0").withMode(0444L)));
        }
        if (!secrets.isEmpty()) {
            log.line("Made " + secrets.size() + " Swarm " + (secrets.size() == 1 ? "secret" : "secrets") + " for the secret variables;"
                    + " each replica reads them from /run/secrets as it starts");
        }
        return secrets;
    }

    /**
     * The image's own entrypoint and arguments, which a replica with secrets runs after it has read them; a database's
     * own command ({@link DatabaseRuntime#command}) in place of the image's arguments, as on one node.
     */
    private List<String> imageCommand(PreparedImage image) {
        if (snapshot.variables().stream().noneMatch(ConfigSnapshot.Var::secret)) {
            return List.of();
        }
        var config = build.client().inspectImageCmd(image.id()).exec().getConfig();
        List<String> command = new ArrayList<>();
        if (config != null && config.getEntrypoint() != null) {
            command.addAll(List.of(config.getEntrypoint()));
        }
        List<String> database = snapshot.databaseEngine() == null ? null : DatabaseRuntime.command(snapshot.databaseEngine());
        if (database != null) {
            command.addAll(database);
        } else if (config != null && config.getCmd() != null) {
            command.addAll(List.of(config.getCmd()));
        }
        if (command.isEmpty()) {
            throw new DeployException("The image has no entrypoint or command, so its replicas have nothing to run.");
        }
        return command;
    }

    /** Secrets of this service's earlier releases that no replica uses any more; Swarm refuses to remove one still in use. */
    private void removeOldSecrets(boolean includingThisRelease) {
        for (var secret : manager.listSecretsCmd().withLabelFilter(Map.of(Labels.SERVICE, Long.toString(place.key()))).exec()) {
            Map<String, String> labels = secret.getSpec() == null || secret.getSpec().getLabels() == null ? Map.of() : secret.getSpec().getLabels();
            if (includingThisRelease || !Long.toString(deployment.id()).equals(labels.get(Labels.DEPLOYMENT))) {
                try {
                    manager.removeSecretCmd(secret.getId()).exec();
                } catch (RuntimeException inUse) {
                    // a replica of a release still running uses it; a later release removes it
                }
            }
        }
    }

    /** Copies the image from the node it was prepared on to every other node, straight from Docker to Docker. */
    private void copyToEveryNode(PreparedImage image) {
        List<NodeDocker> targets = members.stream().filter(member -> member != build).toList();
        if (targets.isEmpty()) {
            return;
        }
        Thread self = Thread.currentThread();
        try {
            cancel.during(self::interrupt, () -> {
                try {
                    return ImageTransfer.reportingTo(log::line).copy(build, image.id(), targets);
                } catch (InterruptedException e) {
                    throw new CancelledException();
                }
            });
        } catch (ImageTransferException e) {
            throw new DeployException(e.getMessage(), e);
        } finally {
            Thread.interrupted(); // a cancel that came as the copy ended must not interrupt what follows
        }
    }

    private boolean hasHealthCheck(PreparedImage image) {
        var config = build.client().inspectImageCmd(image.id()).exec().getConfig();
        return config != null && config.getHealthcheck() != null && config.getHealthcheck().getTest() != null
                && !config.getHealthcheck().getTest().isEmpty() && !"NONE".equals(config.getHealthcheck().getTest().getFirst());
    }

    /**
     * Waits until every replica runs the new release and no replica of an earlier one runs; fails when
     * Swarm stopped or rolled back the update, when the replicas of a new service keep failing, or when
     * the health timeout has passed for every replica in turn.
     */
    @Override
    public void awaitHealthy() {
        int replicas = snapshot.replicas();
        Duration allowed = Duration.ofSeconds(snapshot.healthTimeoutSeconds()).plus(SwarmServiceSpec.MONITOR).multipliedBy(replicas)
                .plusSeconds(30);
        log.line("Waiting for " + replicas() + " of the new release to run and pass their health check (at most " + allowed.toSeconds() + " s)");
        if (snapshot.databaseEngine() != null) {
            log.line("Health check: the database must answer " + DatabaseRuntime.describeCheck(snapshot.databaseEngine())
                    + ", which Swarm runs in its replica");
        }
        long deadline = System.nanoTime() + allowed.toNanos();
        int reported = -1;
        String lastFailure = null;
        int failuresDescribed = 0;
        while (true) {
            cancel.check();
            Service service = services.inspect(serviceId);
            ServiceUpdateStatus update = service.getUpdateStatus();
            List<Task> tasks = services.tasks(serviceId);
            if (before != null && update != null && STOPPED_UPDATES.contains(update.getState())) {
                String why = describeFailure(tasks.stream().filter(this::ended).toList());
                throw new HealthGateCheck.HealthGateFailed((why == null ? "a new replica failed" : why) + ", and Swarm "
                        + (update.getState() == ServiceUpdateState.PAUSED ? "paused the update" : "rolled the service back"));
            }
            int running = 0;
            int older = 0;
            List<Task> failed = new ArrayList<>();
            for (Task task : tasks) {
                boolean ours = SwarmServices.deploymentOf(task) == deployment.id();
                TaskState state = task.getStatus() == null ? null : task.getStatus().getState();
                if (ours && (state == TaskState.FAILED || state == TaskState.REJECTED)) {
                    failed.add(task);
                } else if (state == TaskState.RUNNING && task.getDesiredState() == TaskState.RUNNING) {
                    if (ours) {
                        running++;
                    } else {
                        older++;
                    }
                }
            }
            if (failed.size() != failuresDescribed) { // a new failure: name its node (one more request to the manager)
                lastFailure = describeFailure(failed);
                failuresDescribed = failed.size();
            }
            if (running != reported) {
                log.line(running + " of " + replicas + " new " + (replicas == 1 ? "replica" : "replicas") + " running"
                        + (older > 0 ? ", " + older + " of the previous release" : ""));
                reported = running;
            }
            boolean updateDone = before == null || update == null || update.getState() == ServiceUpdateState.COMPLETED;
            if (running >= replicas && older == 0 && updateDone) {
                return;
            }
            if (before == null && failed.size() >= FAILURES_OF_NEW_SERVICE) {
                throw new HealthGateCheck.HealthGateFailed("its replicas keep failing: " + lastFailure);
            }
            if (System.nanoTime() > deadline) {
                throw new HealthGateCheck.HealthGateFailed("it did not pass within " + allowed.toSeconds() + " s (last: " + running + " of "
                        + replicas + " running" + (lastFailure == null ? "" : "; " + lastFailure) + ")");
            }
            cancel.sleep(POLL_MILLIS);
        }
    }

    /** A replica of this release that Swarm stopped, or that failed or was refused. */
    private boolean ended(Task task) {
        TaskState state = task.getStatus() == null ? null : task.getStatus().getState();
        return SwarmServices.deploymentOf(task) == deployment.id() && state != null && state != TaskState.RUNNING
                && task.getDesiredState() != TaskState.RUNNING;
    }

    /** "a new replica on n2 failed (task: non-zero exit (1))", for the newest of them; null for none. */
    private String describeFailure(List<Task> failed) {
        Task newest = failed.stream().max(Comparator.comparing(task -> String.valueOf(task.getStatus().getTimestamp()))).orElse(null);
        if (newest == null) {
            return null;
        }
        Map<String, String> names = services.nodeNames();
        String err = newest.getStatus().getErr() != null ? newest.getStatus().getErr() : newest.getStatus().getMessage();
        return "a new replica on " + names.getOrDefault(newest.getNodeId(), "a node") + " failed (" + err + ")";
    }

    /**
     * Makes sure the edge runs on every node, then has every node's Caddy send the service's domains to it;
     * the edge reaches the replicas by the service's name, so later releases need no route change.
     */
    @Override
    public void route() {
        if (snapshot.port() == null || snapshot.domains().isEmpty()) {
            skipped(ClusterEdge.remove(connections, place.key()));
            log.line(snapshot.port() == null ? "The service has no port: no route." : "The service has no domains yet: no route.");
            return;
        }
        try {
            skipped(ClusterEdge.ensure(manager, connections));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException("Interrupted while the edge started on the nodes.", e);
        }
        skipped(ClusterEdge.route(connections, new EdgeRoute(place.key(), place.service().name(), snapshot.domains(), place.swarmName(),
                snapshot.port(), snapshot.acmeEmail(), snapshot.acmeDirectory())));
        log.line("Every node's Caddy now sends " + String.join(", ", snapshot.domains()) + " to the replicas of " + place.swarmName());
    }

    private void skipped(List<SkippedNode> nodes) {
        nodes.forEach(node -> log.line(node.node() + " was skipped: " + node.reason()));
    }

    /** Swarm stopped the old replicas already; what is left is their secrets, and images of releases beyond the kept number. */
    @Override
    public void retirePrevious() {
        try {
            removeOldSecrets(false);
        } catch (RuntimeException e) {
            log.line("The new release is live, but removing the previous releases' secrets failed: " + e.getMessage());
        }
        for (NodeDocker member : members) {
            try {
                pruneImages(member.client());
            } catch (RuntimeException e) {
                log.line("The new release is live, but removing old images on " + member.nodeName() + " failed: " + e.getMessage());
            }
        }
    }

    /** Images Homeport built for this service's releases, beyond the newest kept ones; a pulled image may be shared with anything. */
    private void pruneImages(DockerClient docker) {
        List<Long> built = new ArrayList<>();
        for (Image image : docker.listImagesCmd().withLabelFilter(Map.of(Labels.SERVICE, Long.toString(place.key()))).exec()) {
            String label = image.getLabels() == null ? null : image.getLabels().get(Labels.DEPLOYMENT);
            if (label != null) {
                built.add(Long.parseLong(label));
            }
        }
        built.sort(Comparator.reverseOrder());
        for (long old : built.subList(Math.min(built.size(), snapshot.keepReleases()), built.size())) {
            try {
                docker.removeImageCmd(place.buildTag(old)).exec();
            } catch (RuntimeException e) {
                // still used by a stopped replica Swarm keeps, or gone already
            }
        }
    }

    @Override
    public void removeNew() {
        undo();
    }

    @Override
    public String stopNew() {
        return undo();
    }

    /**
     * A new service is removed; an updated one goes back to the spec it had, unless Swarm rolled it back already.
     * The release's secrets go too, once no replica uses them (else with the next release).
     */
    private String undo() {
        try {
            return undoService();
        } finally {
            try {
                removeOldSecrets(true);
            } catch (RuntimeException e) {
                log.line("Could not remove the release's secrets: " + e.getMessage());
            }
        }
    }

    private String undoService() {
        if (serviceId == null) {
            return "The previous release keeps serving.";
        }
        try {
            if (before == null) {
                manager.removeServiceCmd(serviceId).exec();
                if (!stoppedContainerIds.isEmpty()) {
                    awaitNoTask();
                    return "The new Swarm service is removed." + startStoppedContainers();
                }
                return "The new Swarm service is removed (nothing served before it).";
            }
            Service now = services.inspect(serviceId);
            ServiceUpdateStatus update = now.getUpdateStatus();
            boolean rollingBack = update != null && (update.getState() == ServiceUpdateState.ROLLBACK_STARTED
                    || update.getState() == ServiceUpdateState.ROLLBACK_COMPLETED);
            if (rollingBack || before.equals(now.getSpec())) {
                return "The previous release keeps serving.";
            }
            manager.updateServiceCmd(serviceId, before).withVersion(now.getVersion().getIndex()).exec();
            log.line("Put the Swarm service back to the previous release");
            return "The Swarm service goes back to the previous release, which kept serving.";
        } catch (RuntimeException e) {
            log.line("Could not take the new release back: " + e.getMessage());
            return "Taking the new release back failed (" + e.getMessage() + "): see 'docker service ps " + place.swarmName() + "'.";
        }
    }

    /** Waits (at most 60 s) until Swarm stopped the removed service's replica, before its data is opened again. */
    private void awaitNoTask() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (NodeDocker member : members) {
            while (member.nodeName().equals(snapshot.pinnedNode()) && System.nanoTime() < deadline
                    && member.client().listContainersCmd().withLabelFilter(Map.of("com.docker.swarm.service.id", serviceId)).exec()
                    .stream().anyMatch(c -> "running".equals(c.getState()))) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public List<String> lastLines(int count) {
        if (serviceId == null) {
            return List.of();
        }
        try {
            return services.tasks(serviceId).stream()
                    .filter(task -> SwarmServices.deploymentOf(task) == deployment.id())
                    .max(Comparator.comparing(task -> String.valueOf(task.getStatus().getTimestamp())))
                    .map(task -> FrameLines.read(manager.logTaskCmd(task.getId()).withStdout(true).withStderr(true).withTail(count)))
                    .orElse(List.of());
        } catch (RuntimeException e) {
            return List.of("(the replicas' logs cannot be read: " + e.getMessage() + ")");
        }
    }

    private String replicas() {
        return snapshot.replicas() + (snapshot.replicas() == 1 ? " replica" : " replicas");
    }
}
