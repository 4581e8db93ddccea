package dev.homeport.ssh.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.homeport.ssh.transport.NodeConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Docker Engine of one node, through its SSH connection: one per node
 * connection. {@link #client()} is a docker-java {@link DockerClient} that
 * speaks the API version the node's daemon offers, capped at the newest that
 * docker-java knows; it asks the daemon ({@code GET /version}) on first use.
 */
public final class NodeDocker implements AutoCloseable {
    /** The newest API version docker-java 3.7 has models for. */
    public static final RemoteApiVersion NEWEST_KNOWN = RemoteApiVersion.VERSION_1_44;

    private final NodeConnection node;
    private final DialStdioHttpClient http;
    private RemoteApiVersion apiVersion;
    private DockerClient client;

    public NodeDocker(NodeConnection node) {
        this(node, new DialStdioHttpClient(node));
    }

    NodeDocker(NodeConnection node, DialStdioHttpClient http) {
        this.node = node;
        this.http = http;
    }

    /** The docker-java client for this node; the first call asks the daemon for its API version. */
    public synchronized DockerClient client() {
        if (client == null) {
            // A plain builder: the local DOCKER_HOST, ~/.docker and docker-java.properties say nothing about a node.
            DockerClientConfig config = new DefaultDockerClientConfig.Builder()
                    .withDockerHost("unix:///var/run/docker.sock") // the node's socket, as dial-stdio finds it; not used by our transport
                    .withApiVersion(apiVersion())
                    .build();
            client = DockerClientImpl.getInstance(config, http);
        }
        return client;
    }

    /**
     * A client for a registry login's {@code POST /auth}: docker-java's {@code authCmd()} refuses to start without a
     * registry and a user in the client's config, before it takes the login it is given. It names those (never the
     * password) and shares this node's transport, so it is not to be closed.
     */
    public DockerClient loginClient(String registry, String registryUser) {
        DockerClientConfig config = new DefaultDockerClientConfig.Builder()
                .withDockerHost("unix:///var/run/docker.sock") // as in client(): not used by our transport
                .withApiVersion(apiVersion())
                .withRegistryUrl(registry)
                .withRegistryUsername(registryUser)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** The API version requests use: the daemon's own, or {@link #NEWEST_KNOWN} when the daemon is newer. */
    public synchronized RemoteApiVersion apiVersion() {
        if (apiVersion == null) {
            apiVersion = askDaemon();
        }
        return apiVersion;
    }

    /** True when the node's Docker has the image (by ID or name); false when it has not, or cannot say now. */
    public boolean hasImage(String image) {
        try {
            client().inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException notThereOrUnreachable) {
            return false;
        }
    }

    /** The node's name, for messages. */
    public String nodeName() {
        return node.target().name();
    }

    /** The transport, for its channel counts and for requests docker-java does not model (an image load's answer). */
    public DialStdioHttpClient transport() {
        return http;
    }

    private RemoteApiVersion askDaemon() {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/version")
                .build();
        try (DockerHttpClient.Response response = http.execute(request); InputStream body = response.getBody()) {
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            if (response.getStatusCode() != 200) {
                throw new DockerUnavailableException("The Docker daemon on " + node.target().name() + " answered GET /version with "
                        + response.getStatusCode() + ": " + text.strip());
            }
            JsonNode version = DockerClientConfig.getDefaultObjectMapper().readTree(text);
            return negotiate(version.path("ApiVersion").asText(""), version.path("MinAPIVersion").asText(""), node.target().name());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Docker version of " + node.target().name() + ": " + e.getMessage(), e);
        }
    }

    /** What the docker CLI does too: the lower of the daemon's version and ours. */
    static RemoteApiVersion negotiate(String daemonVersion, String daemonMinimum, String nodeName) {
        RemoteApiVersion daemon = RemoteApiVersion.parseConfigWithDefault(daemonVersion);
        if (daemon == RemoteApiVersion.UNKNOWN_VERSION) {
            throw new DockerUnavailableException("The Docker daemon on " + nodeName + " did not say which API version it speaks ('"
                    + daemonVersion + "').");
        }
        RemoteApiVersion minimum = RemoteApiVersion.parseConfigWithDefault(daemonMinimum);
        if (minimum != RemoteApiVersion.UNKNOWN_VERSION && minimum.isGreater(NEWEST_KNOWN)) {
            throw new DockerUnavailableException("The Docker daemon on " + nodeName + " needs API " + minimum.getVersion()
                    + " or newer; Homeport speaks up to " + NEWEST_KNOWN.getVersion() + ".");
        }
        return daemon.isGreater(NEWEST_KNOWN) ? NEWEST_KNOWN : daemon;
    }

    /** Closes every channel of this node's Docker client; streams still running end. */
    @Override
    public synchronized void close() {
        try {
            if (client != null) {
                client.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            http.close();
        }
    }
}
