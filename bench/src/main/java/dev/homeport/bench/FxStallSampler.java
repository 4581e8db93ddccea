package dev.homeport.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Why the FX thread kept a stall probe waiting: while a probe has waited over {@value #SAMPLE_AFTER_MS} ms, the FX
 * thread's state and top frames are sampled every {@value #EVERY_MS} ms; each wait over {@value #LONG_MS} ms is
 * kept with the FX thread's CPU time during it and the collector's pauses that overlap it. Its report tells the
 * three causes apart: the FX thread's own work (CPU time close to the wait), the collector (a pause over the wait),
 * and waiting its turn on the CPU or for a lock (little CPU time; the samples show which).
 */
final class FxStallSampler implements AutoCloseable {
    static final long SAMPLE_AFTER_MS = 40;
    static final long LONG_MS = 50;
    private static final long EVERY_MS = 5;
    private static final int FRAMES = 48;

    /** One long wait: from and to (ms since the JVM started), and the FX thread's CPU time in it. */
    private record LongWait(long from, long to, double fxCpuMs) {
    }

    /** One collector pause (ms since the JVM started). */
    private record Pause(String collector, long from, long to) {
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long fxThreadId;
    private final Map<String, Integer> samples = new HashMap<>();
    private final List<LongWait> waits = new ArrayList<>();
    private final List<Pause> pauses = java.util.Collections.synchronizedList(new ArrayList<>());
    private final NotificationListener onPause = (notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            pauses.add(new Pause(info.getGcName() + " (" + info.getGcAction() + ")", info.getGcInfo().getStartTime(), info.getGcInfo().getEndTime()));
        }
    };
    private final Thread sampler;
    /** When the probe now waiting was posted (System.nanoTime), or 0 when none waits. */
    private volatile long posted;
    private volatile boolean running = true;
    private int sampled;

    FxStallSampler(Thread fxThread) {
        this.fxThreadId = fxThread.threadId();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener(onPause, null, null);
        }
        sampler = Thread.ofPlatform().daemon().name("fx-stall-sampler").start(this::sample);
    }

    /** A probe was posted now; {@link #ran} when it ran. */
    long posting() {
        long cpu = threads.getThreadCpuTime(fxThreadId);
        posted = System.nanoTime();
        return cpu;
    }

    /** The probe posted at {@code postedAt} ran; {@code cpuAtPost} is what {@link #posting} returned. */
    void ran(long postedAt, long cpuAtPost) {
        posted = 0;
        long waitedMs = (System.nanoTime() - postedAt) / 1_000_000;
        if (waitedMs > LONG_MS) {
            long now = ManagementFactory.getRuntimeMXBean().getUptime();
            waits.add(new LongWait(now - waitedMs, now, (threads.getThreadCpuTime(fxThreadId) - cpuAtPost) / 1e6));
        }
    }

    private void sample() {
        while (running) {
            long at = posted;
            if (at != 0 && System.nanoTime() - at > SAMPLE_AFTER_MS * 1_000_000) {
                ThreadInfo info = threads.getThreadInfo(fxThreadId, FRAMES);
                if (info != null) {
                    StackTraceElement[] stack = info.getStackTrace();
                    // The top frames, and the first of the terminal's or Homeport's own code under them: who asked.
                    String where = Arrays.stream(stack).limit(4).map(FxStallSampler::frame).collect(Collectors.joining(" < "))
                            + Arrays.stream(stack).skip(4).filter(f -> f.getClassName().startsWith("com.techsenger")
                                    || f.getClassName().startsWith("dev.homeport")).findFirst().map(f -> " … " + frame(f)).orElse("");
                    String lock = info.getLockOwnerName() == null ? "" : " (lock held by " + info.getLockOwnerName() + ")";
                    synchronized (samples) {
                        samples.merge(info.getThreadState() + lock + ": " + where, 1, Integer::sum);
                        sampled++;
                    }
                }
            }
            try {
                Thread.sleep(EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String frame(StackTraceElement f) {
        return f.getClassName().replaceAll(".*\\.", "") + "." + f.getMethodName();
    }

    /** The long waits, what the FX thread did in them, and the samples, most frequent first. */
    String report() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Waits over %d ms: %d%n", LONG_MS, waits.size()));
        for (LongWait wait : waits) {
            long paused = 0;
            List<String> by = new ArrayList<>();
            synchronized (pauses) {
                for (Pause p : pauses) {
                    long overlap = Math.min(wait.to, p.to) - Math.max(wait.from, p.from);
                    if (overlap > 0) {
                        paused += overlap;
                        by.add(p.collector + " " + (p.to - p.from) + " ms");
                    }
                }
            }
            text.append(String.format(Locale.ROOT, "  %d ms: FX thread's CPU %.1f ms; collector paused %d ms of it%s%n", wait.to - wait.from,
                    wait.fxCpuMs, paused, by.isEmpty() ? "" : " (" + String.join(", ", by) + ")"));
        }
        synchronized (samples) {
            text.append(String.format(Locale.ROOT, "FX thread sampled %d times while a probe waited over %d ms:%n", sampled, SAMPLE_AFTER_MS));
            samples.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                    .forEach(e -> text.append(String.format(Locale.ROOT, "  %3d %s%n", e.getValue(), e.getKey())));
        }
        return text.toString();
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) collector).removeNotificationListener(onPause);
            } catch (javax.management.ListenerNotFoundException e) {
                // never added
            }
        }
    }
}
