package dev.homeport.ssh.rig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real S3 API server for tests: S3Proxy (org.gaul:s3proxy, Apache-2.0) with its filesystem backend, run as its own
 * {@code java -jar} process on 127.0.0.1:<free port> (the rig's host node reaches it there), with a random access key
 * and secret. The build copies its jar-with-dependencies to {@code target/s3proxy/s3proxy.jar} (the ssh and app poms);
 * it is not on the test classpath. {@link #bucket} exists; {@link #close} stops the server and deletes its files.
 */
public final class RigS3 implements AutoCloseable {
    public final String accessKey = "AK" + UUID.randomUUID().toString().replace("-", "").substring(0, 18).toUpperCase(java.util.Locale.ROOT);
    public final String secretKey = "sk-" + UUID.randomUUID();
    public final String bucket = "homeport-test";
    private final Path folder;
    private final int port;
    private final Process server;

    public RigS3() throws IOException, InterruptedException {
        Path jar = jar();
        folder = Files.createTempDirectory("homeport-s3");
        Files.createDirectories(folder.resolve("data").resolve(bucket));
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // The secret is in this properties file, which is the test's S3 server's own configuration, not Homeport's.
        Path properties = folder.resolve("s3proxy.properties");
        Files.writeString(properties, """
                s3proxy.endpoint=http://127.0.0.1:%d
                s3proxy.authorization=aws-v2-or-v4
                s3proxy.identity=%s
                s3proxy.credential=%s
                jclouds.provider=filesystem
                jclouds.filesystem.basedir=%s
                """.formatted(port, accessKey, secretKey, folder.resolve("data")));
        server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar.toString(),
                "--properties", properties.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("s3proxy.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            if (!server.isAlive()) {
                throw new IllegalStateException("S3Proxy exited: " + Files.readString(folder.resolve("s3proxy.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                break;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("S3Proxy did not answer on port " + port + " within 60 s");
                }
                Thread.sleep(200);
            }
        }
    }

    /** The jar the build copied: this module's target/s3proxy, or the ssh module's when run from the app module. */
    static Path jar() {
        for (Path candidate : new Path[] {Path.of("target", "s3proxy", "s3proxy.jar"), Path.of("..", "ssh", "target", "s3proxy", "s3proxy.jar")}) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("No target/s3proxy/s3proxy.jar: the build copies it (maven-dependency-plugin, process-test-resources);"
                + " run the tests through Maven");
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Where the server keeps its objects: {@code <folder>/<bucket>/<key>} on this machine. */
    public Path data() {
        return folder.resolve("data");
    }

    /** The object's file in the backend, for a test to read or change. */
    public Path object(String key) {
        return data().resolve(bucket).resolve(key);
    }

    /** The server's own folder (its properties hold the secret; a test checking its own files leaves this one out). */
    public Path folder() {
        return folder;
    }

    @Override
    public void close() {
        server.destroy();
        try {
            if (!server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary folder
        }
    }
}
