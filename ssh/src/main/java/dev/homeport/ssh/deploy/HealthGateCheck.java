package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.homeport.model.HealthGate;
import dev.homeport.ssh.transport.Http1;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.PortForward;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Waits until a new release passes its health gate, or says why it did not.
 * HTTP and TCP checks reach the container's loopback port through the node's
 * SSH connection, as Caddy will. A container that exits fails at once.
 */
final class HealthGateCheck {
    private static final long POLL_MILLIS = 500;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    /** How long a RUNNING gate watches the container before it counts as up. */
    static final Duration RUNNING_FOR = Duration.ofSeconds(3);

    private final NodeConnection node;
    private final ReleaseContainers containers;
    private final DeployLog log;
    private final Cancel cancel;

    HealthGateCheck(NodeConnection node, ReleaseContainers containers, DeployLog log, Cancel cancel) {
        this.node = node;
        this.containers = containers;
        this.log = log;
        this.cancel = cancel;
    }

    /** {@code host} is the Host header of HTTP checks: the service's first domain, as the app will see it. Throws {@link HealthGateFailed} when the release does not pass within {@code timeout}. */
    void await(ReleaseContainers.Started started, HealthGate gate, String path, String host, Duration timeout) {
        await(started, gate, path, host, timeout, null);
    }

    /** As above; {@code engine} is the database a DATABASE gate asks (null for any other gate). */
    void await(ReleaseContainers.Started started, HealthGate gate, String path, String host, Duration timeout,
               dev.homeport.model.DatabaseEngine engine) {
        if (gate == HealthGate.DATABASE && engine == null) {
            throw new HealthGateFailed("the database health check applies only to a database service; choose the http, tcp, image or running check");
        }
        log.line(switch (gate) {
            case HTTP -> "Health check: GET " + path + " must answer 2xx or 3xx within " + timeout.toSeconds() + " s";
            case TCP -> "Health check: the port must accept connections within " + timeout.toSeconds() + " s";
            case IMAGE -> "Health check: the image's HEALTHCHECK must report healthy within " + timeout.toSeconds() + " s";
            case RUNNING -> "Health check: the container must keep running for " + RUNNING_FOR.toSeconds() + " s";
            case DATABASE -> "Health check: the database must answer " + DatabaseRuntime.describeCheck(engine) + " within " + timeout.toSeconds() + " s";
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        long start = System.nanoTime();
        String last = "no answer yet";
        try (PortForward forward = started.upstreamPort() == null ? null : node.forwardLocal("127.0.0.1", started.upstreamPort())) {
            while (true) {
                cancel.check();
                InspectContainerResponse.ContainerState state = containers.inspect(started.id()).getState();
                if (!Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) {
                    throw new HealthGateFailed("the container stopped (exit code " + state.getExitCodeLong() + ")");
                }
                switch (gate) {
                    case HTTP -> {
                        String answer = http(forward, host, path);
                        if (answer == null) {
                            return;
                        }
                        last = answer;
                    }
                    case TCP -> {
                        if (accepts(forward)) {
                            return;
                        }
                        last = "the port refused the connection";
                    }
                    case IMAGE -> {
                        var health = state.getHealth();
                        if (health == null || health.getStatus() == null) {
                            throw new HealthGateFailed("the image has no HEALTHCHECK; choose the http, tcp or running health check");
                        }
                        if (health.getStatus().equals("healthy")) {
                            return;
                        }
                        if (health.getStatus().equals("unhealthy")) {
                            throw new HealthGateFailed("the image's HEALTHCHECK reports unhealthy");
                        }
                        last = "HEALTHCHECK is " + health.getStatus();
                    }
                    case RUNNING -> {
                        if (System.nanoTime() - start >= RUNNING_FOR.toNanos()) {
                            return;
                        }
                        last = "still starting";
                    }
                    case DATABASE -> {
                        dev.homeport.ssh.docker.ContainerExec.Result answer;
                        try {
                            answer = containers.exec(started.id(), DatabaseRuntime.healthCheck(engine), null, PROBE_TIMEOUT);
                        } catch (com.github.dockerjava.api.exception.DockerException e) {
                            // Docker refuses an exec while the container restarts; the next round's state check says so.
                            answer = null;
                            last = "the check could not run (" + e.getMessage() + ")";
                        }
                        if (answer != null && answer.succeeded()) {
                            return;
                        }
                        if (answer != null) {
                            last = answer.exitCode() == null ? "the check took over " + PROBE_TIMEOUT.toSeconds() + " s"
                                    : "not ready (exit " + answer.exitCode() + (answer.output().isBlank() ? "" : ": " + answer.output().strip()) + ")";
                        }
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new HealthGateFailed("it did not pass within " + timeout.toSeconds() + " s (last: " + last + ")");
                }
                cancel.sleep(POLL_MILLIS);
            }
        }
    }

    /** Null when the answer passes, else what was wrong. */
    private static String http(PortForward forward, String host, String path) {
        try {
            int status = Http1.get(forward.localPort(), host, path, PROBE_TIMEOUT).status();
            return status >= 200 && status < 400 ? null : "HTTP " + status;
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /**
     * The forward accepts locally at once; when the node cannot reach the port,
     * the SSH channel fails and the local socket is closed (end of stream).
     * A server that waits for us to speak first counts as accepting.
     */
    private static boolean accepts(PortForward forward) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", forward.localPort()), (int) PROBE_TIMEOUT.toMillis());
            socket.setSoTimeout(700);
            InputStream in = socket.getInputStream();
            return in.read() >= 0;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The release did not pass; the message completes "The health check failed: …". */
    static final class HealthGateFailed extends DeployException {
        HealthGateFailed(String message) {
            super(message);
        }
    }
}
