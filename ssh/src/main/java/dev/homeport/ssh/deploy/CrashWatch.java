package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import dev.homeport.model.CrashLoopPolicy;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.NotFoundException;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.transport.Prompts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the containers of live releases on each node for crashes after they went LIVE, through
 * Docker's events API ({@code /events}, container events of Homeport's containers, over the node's
 * existing Docker connection): Docker pushes each {@code die} within milliseconds, where polling
 * {@code docker inspect} would notice a crash only at its next round and miss restarts in between.
 *
 * <p><b>Asked or not.</b> A stop, restart or removal (by Homeport's deploy, stop or restart, or by
 * anyone with {@code docker stop}) sends the container a signal, and Docker reports a {@code kill}
 * event before the {@code die}; a crash or an out-of-memory kill dies with no {@code kill} before it.
 * So a {@code die} within {@link #ASKED_WINDOW} of a {@code kill} of the same container is not a crash.
 *
 * <p><b>What it reports.</b> A die of a LIVE release's container that was not asked for counts as a
 * crash. {@link CrashLoopPolicy#crashes()} of them within {@link CrashLoopPolicy#window()}, on any of the watched nodes
 * (a cluster's replicas crash on several), is a crash loop: the release
 * gets a CRASHED mark with its note ("LIVE, then crashed 3 times in 4 s") and a line in its log, once
 * per release, and the listener hears of it. A container that died unasked and is not being restarted
 * (no restart policy, or it gave up) is reported as down, each time; a Swarm task's container never is, since Swarm
 * starts a new one in its place (its exits count toward a crash loop of the release).
 *
 * <p><b>Threads.</b> One virtual thread per watched node keeps its event stream open and opens it again
 * after a drop (asking Docker for the events since the last one seen, so none is lost in between).
 * Listeners are called on that thread.
 */
public final class CrashWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CrashWatch.class);
    /** A die this soon after a kill of the same container was asked for (Homeport stops with a 10 s grace period). */
    static final Duration ASKED_WINDOW = Duration.ofSeconds(15);
    private static final Duration RECONNECT = Duration.ofSeconds(5);

    /** What was seen. */
    public enum Kind {
        /** {@link CrashLoopPolicy#crashes()} unasked exits within the window. */
        CRASH_LOOP,
        /** The container died unasked and Docker is not restarting it. */
        DOWN
    }

    /**
     * A crash report.
     *
     * @param diedAt   the node's time of the last exit, from Docker's event
     * @param note     what the release's history says, such as "LIVE, then crashed 3 times in 4 s"
     */
    public record Crash(Kind kind, long serviceId, long deploymentId, String path, String node, String container, int crashes,
                        Duration span, Integer exitCode, boolean outOfMemory, Instant diedAt, String note) {
    }

    public interface Listener {
        void crashed(Crash crash);
    }

    private final Inventory inventory;
    private final DeploymentHistory history;
    private final NodeService nodeService;
    private final NodeClients clients;
    private final ReleasePlanner planner;
    private final Supplier<CrashLoopPolicy> policy;
    private final Listener listener;
    private final Map<String, NodeStream> streams = new ConcurrentHashMap<>();
    private volatile boolean closed;
    /**
     * Per live deployment, across every node: the times of its unasked exits within the window, oldest first. Shared by
     * the nodes' streams, since a cluster's replicas crash on several nodes and their exits make one loop. Guarded by itself.
     */
    private final Map<Long, List<Instant>> crashes = new HashMap<>();
    /** The deployments whose crash loop was reported (once per release). Guarded by {@link #crashes}. */
    private final Set<Long> reported = new HashSet<>();

    /**
     * @param policy asked at each unasked exit, so a changed setting applies from the next exit on (the app passes the
     *               store's {@code WatchSettings::crashLoop}: one small read, where the exit already costs one)
     */
    public CrashWatch(Inventory inventory, DeploymentHistory history, NodeService nodeService, NodeClients clients,
                      Supplier<CrashLoopPolicy> policy, Listener listener) {
        this.inventory = inventory;
        this.history = history;
        this.nodeService = nodeService;
        this.clients = clients;
        this.planner = new ReleasePlanner(inventory);
        this.policy = policy;
        this.listener = listener;
    }

    /** The policy in force; the defaults, said in the log, when it cannot be read. */
    private CrashLoopPolicy policy() {
        try {
            return policy.get();
        } catch (RuntimeException e) {
            log.warn("The crash-loop setting could not be read, so the defaults apply to this exit: {}", e.toString());
            return CrashLoopPolicy.defaults();
        }
    }

    /** Starts watching a node's containers (again, if its address or login changed). Does not block. */
    public synchronized void watch(WorkerNode node) {
        if (closed) {
            throw new IllegalStateException("The crash watch was closed.");
        }
        NodeStream old = streams.get(node.name());
        if (old != null && old.node.equals(node)) {
            return;
        }
        if (old != null) {
            old.stop();
        }
        NodeStream stream = new NodeStream(node);
        streams.put(node.name(), stream);
        stream.start();
    }

    /** Stops watching a node. */
    public synchronized void unwatch(String node) {
        NodeStream stream = streams.remove(node);
        if (stream != null) {
            stream.stop();
        }
    }

    /** The nodes watched, by name. */
    public Set<String> watched() {
        return Set.copyOf(streams.keySet());
    }

    /** True once the node's event stream is open (and until it drops): for tests, which crash a container only then. */
    public boolean listening(String node) {
        NodeStream stream = streams.get(node);
        return stream != null && stream.open;
    }

    @Override
    public synchronized void close() {
        closed = true;
        streams.values().forEach(NodeStream::stop);
        streams.clear();
    }

    /** One node's event stream, kept open on its own virtual thread. */
    private final class NodeStream {
        private final WorkerNode node;
        /** Per container: when it was last killed (asked to stop). */
        private final Map<String, Instant> kills = new HashMap<>();
        private final Set<String> outOfMemory = new HashSet<>();
        /**
         * Each container's restart policy, looked up when it starts (or when the stream opens), so that a crash is told
         * from a container left down without asking Docker at the moment of the crash (an inspect is a round trip).
         */
        private final Map<String, String> policies = new ConcurrentHashMap<>();
        /** Each service's node key and path, read once: a crash then costs one store read (is its release still LIVE). */
        private final Map<Long, Long> serviceKeys = new ConcurrentHashMap<>();
        private final Map<Long, String> paths = new ConcurrentHashMap<>();
        private volatile boolean stopped;
        private volatile boolean open;
        private volatile ResultCallback.Adapter<Event> current;
        private Thread thread;
        private long sinceSeconds = Instant.now().getEpochSecond();
        /** The newest event handled: a stream opened again replays the events of its first second. */
        private Instant newest = Instant.MIN;

        NodeStream(WorkerNode node) {
            this.node = node;
        }

        void start() {
            thread = Thread.ofVirtual().name("homeport-crashwatch-" + node.name()).start(this::loop);
        }

        void stop() {
            stopped = true;
            closeCurrent();
            if (thread != null) {
                thread.interrupt();
            }
        }

        private void closeCurrent() {
            ResultCallback.Adapter<Event> callback = current;
            if (callback != null) {
                try {
                    callback.close();
                } catch (Exception ignored) {
                    // closing a stream that already ended
                }
            }
        }

        private void loop() {
            while (!stopped) {
                try {
                    DockerClient docker = clients.docker(nodeService.connection(node, Prompts.NONE)).client();
                    ResultCallback.Adapter<Event> callback = new ResultCallback.Adapter<>() {
                        @Override
                        public void onStart(java.io.Closeable stream) {
                            super.onStart(stream);
                            open = true;
                        }

                        @Override
                        public void onNext(Event event) {
                            try {
                                seen(docker, event);
                            } catch (RuntimeException e) {
                                log.warn("A Docker event of {} on {} could not be handled: {}", event.getId(), node.name(), e.toString());
                            }
                        }
                    };
                    current = callback;
                    rememberPolicies(docker);
                    docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER).withEventFilter("die", "kill", "oom", "start", "destroy")
                            .withLabelFilter(Map.of(Labels.MANAGED, "true")).withSince(Long.toString(sinceSeconds)).exec(callback);
                    callback.awaitCompletion();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (!stopped) {
                        log.debug("The Docker events of {} dropped: {}", node.name(), e.toString());
                    }
                } finally {
                    open = false;
                    closeCurrent();
                }
                try {
                    Thread.sleep(RECONNECT);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void seen(DockerClient docker, Event event) {
            String id = event.getId();
            Instant at = event.getTimeNano() != null ? Instant.ofEpochSecond(0, event.getTimeNano())
                    : Instant.ofEpochSecond(event.getTime() == null ? Instant.now().getEpochSecond() : event.getTime());
            if (event.getTimeNano() != null && !at.isAfter(newest)) {
                return; // seen before the stream was opened again
            }
            newest = at;
            sinceSeconds = Math.max(sinceSeconds, at.getEpochSecond());
            String action = event.getAction() != null ? event.getAction() : event.getStatus();
            if (action == null || id == null) {
                return;
            }
            switch (action) {
                case "kill" -> kills.put(id, at);
                case "oom" -> outOfMemory.add(id);
                case "start" -> policies.computeIfAbsent(id, c -> policyOf(docker, c));
                case "destroy" -> {
                    policies.remove(id);
                    kills.remove(id);
                    outOfMemory.remove(id);
                }
                case "die" -> died(docker, id, at, event.getActor() == null ? Map.of() : event.getActor().getAttributes());
                default -> {
                }
            }
        }

        private void died(DockerClient docker, String containerId, Instant at, Map<String, String> attributes) {
            Instant killed = kills.remove(containerId);
            boolean oom = outOfMemory.remove(containerId);
            if (killed != null && !killed.isBefore(at.minus(ASKED_WINDOW)) && !oom) {
                return; // asked for: stopped, restarted or removed
            }
            Deployment release = liveRelease(attributes);
            if (release == null) {
                return;
            }
            Integer exitCode = parse(attributes == null ? null : attributes.get("exitCode"));
            String container = attributes == null ? containerId : attributes.getOrDefault("name", containerId);
            String path = paths.computeIfAbsent(release.serviceId(), id -> planner.place(id).path());
            CrashLoopPolicy loop = policy();
            int count;
            Duration span;
            boolean newLoop;
            synchronized (crashes) {
                // Exits reach each node's stream in order, but two nodes' streams interleave: kept sorted by time.
                List<Instant> times = crashes.computeIfAbsent(release.id(), d -> new ArrayList<>());
                times.add(at);
                times.sort(null);
                Instant newestExit = times.getLast();
                times.removeIf(t -> t.isBefore(newestExit.minus(loop.window())));
                count = times.size();
                span = Duration.between(times.getFirst(), newestExit);
                newLoop = count >= loop.crashes() && reported.add(release.id());
            }
            if (newLoop) {
                String note = "LIVE, then crashed " + times(count) + " in " + words(span);
                // The user hears first; the release's history is written right after.
                listener.crashed(new Crash(Kind.CRASH_LOOP, release.serviceId(), release.id(), path, node.name(), container, count,
                        span, exitCode, oom, at, note));
                history.markCrashed(release.id(), note);
                history.appendLog(release.id(), "Crash loop after LIVE: " + note + " (container " + container + " on " + node.name()
                        + (exitCode == null ? "" : ", last exit " + exitCode) + (oom ? ", out of memory" : "") + ").");
            }
            // Swarm replaces a failed task's container with a new one: a replica is never left down by one exit.
            boolean swarmTask = attributes != null && attributes.containsKey("com.docker.swarm.task.id");
            if (!swarmTask && !restarting(docker, containerId)) {
                String note = "LIVE, then stopped without being asked" + (exitCode == null ? "" : " (exit " + exitCode + ")")
                        + (oom ? ", out of memory" : "");
                listener.crashed(new Crash(Kind.DOWN, release.serviceId(), release.id(), path, node.name(), container, count,
                        span, exitCode, oom, at, note));
                history.appendLog(release.id(), "Container " + container + " on " + node.name() + " stopped without being asked"
                        + (exitCode == null ? "" : ", exit " + exitCode) + (oom ? ", out of memory" : "") + "; Docker does not restart it.");
            }
        }

        /** The LIVE release the container belongs to, by its labels; null when it is not one of this store's live releases. */
        private Deployment liveRelease(Map<String, String> attributes) {
            if (attributes == null) {
                return null;
            }
            Long deploymentId = parseLong(attributes.get(Labels.DEPLOYMENT));
            Long serviceKey = parseLong(attributes.get(Labels.SERVICE));
            if (deploymentId == null || serviceKey == null) {
                return null;
            }
            Deployment release;
            try {
                release = history.find(deploymentId);
            } catch (NotFoundException e) {
                return null;
            }
            // Deployment ids repeat across Homeport stores; the service's node key does not.
            if (release.state() != DeploymentState.LIVE
                    || serviceKeys.computeIfAbsent(release.serviceId(), inventory::serviceNodeKey).longValue() != serviceKey) {
                return null;
            }
            return release;
        }

        /** The restart policies of the node's Homeport containers that run now. */
        private void rememberPolicies(DockerClient docker) {
            for (var container : docker.listContainersCmd().withLabelFilter(Map.of(Labels.MANAGED, "true")).exec()) {
                policies.computeIfAbsent(container.getId(), c -> policyOf(docker, c));
            }
        }

        private static String policyOf(DockerClient docker, String containerId) {
            try {
                var policy = docker.inspectContainerCmd(containerId).exec().getHostConfig().getRestartPolicy();
                return policy == null || policy.getName() == null ? "" : policy.getName();
            } catch (RuntimeException gone) {
                return null;
            }
        }

        /**
         * Whether Docker is starting the container again. With "always" or "unless-stopped" it does (an exit it was not
         * asked for); with "no" it does not. Otherwise (on-failure, which gives up after its count, or a policy not known)
         * its state tells: Docker sets it restarting or stopped before it reports the exit.
         */
        private boolean restarting(DockerClient docker, String containerId) {
            String policy = policies.get(containerId);
            if ("always".equals(policy) || "unless-stopped".equals(policy)) {
                return true;
            }
            if ("no".equals(policy) || "".equals(policy)) {
                return false;
            }
            try {
                var state = docker.inspectContainerCmd(containerId).exec().getState();
                return Boolean.TRUE.equals(state.getRestarting()) || Boolean.TRUE.equals(state.getRunning());
            } catch (com.github.dockerjava.api.exception.NotFoundException e) {
                return false;
            }
        }
    }

    static String times(int count) {
        return count == 1 ? "once" : count == 2 ? "twice" : count + " times";
    }

    /** "4 s", "2 min": whole seconds below two minutes, else whole minutes rounded up. */
    static String words(Duration span) {
        long seconds = Math.max(1, (span.toMillis() + 999) / 1000);
        return seconds < 120 ? seconds + " s" : (seconds + 59) / 60 + " min";
    }

    private static Integer parse(String value) {
        Long parsed = parseLong(value);
        return parsed == null ? null : parsed.intValue();
    }

    private static Long parseLong(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
