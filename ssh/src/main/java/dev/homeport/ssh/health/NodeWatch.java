package dev.homeport.ssh.health;

import dev.homeport.ssh.transport.NodeConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checking loop of one node, on its own virtual thread: a round of checks,
 * then a wait until one period after the round started. Rounds never overlap:
 * a check that overran its timeout is reported failed at the timeout, and the
 * next round waits until that check has ended.
 */
final class NodeWatch {
    private static final Logger log = LoggerFactory.getLogger(NodeWatch.class);

    private final String node;
    private final Supplier<NodeConnection> connection;
    private final NodeHealthMonitor monitor;
    private final BiConsumer<NodeWatch, NodeHealth> publish;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean checkRequested;
    private volatile boolean stopped;
    private Thread thread;

    NodeWatch(String node, Supplier<NodeConnection> connection, NodeHealthMonitor monitor, BiConsumer<NodeWatch, NodeHealth> publish) {
        this.node = node;
        this.connection = connection;
        this.monitor = monitor;
        this.publish = publish;
    }

    void start() {
        thread = Thread.ofVirtual().name("homeport-health-" + node).start(this::loop);
    }

    /** Ends the loop; a round in progress is abandoned (its checks end on their own timeouts). */
    void stop() {
        stopped = true;
        thread.interrupt();
    }

    /** Wakes the loop: a check now if none is running, else right after the running one. */
    void requestCheck() {
        lock.lock();
        try {
            checkRequested = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The period changed: the wait is measured again. */
    void periodChanged() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (!stopped) {
            long started = System.nanoTime();
            List<Thread> stragglers = new ArrayList<>();
            NodeHealth health = round(stragglers);
            if (stopped) {
                return;
            }
            publish.accept(this, health);
            try {
                for (Thread straggler : stragglers) {
                    log.debug("Waiting for the overrun check {} on {} before the next round", straggler.getName(), node);
                    straggler.join();
                }
                waitForNextRound(started);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void waitForNextRound(long started) throws InterruptedException {
        lock.lock();
        try {
            while (!stopped && !checkRequested) {
                long left = started + monitor.period().toNanos() - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wake.awaitNanos(left);
            }
            checkRequested = false;
        } finally {
            lock.unlock();
        }
    }

    /** One round: SSH first; the other checks only when it passed, all at once, each within the timeout. */
    private NodeHealth round(List<Thread> stragglers) {
        Instant at = Instant.now();
        Duration timeout = monitor.checkTimeout();
        List<CheckResult> results = new ArrayList<>();
        NodeConnection open;
        try {
            open = connection.get();
        } catch (RuntimeException e) {
            results.add(CheckResult.failed(SshCheck.NAME, "No connection: " + e.getMessage()));
            skipOthers(results, "the node could not be reached");
            return new NodeHealth(node, HealthState.DOWN, results, at);
        }
        results.add(await(start(SshCheck.NAME, c -> SshCheck.check(c, timeout), open), System.nanoTime() + timeout.toNanos(),
                timeout, stragglers));
        if (results.getFirst().failed()) {
            skipOthers(results, "the node could not be reached over SSH");
            return new NodeHealth(node, HealthState.DOWN, results, at);
        }
        List<Running> running = monitor.checks().stream().map(check -> start(check.name(), c -> check.check(c, timeout), open)).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Running run : running) {
            results.add(await(run, deadline, timeout, stragglers));
        }
        return new NodeHealth(node, NodeHealth.stateOf(results), results, at);
    }

    /** A check running on its own virtual thread. */
    private record Running(String name, Thread thread, CompletableFuture<CheckResult> result) {
    }

    private interface CheckBody {
        CheckResult run(NodeConnection connection);
    }

    private Running start(String name, CheckBody body, NodeConnection open) {
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        Thread thread = Thread.ofVirtual().name("homeport-health-" + node + "-" + name).start(() -> {
            try {
                result.complete(body.run(open));
            } catch (RuntimeException e) {
                result.complete(CheckResult.failed(name, e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        });
        return new Running(name, thread, result);
    }

    private CheckResult await(Running run, long deadline, Duration timeout, List<Thread> stragglers) {
        try {
            return run.result().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            run.thread().interrupt();
            stragglers.add(run.thread());
            return CheckResult.failed(run.name(), "No answer within " + describe(timeout) + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stragglers.add(run.thread());
            return CheckResult.skipped(run.name(), "Monitoring stopped.");
        } catch (ExecutionException e) {
            return CheckResult.failed(run.name(), String.valueOf(e.getCause()));
        }
    }

    private void skipOthers(List<CheckResult> results, String why) {
        monitor.checks().forEach(check -> results.add(CheckResult.skipped(check.name(), "Not checked: " + why + ".")));
    }

    static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
