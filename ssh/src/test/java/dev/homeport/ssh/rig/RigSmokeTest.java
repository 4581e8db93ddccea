package dev.homeport.ssh.rig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves each part of the rig answers, using only the JDK and the real OpenSSH client. */
@ExtendWith(RigExtension.class)
class RigSmokeTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void sshdServesOpenSshAndTheTestUserCanReachDocker(Rig rig) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(rig.sshHost(), rig.sshPort()), 5000);
            String banner = new String(socket.getInputStream().readNBytes(16), StandardCharsets.US_ASCII);
            assertThat(banner).startsWith("SSH-2.0-OpenSSH");
        }
        String apiVersion = run(List.of("ssh", "-i", rig.sshKey().toString(), "-p", Integer.toString(rig.sshPort()),
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + rig.knownHosts(),
                rig.sshUser() + "@" + rig.sshHost(), "docker", "version", "--format", "{{.Server.APIVersion}}"));
        assertThat(apiVersion).isEqualTo("1.41");
    }

    @Test
    void dockerAnswersOnItsSocket(Rig rig) throws IOException {
        assertThat(dockerGet(rig.dockerSocket(), "/_ping")).endsWith("OK");
        assertThat(dockerGet(rig.dockerSocket(), "/images/" + rig.nodeImage() + "/json")).startsWith("HTTP/1.0 200").contains("\"Id\"");
        assertThat(dockerGet(rig.dockerSocket(), "/images/" + rig.baseImage() + "/json")).startsWith("HTTP/1.0 200");
    }

    @Test
    void netdataServesSystemCharts(Rig rig) throws Exception {
        assertThat(get(rig.netdataUrl() + "/api/v1/info")).contains("\"version\"");
        assertThat(get(rig.netdataUrl() + "/api/v1/data?chart=system.cpu&after=-5&format=json")).contains("\"labels\"");
    }

    @Test
    void caddyAdminApiAnswers(Rig rig) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(rig.caddyAdmin() + "/config/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void xvfbDisplayIsUp(Rig rig) {
        String display = rig.display();
        assertThat(Path.of("/tmp/.X11-unix/X" + display.substring(1))).exists();
    }

    @Test
    void aNodeContainerServesSshOnItsOwnAddress(Rig rig) throws Exception {
        String id = run(List.of("docker", "run", "-d", "--label", "dev.homeport.test=true", rig.nodeImage()));
        try {
            String ip = run(List.of("docker", "inspect", "-f", "{{.NetworkSettings.IPAddress}}", id));
            assertThat(ip).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
            String banner = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (banner == null && System.nanoTime() < deadline) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(ip, 22), 2000);
                    banner = new String(socket.getInputStream().readNBytes(16), StandardCharsets.US_ASCII);
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertThat(banner).startsWith("SSH-2.0-OpenSSH");
        } finally {
            run(List.of("docker", "rm", "-f", id));
        }
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    /** A bare HTTP/1.0 request over Docker's Unix socket, so the daemon closes when done. */
    private static String dockerGet(Path socket, String path) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            try (InputStream in = Channels.newInputStream(channel)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
        }
    }

    private static String run(List<String> command) throws Exception {
        Path err = Files.createTempFile("rig-smoke", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished: " + command).isTrue();
            assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + Files.readString(err)).isZero();
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
