package dev.homeport.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;

/**
 * Measures how long the FX thread is kept from drawing, per phase of the chart benchmark:
 * the gaps between consecutive pulses (an AnimationTimer runs first in every pulse), the time
 * each update runnable takes, and the CSS and layout part of the pulse that follows an update
 * (from the AnimationTimer to the scene's post-layout listener), in wall-clock time and in the
 * FX thread's CPU time. Used on the FX thread only.
 */
final class StallMeter {
    /** What one phase measured, in milliseconds. */
    static final class Phase {
        double longestGap;
        final List<Double> updates = new ArrayList<>();
        final List<Double> pulsesAfterUpdate = new ArrayList<>();
        /** The FX thread's CPU time for the same: what the work costs when no other process takes the CPU. */
        final List<Double> updatesCpu = new ArrayList<>();
        final List<Double> pulsesAfterUpdateCpu = new ArrayList<>();
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<String, Phase> phases = new LinkedHashMap<>();
    private Phase current;
    private long lastFrame;
    private long pulseStart;
    private long pulseStartCpu;
    private boolean updateWaitsForPulse;
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
            if (updateWaitsForPulse && current != null) {
                current.pulsesAfterUpdate.add((System.nanoTime() - pulseStart) / 1e6);
                current.pulsesAfterUpdateCpu.add((THREADS.getCurrentThreadCpuTime() - pulseStartCpu) / 1e6);
                updateWaitsForPulse = false;
            }
        });
        timer.start();
    }

    /** From now on, gaps and updates count towards {@code name}; null measures nothing. */
    void phase(String name) {
        current = name == null ? null : phases.computeIfAbsent(name, n -> new Phase());
    }

    /** Runs {@code update} and records how long it took and the pulse after it. */
    void update(Runnable update) {
        long start = System.nanoTime();
        long startCpu = THREADS.getCurrentThreadCpuTime();
        update.run();
        if (current != null) {
            current.updates.add((System.nanoTime() - start) / 1e6);
            current.updatesCpu.add((THREADS.getCurrentThreadCpuTime() - startCpu) / 1e6);
            updateWaitsForPulse = true;
        }
    }

    Map<String, Phase> phases() {
        return phases;
    }

    void stop() {
        timer.stop();
    }
}
