package dev.homeport.ssh.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Copies an image from one node's Docker to others with no registry: the
 * source's {@code GET /images/get} streamed into each target's
 * {@code POST /images/load}, both through the nodes' own SSH connections. The
 * archive passes through this machine in chunks; it is never held whole, in
 * memory or on disk.
 *
 * <p>The source is read once however many targets there are (fan-out): each
 * chunk goes to every target still loading, and the slowest target sets the
 * pace (a few MB wait per target at most). A target that already has the image
 * (the same ID) is skipped, and gets any of its tags it lacks. A target that
 * fails (unreachable, out of disk, dropped) fails alone: the others finish, and
 * the copy then throws an {@link ImageTransferException} naming each node that
 * failed. Interrupting the calling thread cancels the copy: every stream is
 * closed, and each target's daemon drops its half-loaded archive.
 */
public final class ImageTransfer {
    /** How often progress is reported for a target. */
    static final long PROGRESS_STEP = 16L << 20;

    /** What a copy tells as it goes; called from the copy's threads, so it must return quickly. */
    public interface Listener {
        /** A step, in words: a target skipped, a target done, a failure. */
        void line(String text);

        /** {@code bytes} of the archive sent to {@code node} so far (about every 16 MB, and at the end). */
        default void sent(String node, long bytes) {
        }
    }

    public enum State { COPIED, ALREADY_THERE, FAILED }

    /** What happened on one target: {@code bytes} sent to it, and the reason when it failed. */
    public record Outcome(String node, State state, long bytes, String message) {
    }

    private final Listener listener;

    public ImageTransfer(Listener listener) {
        this.listener = listener;
    }

    /** A copy whose steps and progress go to {@code lines} as text. */
    public static ImageTransfer reportingTo(Consumer<String> lines) {
        return new ImageTransfer(new Listener() {
            @Override
            public void line(String text) {
                lines.accept(text);
            }

            @Override
            public void sent(String node, long bytes) {
                lines.accept(node + ": " + megabytes(bytes) + " sent");
            }
        });
    }

    /**
     * Copies {@code image} (an ID or a reference) from {@code source} to every target, keeping its tags.
     * Returns one outcome per target, in order, when every target has it.
     *
     * @throws ImageTransferException when the source has no such image or cannot be read, or any target failed
     * @throws InterruptedException when the calling thread was interrupted; the copy is then cancelled
     */
    public List<Outcome> copy(NodeDocker source, String image, List<NodeDocker> targets) throws InterruptedException {
        SourceImage what = SourceImage.inspect(source, image);
        Outcome[] outcomes = new Outcome[targets.size()];
        Thread[] checks = new Thread[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            int t = i;
            checks[i] = Thread.ofVirtual().name("homeport-image-check").start(() -> outcomes[t] = alreadyThere(targets.get(t), what));
        }
        for (Thread check : checks) {
            check.join();
        }
        List<Integer> needing = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                needing.add(i);
            }
        }
        if (!needing.isEmpty()) {
            stream(source, what, targets, needing, outcomes);
        }
        List<Outcome> result = List.of(outcomes);
        List<String> failed = result.stream().filter(o -> o.state() == State.FAILED).map(Outcome::message).toList();
        if (!failed.isEmpty()) {
            throw new ImageTransferException("The image " + what + " did not reach every node: " + String.join("; ", failed), result, null);
        }
        return result;
    }

    /** Reads the archive once and feeds it to every target that needs it, each loading on its own thread. */
    private void stream(NodeDocker source, SourceImage what, List<NodeDocker> targets, List<Integer> needing, Outcome[] outcomes)
            throws InterruptedException {
        List<ArchiveFeed> feeds = new ArrayList<>();
        List<Thread> loads = new ArrayList<>();
        for (int i : needing) {
            NodeDocker target = targets.get(i);
            String node = target.nodeName();
            long[] reported = {0};
            ArchiveFeed feed = new ArchiveFeed(taken -> {
                if (taken - reported[0] >= PROGRESS_STEP) {
                    reported[0] = taken;
                    listener.sent(node, taken);
                }
            });
            feeds.add(feed);
            listener.line("Copying " + what + " from " + source.nodeName() + " to " + node);
            loads.add(Thread.ofVirtual().name("homeport-image-load").start(() -> outcomes[i] = load(target, feed, what)));
        }
        AtomicReference<InputStream> archive = new AtomicReference<>();
        AtomicReference<Exception> sourceFailure = new AtomicReference<>();
        Thread reader = Thread.ofVirtual().name("homeport-image-read").start(() -> {
            try (InputStream in = what.open(source)) {
                archive.set(in);
                fanOut(in, feeds);
            } catch (IOException | RuntimeException e) {
                sourceFailure.set(e);
                feeds.forEach(feed -> feed.abort(new IOException("the copy's source, " + source.nodeName() + ", failed")));
            } catch (InterruptedException e) {
                feeds.forEach(feed -> feed.abort(new IOException("the copy was cancelled")));
            }
        });
        try {
            reader.join();
            for (Thread load : loads) {
                load.join();
            }
        } catch (InterruptedException e) {
            feeds.forEach(feed -> feed.abort(new IOException("the copy was cancelled")));
            reader.interrupt();
            closeQuietly(archive.get());
            awaitQuietly(reader, loads);
            listener.line("The copy of " + what + " was cancelled; no node keeps a part of it.");
            throw e;
        }
        if (sourceFailure.get() != null) {
            throw new ImageTransferException("Reading " + what + " from " + source.nodeName() + " failed: "
                    + sourceFailure.get().getMessage(), List.of(outcomes), sourceFailure.get());
        }
    }

    /** Each chunk of the archive to every target still reading, then the end. */
    private static void fanOut(InputStream in, List<ArchiveFeed> feeds) throws IOException, InterruptedException {
        byte[] buffer = new byte[ArchiveFeed.CHUNK];
        int n;
        while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
            byte[] chunk = java.util.Arrays.copyOf(buffer, n);
            boolean anyReading = false;
            for (ArchiveFeed feed : feeds) {
                anyReading |= feed.put(chunk);
            }
            if (!anyReading) {
                return; // every target failed: reading on is of no use
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        for (ArchiveFeed feed : feeds) {
            feed.end();
        }
    }

    /** The outcome when {@code target} has the image already (or cannot be asked), null when it needs the copy. */
    private Outcome alreadyThere(NodeDocker target, SourceImage what) {
        String node = target.nodeName();
        try {
            InspectImageResponse there = target.client().inspectImageCmd(what.id()).exec();
            List<String> added = what.addMissingTags(target, there);
            listener.line(node + " already has " + what + (added.isEmpty() ? "" : "; tagged it " + String.join(", ", added)) + "; not copied");
            return new Outcome(node, State.ALREADY_THERE, 0, null);
        } catch (NotFoundException needsIt) {
            return null;
        } catch (RuntimeException e) {
            return failed(node, 0, node + " cannot be reached: " + e.getMessage());
        }
    }

    /** One target's load: the archive as the body of {@code POST /images/load}, then a check that the image is there. */
    private Outcome load(NodeDocker target, ArchiveFeed feed, SourceImage what) {
        String node = target.nodeName();
        long started = System.nanoTime();
        try {
            DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.POST)
                    .path("/v" + target.apiVersion().getVersion() + "/images/load?quiet=1")
                    .putHeader("Content-Type", "application/x-tar")
                    .body(feed)
                    .build();
            String error;
            try (DockerHttpClient.Response response = target.transport().execute(request); InputStream body = response.getBody()) {
                error = loadError(response.getStatusCode(), body);
            }
            if (error != null) {
                return failed(node, feed.taken(), node + " could not load " + what + ": " + error);
            }
        } catch (IOException | RuntimeException e) {
            return failed(node, feed.taken(), node + " dropped the copy after " + megabytes(feed.taken()) + ": " + e.getMessage());
        } finally {
            feed.consumerGone();
        }
        try {
            InspectImageResponse loaded = target.client().inspectImageCmd(what.id()).exec();
            what.addMissingTags(target, loaded);
        } catch (NotFoundException e) {
            return failed(node, feed.taken(), node + " loaded the archive but has no image " + what.id());
        } catch (RuntimeException e) {
            return failed(node, feed.taken(), node + " loaded the archive but cannot be asked for it: " + e.getMessage());
        }
        listener.sent(node, feed.taken());
        listener.line(String.format(Locale.ROOT, "%s has %s (%s in %.1f s)", node, what, megabytes(feed.taken()),
                (System.nanoTime() - started) / 1e9));
        return new Outcome(node, State.COPIED, feed.taken(), null);
    }

    private Outcome failed(String node, long bytes, String message) {
        listener.line(message);
        return new Outcome(node, State.FAILED, bytes, message);
    }

    /**
     * Docker's words when a load failed. It answers 200 once it has started, and an error found later
     * (no space left, a broken archive) comes as an {@code errorDetail} in the JSON that follows.
     */
    static String loadError(int status, InputStream body) throws IOException {
        String error = null;
        try (MappingIterator<JsonNode> items = DockerClientConfig.getDefaultObjectMapper().readerFor(JsonNode.class).readValues(body)) {
            while (items.hasNextValue()) {
                JsonNode item = items.nextValue();
                String message = item.path("errorDetail").path("message").asText(item.path("error").asText(item.path("message").asText("")));
                if (!message.isBlank()) {
                    error = message.strip();
                }
            }
        } catch (IOException | RuntimeException notJson) {
            if (status / 100 == 2) {
                throw notJson instanceof IOException io ? io : new IOException(notJson.getMessage(), notJson);
            }
        }
        if (status / 100 != 2) {
            return "Docker answered " + status + (error == null ? "" : ": " + error);
        }
        return error;
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException | RuntimeException ignored) {
                // closing is how the read is stopped; it may already have ended
            }
        }
    }

    /** Waits (a bounded time, not interruptibly) for the copy's threads to see the cancel. */
    private static void awaitQuietly(Thread reader, List<Thread> loads) {
        boolean interrupted = false;
        List<Thread> all = new ArrayList<>(loads);
        all.add(reader);
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (Thread thread : all) {
            while (thread.isAlive() && System.nanoTime() < deadline) {
                try {
                    thread.join(java.time.Duration.ofMillis(200));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
