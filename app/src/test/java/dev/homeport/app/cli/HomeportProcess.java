package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.HomeportHome;
import dev.homeport.ssh.rig.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ThrowingRunnable;

/**
 * The {@code homeport} command as a process of its own, started the way the
 * launcher starts it, for what only a real process has: signals such as Ctrl-C.
 */
final class HomeportProcess {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private HomeportProcess() {
    }

    /** What a finished run printed. */
    record Result(int exitCode, String out, String err) {
    }

    /** Starts {@code homeport ARGS} against {@code home}, with stdin a pipe and stderr into {@code errors}. */
    static Process start(HomeportHome home, Path errors, String... args) throws IOException {
        return start(home, errors, List.of(), args);
    }

    /** As {@link #start(HomeportHome, Path, String...)}, with Java options such as {@code -Duser.home=…}. */
    static Process start(HomeportHome home, Path errors, List<String> javaOptions, String... args) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A job a shell puts in the background starts with SIGINT ignored, and so would the JVM
        // under it, and Ctrl-C would do nothing; env puts Ctrl-C back to its default first, so
        // these tests behave the same however the build was started.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT", java));
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.homeport.app.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        builder.environment().put(HomeportHome.ENV, home.root().toString());
        return builder.start();
    }

    /** Runs {@code homeport ARGS} with input at its end, and waits for it. */
    static Result run(HomeportHome home, Path folder, List<String> javaOptions, String... args) throws Exception {
        Path errors = java.nio.file.Files.createTempFile(folder, "stderr", ".txt");
        Process process = start(home, errors, javaOptions, args);
        try {
            process.getOutputStream().close();
            String out = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            return new Result(exitCode(process), out, java.nio.file.Files.readString(errors));
        } finally {
            process.destroyForcibly();
        }
    }

    /** The first line the process prints, waiting for it as long as a slow start may take. */
    static String firstLine(Process process) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return lines.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /** What Ctrl-C sends. */
    static void interrupt(Process process) {
        Processes.run("kill", "-INT", Long.toString(process.pid()));
    }

    static int exitCode(Process process) throws InterruptedException {
        assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("homeport ended").isTrue();
        return process.exitValue();
    }

    static void eventually(ThrowingRunnable assertion) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(assertion);
    }
}
