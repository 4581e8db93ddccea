package dev.homeport.ssh.rig;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A private image registry on the rig: Debian's docker-registry on
 * 127.0.0.1:<free port>, with a random user and password (htpasswd, bcrypt).
 * Docker treats 127.0.0.0/8 as an insecure registry by default, so no TLS is
 * needed. {@link #push} puts an image there with the docker CLI, logged in
 * through a private config folder, and removes the local copy, so a deploy must
 * pull it with the login.
 */
public final class RigRegistry implements AutoCloseable {
    public final String user = "tester";
    public final String password = "pw-" + UUID.randomUUID();
    private final Path folder;
    private final int port;
    private final Process registry;
    private final List<String> pushed = new ArrayList<>();

    public RigRegistry() throws IOException, InterruptedException {
        folder = Files.createTempDirectory("homeport-registry");
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process hash = new ProcessBuilder("htpasswd", "-iBn", user).redirectErrorStream(false).start();
        hash.getOutputStream().write(password.getBytes(StandardCharsets.UTF_8));
        hash.getOutputStream().close();
        String line = new String(hash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (hash.waitFor() != 0 || !line.startsWith(user + ":")) {
            throw new IllegalStateException("htpasswd failed: " + line);
        }
        Files.writeString(folder.resolve("htpasswd"), line + "\n");
        Files.writeString(folder.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                auth:
                  htpasswd:
                    realm: homeport-test
                    path: %s
                """.formatted(folder.resolve("data"), port, folder.resolve("htpasswd")));
        registry = new ProcessBuilder("docker-registry", "serve", folder.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("registry.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!answers()) {
            if (System.nanoTime() > deadline || !registry.isAlive()) {
                throw new IllegalStateException("docker-registry did not start: " + Files.readString(folder.resolve("registry.log")));
            }
            Thread.sleep(100);
        }
    }

    /** {@code 127.0.0.1:<port>}, as an image reference and a registry login name it. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Pushes a local image as {@code <address>/<name>}, then removes the local copy of that name. Returns the reference. */
    public String push(String localImage, String name) throws IOException, InterruptedException {
        String reference = address() + "/" + name;
        Map<String, String> config = Map.of("DOCKER_CONFIG", Files.createDirectories(folder.resolve("docker-config")).toString());
        docker(config, password, "login", address(), "-u", user, "--password-stdin");
        docker(config, null, "tag", localImage, reference);
        docker(config, null, "push", reference);
        docker(config, null, "rmi", reference);
        docker(config, null, "logout", address());
        pushed.add(reference);
        return reference;
    }

    private static void docker(Map<String, String> environment, String stdin, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
        }
    }

    private boolean answers() {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the registry, removes what it stored and any pulled copy of its images. */
    @Override
    public void close() throws IOException, InterruptedException {
        registry.destroy();
        registry.waitFor(10, TimeUnit.SECONDS);
        for (String reference : pushed) {
            new ProcessBuilder("docker", "rmi", "-f", reference).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
