package dev.homeport.ssh.rig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs local programs for tests (the real ssh, ssh-keygen, docker…) and returns their output. */
public final class Processes {
    private Processes() {
    }

    public record Result(int exit, String out, String err) {
    }

    /** Runs a program and fails the test when it does not exit 0. */
    public static String run(String... command) {
        Result result = call(List.of(command), null);
        if (result.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + result.exit() + ": " + result.err());
        }
        return result.out().strip();
    }

    /**
     * Removes a Docker volume of the rig's host, waiting while a container that is being removed still holds it
     * (Docker refuses "volume is in use" until then); fails the test when it is still there after a minute, as
     * it would otherwise be left behind for the next run.
     */
    public static void removeVolume(String volume) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Result result = call(List.of("docker", "volume", "rm", "-f", volume), null);
            if (result.exit() == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The volume " + volume + " could not be removed: " + result.err().strip());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public static Result call(List<String> command, String stdin) {
        try {
            Path err = Files.createTempFile("homeport-test", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
                if (stdin != null) {
                    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                process.getOutputStream().close();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
                }
                return new Result(process.exitValue(), out, Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted running " + command, e);
        }
    }
}
