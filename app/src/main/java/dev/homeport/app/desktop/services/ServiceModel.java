package dev.homeport.app.desktop.services;

import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.deployments.DeployWatch;
import dev.homeport.app.desktop.deployments.StateBadge;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.Domain;
import dev.homeport.model.Service;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.deploy.ConfigSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.MapChangeListener;
import javafx.util.Subscription;

/**
 * What the service page shows about its releases: the history from the store
 * (each release with its node and what changed), the nodes its environment has,
 * its domains, and the deployment of it this window runs. Read again in the
 * background whenever a deployment of it moves; FX thread only.
 */
public final class ServiceModel {
    /** One row of the history: the deployment, its node's name, and what changed since the release before it. */
    public record Release(Deployment deployment, String node, String changes) {
    }

    /** The store's view of the service, as last read. */
    /** {@code replicas} is the number the service runs when {@code cluster} (its environment's nodes form one). */
    public record Facts(List<Release> releases, List<WorkerNode> attached, boolean cluster, int replicas, List<Domain> domains,
                        boolean runningNow, Instant readAt, Map<Long, String> crashes) {
        /** What a release's crash after LIVE was ("LIVE, then crashed 3 times in 4 s"), or null. */
        public String crashOf(long deploymentId) {
            return crashes.get(deploymentId);
        }

        public Optional<Release> live() {
            return releases.stream().filter(r -> r.deployment().state() == DeploymentState.LIVE).findFirst();
        }

        /** The release a rollback goes back to: the newest earlier release that still has its image. */
        public Optional<Release> rollbackTarget() {
            return releases.stream().filter(r -> canRollBackTo(r.deployment())).findFirst();
        }
    }

    private final MainModel main;
    private final Service service;
    private final String path;
    private final ReadOnlyObjectWrapper<Facts> facts = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<DeployWatch> watch = new ReadOnlyObjectWrapper<>();
    private Subscription following = Subscription.EMPTY;
    private Subscription watching = Subscription.EMPTY;
    private boolean reloadPending;
    private boolean reloadAgain;

    public ServiceModel(MainModel main, Service service, String path) {
        this.main = main;
        this.service = service;
        this.path = path;
    }

    public MainModel main() {
        return main;
    }

    public Service service() {
        return service;
    }

    /** Such as {@code acme/shop/prod/web}. */
    public String path() {
        return path;
    }

    /** Null until first read. */
    public ReadOnlyObjectProperty<Facts> factsProperty() {
        return facts.getReadOnlyProperty();
    }

    /** This window's newest deployment of the service (running, or how it ended); null when there was none. */
    public ReadOnlyObjectProperty<DeployWatch> watchProperty() {
        return watch.getReadOnlyProperty();
    }

    /** Starts following: reads the store, and reads it again as this service's deployments move. */
    public void open() {
        MapChangeListener<Long, DeployWatch> started = change -> {
            if (change.getKey() == service.id() && change.wasAdded()) {
                watch(change.getValueAdded());
            }
        };
        main.deploys().latest().addListener(started);
        following = Subscription.combine(() -> main.deploys().latest().removeListener(started),
                main.deploys().settledProperty().subscribe((before, now) -> reload()),
                main.crashAlerts().crashedServiceProperty().subscribe(crashed -> {
                    if (crashed.longValue() == service.id()) {
                        reload();
                    }
                }));
        watch(main.deploys().latest().get(service.id()));
        reload();
    }

    /** Stops following; the page calls it when it leaves the screen. */
    public void close() {
        following.unsubscribe();
        following = Subscription.EMPTY;
        watching.unsubscribe();
        watching = Subscription.EMPTY;
    }

    private void watch(DeployWatch now) {
        watching.unsubscribe();
        watch.set(now);
        if (now == null) {
            watching = Subscription.EMPTY;
            return;
        }
        // Each step and the end change the history; the first call (the current step) reads it too.
        watching = Subscription.combine(now.stepProperty().subscribe(step -> reload()), now.endedProperty().subscribe(ended -> {
            if (ended) {
                reload();
            }
        }));
    }

    /** Reads the history, nodes and domains again; a call while a read runs makes one more read after it. */
    public void reload() {
        if (reloadPending) {
            reloadAgain = true;
            return;
        }
        reloadPending = true;
        long serviceId = service.id();
        main.tasks().run("Reading the deployments of " + path, () -> read(serviceId))
                .onSuccess(facts::set)
                .andFinally(() -> {
                    reloadPending = false;
                    if (reloadAgain) {
                        reloadAgain = false;
                        reload();
                    }
                })
                .start();
    }

    private Facts read(long serviceId) {
        var homeport = main.homeport();
        List<Deployment> history = homeport.deployments().ofService(serviceId);
        Map<Long, String> nodeNames = new HashMap<>();
        homeport.nodes().nodes().forEach(node -> nodeNames.put(node.id(), node.name()));
        List<Release> releases = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Deployment deployment = history.get(i);
            Deployment before = history.subList(i + 1, history.size()).stream().filter(ServiceModel::wentLive).findFirst().orElse(null);
            releases.add(new Release(deployment, deployment.nodeId() == null ? "" : nodeNames.getOrDefault(deployment.nodeId(), "(removed)"),
                    changes(deployment, before)));
        }
        return new Facts(releases, homeport.nodes().attachedTo(service.environmentId()),
                homeport.nodes().cluster(service.environmentId()).isPresent(), homeport.inventory().service(serviceId).options().replicas(),
                homeport.inventory().domains(serviceId),
                homeport.deployService().running(serviceId).isPresent(), Instant.now(), crashes(homeport.deployments().moments(serviceId)));
    }

    private static Map<Long, String> crashes(List<dev.homeport.model.ReleaseMoment> moments) {
        Map<Long, String> crashes = new HashMap<>();
        moments.stream().filter(m -> m.kind() == dev.homeport.model.ReleaseMoment.Kind.CRASHED)
                .forEach(m -> crashes.put(m.deploymentId(), m.note()));
        return crashes;
    }

    /** A release that served traffic at some point. */
    static boolean wentLive(Deployment deployment) {
        return deployment.state() == DeploymentState.LIVE || deployment.state() == DeploymentState.SUPERSEDED
                || deployment.state() == DeploymentState.ROLLED_BACK;
    }

    /** An earlier release that still has an image to run again. */
    public static boolean canRollBackTo(Deployment deployment) {
        return (deployment.state() == DeploymentState.SUPERSEDED || deployment.state() == DeploymentState.ROLLED_BACK)
                && deployment.imageDigest() != null && deployment.nodeId() != null && deployment.configSnapshot() != null;
    }

    /** What changed from the release before ({@code before}, null for the first) to this one, in a few words. */
    static String changes(Deployment deployment, Deployment before) {
        if (deployment.configSnapshot() == null) {
            return "";
        }
        if (before == null || before.configSnapshot() == null) {
            return "first release";
        }
        try {
            List<String> lines = new ArrayList<>(ConfigSnapshot.fromJson(deployment.configSnapshot())
                    .changesSince(ConfigSnapshot.fromJson(before.configSnapshot())));
            if (deployment.imageDigest() != null && before.imageDigest() != null && !deployment.imageDigest().equals(before.imageDigest())) {
                lines.add("image " + StateBadge.shortDigest(before.imageDigest()) + " → " + StateBadge.shortDigest(deployment.imageDigest()));
            }
            return lines.isEmpty() ? "no changes since #" + before.id() : String.join("; ", lines);
        } catch (IllegalArgumentException e) {
            return "cannot be read";
        }
    }
}
