package dev.homeport.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;

/**
 * Measures how long the FX thread is kept from drawing and from answering, per phase of the
 * chart benchmark:
 * <ul>
 * <li>its <b>stalls</b>: a probe thread hands the FX thread an empty runnable every
 * {@value #PROBE_MS} ms (the next one only once the last has run) and records how long each
 * waited to run. That wait is what a click or a key press would wait: the FX thread's own
 * work, its waits for the render thread, garbage collection, and time the machine gave to
 * other processes;</li>
 * <li>the gaps between consecutive pulses (an AnimationTimer runs first in every pulse);</li>
 * <li>the time each update takes, and the CSS and layout part of the pulses that follow it
 * (from the AnimationTimer to the scene's post-layout listener), in wall-clock time and in the
 * FX thread's CPU time. An update may come as several runnables, one per chart, as the node
 * page hands data over; their times, and those of the pulses between and after them, add up
 * to the update's.</li>
 * </ul>
 * Used on the FX thread only, but for the probe's own thread.
 */
final class StallMeter {
    /** What one phase measured, in milliseconds. */
    static final class Phase {
        double longestGap;
        /** The longest time a probe waited for the FX thread. */
        double longestStall;
        /** Per update: its runnables' time added up, and that of the pulses after them. */
        final List<Double> updates = new ArrayList<>();
        final List<Double> pulsesAfterUpdate = new ArrayList<>();
        /** The FX thread's CPU time for the same: what the work costs when no other process takes the CPU. */
        final List<Double> updatesCpu = new ArrayList<>();
        final List<Double> pulsesAfterUpdateCpu = new ArrayList<>();
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final int PROBE_MS = 2;

    private final Map<String, Phase> phases = new LinkedHashMap<>();
    private Phase current;
    private long lastFrame;
    private long pulseStart;
    private long pulseStartCpu;
    /** The update (index in its phase's lists) whose pulse is still to come, or -1. */
    private int updateWaitingForPulse = -1;
    private volatile boolean probing = true;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            long t = System.nanoTime();
            if (current != null && lastFrame != 0) {
                current.longestGap = Math.max(current.longestGap, (t - lastFrame) / 1e6);
            }
            lastFrame = t;
            pulseStart = t;
            pulseStartCpu = THREADS.getCurrentThreadCpuTime();
        }
    };

    StallMeter(Scene scene) {
        scene.addPostLayoutPulseListener(() -> {
            if (updateWaitingForPulse >= 0 && current != null) {
                addAt(current.pulsesAfterUpdate, updateWaitingForPulse, (System.nanoTime() - pulseStart) / 1e6);
                addAt(current.pulsesAfterUpdateCpu, updateWaitingForPulse, (THREADS.getCurrentThreadCpuTime() - pulseStartCpu) / 1e6);
                updateWaitingForPulse = -1;
            }
        });
        timer.start();
        Thread.ofPlatform().daemon().name("stall-probe").start(this::probe);
    }

    /** Hands the FX thread one probe at a time and, on the FX thread, records how long it waited. */
    private void probe() {
        Semaphore ran = new Semaphore(0);
        try {
            while (probing) {
                long posted = System.nanoTime();
                Platform.runLater(() -> {
                    if (current != null) {
                        current.longestStall = Math.max(current.longestStall, (System.nanoTime() - posted) / 1e6);
                    }
                    ran.release();
                });
                ran.acquire();
                Thread.sleep(PROBE_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** From now on, gaps and updates count towards {@code name}; null measures nothing. */
    void phase(String name) {
        current = name == null ? null : phases.computeIfAbsent(name, n -> new Phase());
    }

    /**
     * Runs {@code update} and records how long it took and the pulses after it; with
     * {@code first} false, it is one more runnable of the update before it.
     */
    void update(boolean first, Runnable update) {
        long start = System.nanoTime();
        long startCpu = THREADS.getCurrentThreadCpuTime();
        update.run();
        if (current != null) {
            if (first || current.updates.isEmpty()) {
                current.updates.add(0.0);
                current.updatesCpu.add(0.0);
            }
            int index = current.updates.size() - 1;
            addAt(current.updates, index, (System.nanoTime() - start) / 1e6);
            addAt(current.updatesCpu, index, (THREADS.getCurrentThreadCpuTime() - startCpu) / 1e6);
            updateWaitingForPulse = index;
        }
    }

    void update(Runnable update) {
        update(true, update);
    }

    private static void addAt(List<Double> values, int index, double value) {
        while (values.size() <= index) {
            values.add(0.0);
        }
        values.set(index, values.get(index) + value);
    }

    Map<String, Phase> phases() {
        return phases;
    }

    void stop() {
        probing = false;
        timer.stop();
    }
}
