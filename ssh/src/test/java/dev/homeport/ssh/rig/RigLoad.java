package dev.homeport.ssh.rig;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady traffic to a name on the rig's Caddy over plain HTTP, from a few threads,
 * while a test changes what serves it: did every request succeed? Each request is
 * a new connection (as {@link RigHttp} makes them), so what is measured is whether
 * Caddy accepts and answers through a change, not how a client retries a reused
 * connection. A failure is a status other than 2xx, or an I/O error; the first few
 * failure messages are kept. Bodies are counted, so a test can tell that both the
 * old and the new upstream answered.
 */
public final class RigLoad implements AutoCloseable {
    private static final int KEPT_FAILURES = 10;
    private static final int BODY_KEY_LENGTH = 100;

    private final List<String> addresses;
    private final String hostname;
    private final String path;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final List<String> firstFailures = new ArrayList<>();
    private final Map<String, AtomicLong> bodies = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    private RigLoad(List<String> addresses, String hostname, String path) {
        this.addresses = List.copyOf(addresses);
        this.hostname = hostname;
        this.path = path;
    }

    /** Starts {@code threads} threads sending GET http://hostname/path one after another, until {@link #stop()}. */
    public static RigLoad start(String hostname, String path, int threads) {
        return start(List.of("127.0.0.1"), hostname, path, threads);
    }

    /** {@link #start(String, String, int)} against the Caddy at each of {@code addresses} (cluster nodes), thread {@code i} at address {@code i % n}. */
    public static RigLoad start(List<String> addresses, String hostname, String path, int threads) {
        RigLoad load = new RigLoad(addresses, hostname, path);
        for (int i = 0; i < threads; i++) {
            String address = load.addresses.get(i % load.addresses.size());
            load.threads.add(Thread.ofPlatform().name("rig-load-" + hostname + "-" + i).daemon().start(() -> load.run(address)));
        }
        return load;
    }

    /** What the load saw: counts, the first failure messages, and how often each body came back. */
    public record Result(long successes, long failures, List<String> firstFailures, Map<String, Long> bodies) {
        @Override
        public String toString() {
            return successes + " succeeded, " + failures + " failed" + (firstFailures.isEmpty() ? "" : ": " + firstFailures)
                    + "; bodies " + bodies;
        }
    }

    public long successes() {
        return successes.get();
    }

    public long failures() {
        return failures.get();
    }

    /** How many answers so far had this body (bodies are compared on their first 100 characters, stripped). */
    public long answered(String body) {
        AtomicLong count = bodies.get(key(body));
        return count == null ? 0 : count.get();
    }

    /** Stops the threads, waits for their last request, and returns the counts. */
    public Result stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Map<String, Long> seen = new TreeMap<>();
        bodies.forEach((body, count) -> seen.put(body, count.get()));
        synchronized (firstFailures) {
            return new Result(successes.get(), failures.get(), List.copyOf(firstFailures), seen);
        }
    }

    @Override
    public void close() {
        if (running) {
            stop();
        }
    }

    private void run(String address) {
        while (running) {
            try {
                RigHttp.Response response = RigHttp.get(address, "http", hostname, path, null, RigHttp.DEFAULT_TIMEOUT);
                if (response.status() / 100 == 2) {
                    successes.incrementAndGet();
                    bodies.computeIfAbsent(key(response.body()), k -> new AtomicLong()).incrementAndGet();
                } else {
                    fail("HTTP " + response.status() + " " + key(response.body()));
                }
            } catch (IOException | RuntimeException e) {
                fail(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    private void fail(String message) {
        failures.incrementAndGet();
        synchronized (firstFailures) {
            if (firstFailures.size() < KEPT_FAILURES) {
                firstFailures.add(message);
            }
        }
    }

    private static String key(String body) {
        String stripped = body.strip();
        return stripped.length() <= BODY_KEY_LENGTH ? stripped : stripped.substring(0, BODY_KEY_LENGTH);
    }
}
