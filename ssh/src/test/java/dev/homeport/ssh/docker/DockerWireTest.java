package dev.homeport.ssh.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import dev.homeport.ssh.docker.ContainerSummary.Health;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 wire format, version negotiation and status parsing, as pure functions on bytes and text. */
class DockerWireTest {
    @Test
    void eachChannelRunsDialStdio() {
        assertThat(DialStdioPool.DIAL_STDIO.render()).isEqualTo("docker system dial-stdio");
    }

    @Test
    void aGetHasNoBodyHeaders() throws IOException {
        Request get = Request.builder().method(Request.Method.GET).path("/v1.41/containers/json?all=1").build();
        assertThat(written(get)).isEqualTo("GET /v1.41/containers/json?all=1 HTTP/1.1\r\nHost: docker\r\n\r\n");
    }

    @Test
    void aByteBodyGoesWithItsLength() throws IOException {
        Request post = Request.builder().method(Request.Method.POST).path("/v1.41/containers/create")
                .putHeader("content-type", "application/json").bodyBytes("{}".getBytes(StandardCharsets.UTF_8)).build();
        assertThat(written(post)).isEqualTo("POST /v1.41/containers/create HTTP/1.1\r\nHost: docker\r\ncontent-type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{}");
    }

    @Test
    void aStreamBodyIsChunked() throws IOException {
        Request build = Request.builder().method(Request.Method.POST).path("/v1.41/build")
                .body(new ByteArrayInputStream("tar bytes".getBytes(StandardCharsets.UTF_8))).build();
        assertThat(written(build)).isEqualTo("POST /v1.41/build HTTP/1.1\r\nHost: docker\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "9\r\ntar bytes\r\n0\r\n\r\n");
    }

    @Test
    void aHijackingRequestAsksForTheUpgrade() throws IOException {
        Request attach = Request.builder().method(Request.Method.POST).path("/v1.41/exec/abc/start")
                .bodyBytes("{}".getBytes(StandardCharsets.UTF_8)).hijackedInput(InputStream.nullInputStream()).build();
        assertThat(written(attach)).isEqualTo("POST /v1.41/exec/abc/start HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                + "Content-Length: 2\r\n\r\n{}");
    }

    @Test
    void headerTextCannotEndALine() {
        Request injected = Request.builder().method(Request.Method.GET).path("/x").putHeader("X-Registry-Auth", "a\r\nEvil: 1").build();
        assertThatThrownBy(() -> written(injected)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control characters");
    }

    @Test
    void chunkedBodiesEndAtTheLastChunkAndLeaveTheNextResponse() throws IOException {
        InputStream in = bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nApi-Version: 1.41\r\n\r\n"
                + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\n");
        HttpWire.Head head = HttpWire.readHead(in);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("api-version")).as("header names ignore case").isEqualTo("1.41");
        ResponseBody body = HttpWire.body(in, "GET", head);
        assertThat(body).isInstanceOf(ResponseBody.Chunked.class);
        assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello, world");
        assertThat(body.atEnd()).isTrue();
        HttpWire.Head next = HttpWire.readHead(in);
        assertThat(next.status()).isEqualTo(204);
        assertThat(HttpWire.body(in, "DELETE", next).atEnd()).isTrue();
    }

    @Test
    void aChunkedBodyCutShortIsAnError() throws IOException {
        InputStream in = bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly part");
        ResponseBody body = HttpWire.body(in, "GET", HttpWire.readHead(in));
        assertThatThrownBy(body::readAllBytes).isInstanceOf(EOFException.class).hasMessageContaining("ended inside a chunked response body");
    }

    @Test
    void contentLengthBodiesStopAtTheirLength() throws IOException {
        InputStream in = bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOKHTTP/1.1 200 OK\r\n");
        ResponseBody body = HttpWire.body(in, "GET", HttpWire.readHead(in));
        assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("OK");
        assertThat(body.atEnd()).isTrue();
        assertThat(HttpWire.readLine(in, 100)).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void connectionCloseAndUnframedBodiesAreNotKept() throws IOException {
        InputStream in = bytes("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nraw until the end");
        HttpWire.Head head = HttpWire.readHead(in);
        assertThat(head.keepsAlive()).isFalse();
        ResponseBody body = HttpWire.body(in, "GET", head);
        assertThat(body.framed()).isFalse();
        assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("raw until the end");
    }

    @Test
    void interimResponsesAreSkippedButSwitchingProtocolsIsNot() throws IOException {
        assertThat(HttpWire.readHead(bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n\r\n")).status()).isEqualTo(201);
        assertThat(HttpWire.readHead(bytes("HTTP/1.1 101 UPGRADED\r\nUpgrade: tcp\r\n\r\n")).status()).isEqualTo(101);
        assertThat(HttpWire.readHead(bytes(""))).as("a channel that ended before answering").isNull();
    }

    @Test
    void theApiVersionIsTheDaemonsCappedAtDockerJavas() {
        assertThat(NodeDocker.negotiate("1.41", "1.12", "n")).isEqualTo(RemoteApiVersion.VERSION_1_41);
        assertThat(NodeDocker.negotiate("1.51", "1.24", "n")).isEqualTo(NodeDocker.NEWEST_KNOWN);
        assertThatThrownBy(() -> NodeDocker.negotiate("1.60", "1.45", "n")).isInstanceOf(DockerUnavailableException.class)
                .hasMessage("The Docker daemon on n needs API 1.45 or newer; Homeport speaks up to 1.44.");
        assertThatThrownBy(() -> NodeDocker.negotiate("", "", "n")).isInstanceOf(DockerUnavailableException.class);
    }

    @Test
    void healthComesFromTheStatusText() {
        assertThat(Health.ofStatus("Up 3 minutes (healthy)")).isEqualTo(Health.HEALTHY);
        assertThat(Health.ofStatus("Up 3 minutes (unhealthy)")).isEqualTo(Health.UNHEALTHY);
        assertThat(Health.ofStatus("Up 2 seconds (health: starting)")).isEqualTo(Health.STARTING);
        assertThat(Health.ofStatus("Up 3 minutes")).isEqualTo(Health.NONE);
        assertThat(Health.ofStatus("Exited (0) 5 seconds ago")).isEqualTo(Health.NONE);
    }

    private static String written(Request request) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HttpWire.writeRequest(out, request);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
