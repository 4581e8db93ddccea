package dev.homeport.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Where the build put things, and a small way to run commands. Shared by the packaging tests. */
final class Packaging {
    static final boolean CI = "true".equals(System.getenv("CI"));

    private Packaging() {
    }

    static Path root() {
        return Path.of(System.getProperty("homeport.root", "..")).toAbsolutePath().normalize();
    }

    static Path target() {
        return Path.of(System.getProperty("homeport.packaging.target", root().resolve("packaging/target").toString()));
    }

    static Path image() {
        return target().resolve("image/homeport");
    }

    static Path installers() {
        return target().resolve("installers");
    }

    /** The one installer of a kind ({@code .deb}, {@code .rpm}); skips on a developer's machine without it, fails under CI. */
    static Path installer(String extension) {
        try (Stream<Path> files = Files.isDirectory(installers()) ? Files.list(installers()) : Stream.empty()) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(extension)).toList();
            require(!found.isEmpty(), "no " + extension + " in " + installers() + " (packaging/build makes it)");
            assertThat(found).as("one %s installer", extension).hasSize(1);
            return found.getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path requireImage() {
        require(Files.isExecutable(image().resolve("bin/homeport")), "no app image in " + image() + " (packaging/build makes it)");
        return image();
    }

    /** Under CI a missing precondition fails the test; on a developer's machine it skips it, with the reason. */
    static void require(boolean condition, String why) {
        if (CI) {
            Assertions.assertTrue(condition, why + " — required under CI=true");
        } else {
            Assumptions.assumeTrue(condition, why);
        }
    }

    static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
    }

    record Result(int exit, String out) {
        Result ok() {
            assertThat(exit).as("exit code; output:%n%s", out).isZero();
            return this;
        }
    }

    static Result run(Duration timeout, Map<String, String> env, List<String> command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putAll(env);
            Path log = Files.createTempFile("homeport-packaging", ".log");
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                String out = Files.readString(log, StandardCharsets.UTF_8);
                Files.delete(log);
                throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command) + "\n" + out);
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result run(String... command) {
        return run(Duration.ofMinutes(5), Map.of(), List.of(command));
    }

    static List<String> list(String... items) {
        return new ArrayList<>(List.of(items));
    }

    /** A private Xvfb display, so nothing here lands on a display that UI tests are driving. */
    static final class Display implements AutoCloseable {
        private final Process xvfb;
        private final Path numberFile;
        final String name;

        Display() throws IOException, InterruptedException {
            numberFile = Files.createTempFile("homeport-xvfb", ".display");
            // Xvfb picks a free display and writes its number to fd 3.
            xvfb = new ProcessBuilder("bash", "-c", "exec Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>\"$0\"",
                    numberFile.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (Files.readString(numberFile).isBlank()) {
                if (System.nanoTime() > deadline || !xvfb.isAlive()) {
                    xvfb.destroy();
                    throw new AssertionError("Xvfb did not start");
                }
                Thread.sleep(50);
            }
            name = ":" + Files.readString(numberFile).trim();
        }

        @Override
        public void close() throws IOException {
            xvfb.destroy();
            Files.deleteIfExists(numberFile);
        }
    }
}
