package dev.homeport.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** What the benchmarks share: timing a step, pairing two ways run alternately, medians, and running a tool. */
final class Timing {
    private Timing() {
    }

    interface Step {
        void run() throws Exception;
    }

    /** Medians (ms) of two ways, run alternately. */
    static double[] paired(int runs, Step a, Step b) throws Exception {
        double[] timesA = new double[runs];
        double[] timesB = new double[runs];
        for (int i = 0; i < runs; i++) {
            timesA[i] = time(a);
            timesB[i] = time(b);
        }
        return new double[] {median(timesA), median(timesB)};
    }

    /** How long one step takes, in ms. */
    static double time(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e6;
    }

    /** The median; NaN when there is no value. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Runs a command to its end, its output discarded; fails when it fails. */
    static void run(List<String> command, Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            // Read (not discarded) so a failure can say what the tool printed; the time it takes is part of running the tool.
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void run(List<String> command) {
        run(command, Map.of());
    }

    static List<String> join(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
