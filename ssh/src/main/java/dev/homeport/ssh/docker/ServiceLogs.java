package dev.homeport.ssh.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A Swarm service's logs, every replica's, each line with its details: the {@code key=value} pairs that
 * name the node, service and task it came from, between its time and its text. docker-java's
 * {@code logServiceCmd} cannot ask for the details, so this sends {@code GET /services/{id}/logs} itself
 * and reads Docker's multiplexed stream (an 8-byte header, then the frame) on a thread of its own.
 */
public final class ServiceLogs {
    private ServiceLogs() {
    }

    /**
     * Starts reading; frames go to {@code callback}, which completes when the stream ends and stops it
     * when closed. A negative {@code tail} reads them all; {@code since} (or null) starts at that second. Throws when
     * the manager refuses (no such service, not a manager).
     */
    public static <T extends ResultCallback<Frame>> T read(NodeDocker manager, String serviceId, int tail, boolean follow,
                                                           java.time.Instant since, T callback) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/v" + manager.apiVersion().getVersion() + "/services/" + URLEncoder.encode(serviceId, StandardCharsets.UTF_8)
                        + "/logs?stdout=1&stderr=1&timestamps=1&details=1&tail=" + (tail < 0 ? "all" : tail) + "&follow=" + (follow ? 1 : 0)
                        + (since == null ? "" : "&since=" + since.getEpochSecond()))
                .build();
        DockerHttpClient.Response response = manager.transport().execute(request);
        if (response.getStatusCode() != 200) {
            String body;
            try (response; InputStream in = response.getBody()) {
                body = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                body = e.getMessage();
            }
            throw new IllegalStateException("The logs of Swarm service " + serviceId + " cannot be read (HTTP " + response.getStatusCode()
                    + "): " + body);
        }
        callback.onStart(response);
        Thread.ofVirtual().name("homeport-service-logs").start(() -> pump(response, callback));
        return callback;
    }

    private static void pump(DockerHttpClient.Response response, ResultCallback<Frame> callback) {
        try (InputStream in = response.getBody()) {
            byte[] header = new byte[8];
            while (in.readNBytes(header, 0, 8) == 8) {
                int size = (header[4] & 0xff) << 24 | (header[5] & 0xff) << 16 | (header[6] & 0xff) << 8 | header[7] & 0xff;
                byte[] payload = in.readNBytes(size);
                callback.onNext(new Frame(header[0] == 2 ? StreamType.STDERR : StreamType.STDOUT, payload));
            }
            callback.onComplete();
        } catch (IOException | RuntimeException e) {
            callback.onComplete(); // closed by the reader, or the node went away: the logs end here
        }
    }
}
