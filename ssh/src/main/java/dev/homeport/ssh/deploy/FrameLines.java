package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.AsyncDockerCmd;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads a finite log (a container's or a Swarm task's) into whole lines. A frame can end mid-line (and
 * mid-character): each of stdout and stderr is put back together into whole lines, so that the
 * deployment's mask sees every secret whole.
 */
final class FrameLines extends ResultCallback.Adapter<Frame> {
    private final List<String> lines = new ArrayList<>();
    private final Map<StreamType, ByteArrayOutputStream> partial = new EnumMap<>(StreamType.class);

    private FrameLines() {
    }

    /** The lines {@code logs} gives within 10 seconds; a log that cannot be read gives one line saying so. */
    static List<String> read(AsyncDockerCmd<?, Frame> logs) {
        FrameLines collected = new FrameLines();
        try {
            logs.exec(collected).awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            synchronized (collected.lines) {
                collected.lines.add("(its log cannot be read: " + e.getMessage() + ")");
            }
        }
        return collected.whole();
    }

    @Override
    public void onNext(Frame frame) {
        synchronized (lines) {
            ByteArrayOutputStream line = partial.computeIfAbsent(frame.getStreamType(), type -> new ByteArrayOutputStream());
            for (byte b : frame.getPayload()) {
                if (b == '\n') {
                    lines.add(line.toString(StandardCharsets.UTF_8).replaceFirst("\r$", ""));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }
    }

    private List<String> whole() {
        synchronized (lines) {
            partial.values().stream().filter(line -> line.size() > 0).forEach(line -> lines.add(line.toString(StandardCharsets.UTF_8)));
            return List.copyOf(lines);
        }
    }
}
