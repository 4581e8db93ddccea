package dev.homeport.ssh.transport.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real OpenSSH tools (ssh-keygen, ssh-add) for the agent tests. */
final class OpenSshTools {
    private OpenSshTools() {
    }

    /** Generates an unencrypted key pair with ssh-keygen; returns the private key's path ({@code .pub} beside it). */
    static Path generateKey(Path directory, String type, int bits) throws IOException {
        Path key = directory.resolve("id_" + type + "_" + bits);
        run(List.of("ssh-keygen", "-q", "-t", type, "-b", Integer.toString(bits), "-N", "", "-C", "homeport-test-" + type,
                "-f", key.toString()), Map.of());
        return key;
    }

    /** The key's public line as ssh writes it: "type base64 comment". */
    static String publicLine(Path privateKey) throws IOException {
        return Files.readString(Path.of(privateKey + ".pub")).strip();
    }

    /** Runs a command to completion and returns its standard output, or throws with its output when it fails. */
    static String run(List<String> command, Map<String, String> environment) throws IOException {
        Path output = Files.createTempFile("openssh-tool", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 60 s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running " + command, e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
