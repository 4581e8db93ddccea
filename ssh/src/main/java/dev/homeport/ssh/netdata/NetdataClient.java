package dev.homeport.ssh.netdata;

import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeException;
import dev.homeport.ssh.transport.PortForward;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads one node's Netdata (REST API v1) through an SSH local port forward to
 * {@code 127.0.0.1:19999} on the node, where Netdata listens on localhost only.
 * One client per node; {@link #close()} ends the forward.
 *
 * <p><b>Threading.</b> Every method except {@link #close()} does network I/O and
 * blocks until Netdata answers or the request timeout passes: call them off the
 * JavaFX thread (the metrics view polls on a virtual thread). The client is
 * safe for use by several threads at once. If the SSH session dropped and was
 * reopened, the forward is opened again on the next call, once.
 */
public final class NetdataClient implements AutoCloseable {
    public static final int NETDATA_PORT = 19999;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** How far back {@link #containerMetrics} looks for the newest point. */
    private static final int LATEST_WINDOW_SECONDS = 5;

    private final NodeConnection connection;
    private final String node;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final Map<String, ChartInfo> chartCache = new ConcurrentHashMap<>();
    private PortForward forward;
    private boolean closed;

    private NetdataClient(NodeConnection connection, Duration requestTimeout) {
        this.connection = connection;
        this.node = connection.target().name();
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout)
                .build();
    }

    /** A client for the node's Netdata. It opens the forward on first use, so this does not block. */
    public static NetdataClient of(NodeConnection connection) {
        return of(connection, DEFAULT_REQUEST_TIMEOUT);
    }

    public static NetdataClient of(NodeConnection connection, Duration requestTimeout) {
        return new NetdataClient(connection, requestTimeout);
    }

    /** The node's name, as used in messages. */
    public String node() {
        return node;
    }

    // ---- what Netdata is ---------------------------------------------------------------------

    /** Blocks. The agent's version; throws {@link NetdataException} with the reason when it does not answer. */
    public NetdataInfo info() {
        return NetdataJson.info(NetdataJson.parse("Netdata's /api/v1/info", get("/api/v1/info", "Netdata's info")));
    }

    /**
     * Blocks. True when Netdata answers on the node; never throws. When false, the
     * metrics view falls back to Docker's stats for container CPU and memory.
     */
    public boolean isAvailable() {
        try {
            info();
            return true;
        } catch (RuntimeException unavailable) {
            return false;
        }
    }

    /** Blocks. Every chart Netdata has right now (containers come and go). */
    public List<ChartInfo> charts() {
        List<ChartInfo> charts = NetdataJson.charts(NetdataJson.parse("Netdata's chart list", get("/api/v1/charts", "Netdata's chart list")));
        // Containers come and go: the cache holds what Netdata has now, not every chart it ever had.
        chartCache.keySet().retainAll(charts.stream().map(ChartInfo::id).collect(java.util.stream.Collectors.toSet()));
        charts.forEach(chart -> chartCache.put(chart.id(), chart));
        return charts;
    }

    /** Blocks. One chart's description; {@link ChartNotFoundException} when Netdata has no such chart. */
    public ChartInfo chart(String chart) {
        ChartInfo cached = chartCache.get(chart);
        if (cached != null) {
            return cached;
        }
        ChartInfo info = NetdataJson.chart(NetdataJson.parse("Netdata's chart " + chart,
                get("/api/v1/chart?chart=" + encode(chart), "chart " + chart, chart)));
        chartCache.put(chart, info);
        return info;
    }

    /** Blocks. Which of the node-wide charts this node's Netdata has. */
    public NodeCharts nodeCharts() {
        return NodeCharts.resolve(charts());
    }

    // ---- data --------------------------------------------------------------------------------

    /** Blocks. A chart over one of the view's ranges, ending now. */
    public ChartData data(String chart, MetricsRange range) {
        return query(chart, "after=-" + range.span().toSeconds() + "&points=" + range.points(), Long.MIN_VALUE);
    }

    /**
     * Blocks. The points newer than {@code afterEpochSecond}, at most {@code points} of them
     * (Netdata averages when more are stored): the live view passes the time of the
     * last point it has. An empty result means nothing new has been collected yet.
     */
    public ChartData data(String chart, long afterEpochSecond, int points) {
        return query(chart, "after=" + (afterEpochSecond + 1) + "&points=" + points, afterEpochSecond);
    }

    /**
     * Blocks. A fixed window, both ends included, in epoch seconds; {@code points} 0
     * returns every stored point.
     */
    public ChartData data(String chart, long afterEpochSecond, long beforeEpochSecond, int points) {
        if (beforeEpochSecond < afterEpochSecond) {
            throw new IllegalArgumentException("The window ends (" + beforeEpochSecond + ") before it starts (" + afterEpochSecond + ").");
        }
        return query(chart, "after=" + afterEpochSecond + "&before=" + beforeEpochSecond + "&points=" + points, afterEpochSecond - 1);
    }

    private ChartData query(String chart, String window, long newerThan) {
        ChartInfo info = chart(chart);
        String path = "/api/v1/data?chart=" + encode(chart) + "&" + window + "&group=average&format=json&options=" + encode("seconds|jsonwrap");
        try {
            return NetdataJson.data(info, NetdataJson.parse("Netdata's data for " + chart, get(path, "data of " + chart, chart)), newerThan);
        } catch (ChartNotFoundException gone) {
            chartCache.remove(chart); // a container's charts go when it is removed
            throw gone;
        }
    }

    // ---- containers --------------------------------------------------------------------------

    /** Blocks. Every container Netdata has cgroup charts for. */
    public List<ContainerCharts> containerCharts() {
        return ContainerCharts.all(charts());
    }

    /**
     * Blocks. The cgroup charts of one container, by its name, else by its id (either may be
     * null); empty when Netdata has none (yet: it looks for new containers every 10 s by default).
     */
    public Optional<ContainerCharts> containerCharts(String name, String id) {
        return ContainerCharts.find(charts(), name, id);
    }

    /**
     * Blocks. The newest CPU and memory values of one container, by name, else by id (either
     * may be null); {@link ChartNotFoundException} when Netdata has no charts for it.
     */
    public ContainerMetrics containerMetrics(String name, String id) {
        ContainerCharts charts = containerCharts(name, id).orElseThrow(() -> new ChartNotFoundException(node,
                ContainerCharts.PREFIX + (name != null ? name : id) + ".cpu"));
        return containerMetrics(charts);
    }

    /**
     * Blocks. Every cgroup chart of one container, by name, else by id (either may be null), per
     * {@link ContainerChart}; empty when Netdata has none for it (yet).
     */
    public Optional<ContainerChartSet> containerChartSet(String name, String id) {
        return ContainerChartSet.find(charts(), name, id);
    }

    /**
     * Blocks. One of a container's charts over a range ending now, as the lines of
     * {@link ContainerChart#lines()} in bytes (network summed over its interfaces); empty when
     * Netdata has no such chart for the container.
     */
    public List<Sample> containerLines(ContainerChartSet charts, ContainerChart chart, MetricsRange range) {
        List<ChartData> data = charts.of(chart).stream().map(id -> data(id, range)).toList();
        return ContainerSeries.lines(chart, data);
    }

    /** Blocks. The newest CPU and memory values of a container whose charts are known. */
    public ContainerMetrics containerMetrics(ContainerCharts charts) {
        Sample cpu = newest(charts.cpuChart());
        OptionalLong memory = OptionalLong.empty();
        if (charts.memoryChart() != null) {
            ChartData data = query(charts.memoryChart(), "after=-" + LATEST_WINDOW_SECONDS, Long.MIN_VALUE);
            Sample latest = newestWithValues(data);
            int ram = data.dimension("ram");
            if (latest != null && ram >= 0 && !Double.isNaN(latest.value(ram))) {
                memory = OptionalLong.of(Math.round(latest.value(ram) * mebibytes(data.units())));
            }
        }
        return new ContainerMetrics(charts.name(), cpu == null ? 0 : cpu.epochSecond(), cpu == null ? Double.NaN : cpu.total(), memory);
    }

    /** The newest point with a value, within the last few seconds Netdata has (the node's clock, not ours). */
    private Sample newest(String chart) {
        return newestWithValues(query(chart, "after=-" + LATEST_WINDOW_SECONDS, Long.MIN_VALUE));
    }

    private static Sample newestWithValues(ChartData data) {
        for (int i = data.samples().size() - 1; i >= 0; i--) {
            if (!Double.isNaN(data.samples().get(i).total())) {
                return data.samples().get(i);
            }
        }
        return null;
    }

    private static double mebibytes(String units) {
        return switch (units) {
            case "GiB" -> 1024.0 * 1024 * 1024;
            case "KiB" -> 1024.0;
            case "B", "bytes" -> 1.0;
            default -> 1024.0 * 1024; // Netdata's cgroup memory charts are in MiB
        };
    }

    // ---- alarms ------------------------------------------------------------------------------

    /** Blocks. The alarms raised now (WARNING or CRITICAL), critical first, then the oldest first. */
    public List<Alarm> alarms() {
        return NetdataJson.alarms(node, NetdataJson.parse("Netdata's alarms", get("/api/v1/alarms", "its alarms")));
    }

    /**
     * Blocks. The alarm log's entries after {@code afterId} (0 for all Netdata keeps), newest first:
     * pass the newest id seen to read only what is new.
     */
    public List<AlarmEvent> alarmLog(long afterId) {
        if (afterId < 0) {
            throw new IllegalArgumentException("afterId: must be 0 or more, got " + afterId);
        }
        return NetdataJson.alarmLog(node, NetdataJson.parse("Netdata's alarm log", get("/api/v1/alarm_log?after=" + afterId, "its alarm log")));
    }

    // ---- HTTP through the forward ------------------------------------------------------------

    private String get(String pathAndQuery, String what) {
        return get(pathAndQuery, what, null);
    }

    /** GETs a path; a 404 for a chart query becomes {@link ChartNotFoundException}. One retry on a fresh forward. */
    private String get(String pathAndQuery, String what, String chart) {
        URI base = base();
        HttpResponse<String> response;
        try {
            response = send(base, pathAndQuery);
        } catch (IOException firstFailure) {
            // The forward may belong to a session that has since dropped: open a new one and try once more.
            dropForward(base);
            try {
                response = send(base(), pathAndQuery);
            } catch (IOException e) {
                throw new NetdataException("Netdata on " + node + " does not answer on 127.0.0.1:" + NETDATA_PORT
                        + " (read through SSH): " + describe(e) + ". Is it installed and running?", e);
            }
        }
        if (response.statusCode() == 404 && chart != null) {
            throw new ChartNotFoundException(node, chart);
        }
        if (response.statusCode() != 200) {
            throw new NetdataException("Netdata on " + node + " answered " + response.statusCode() + " for " + what + ": "
                    + abbreviate(response.body()));
        }
        return response.body();
    }

    private HttpResponse<String> send(URI base, String pathAndQuery) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(requestTimeout).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetdataException("Interrupted while asking Netdata on " + node + ".", e);
        }
    }

    private synchronized URI base() {
        if (closed) {
            throw new NetdataException("The Netdata client for " + node + " was closed.");
        }
        if (forward == null) {
            try {
                forward = connection.forwardLocal("127.0.0.1", NETDATA_PORT);
            } catch (NodeException e) {
                throw new NetdataException("Cannot reach Netdata on " + node + ": " + e.getMessage(), e);
            }
        }
        return URI.create(forward.localUrl("http"));
    }

    private synchronized void dropForward(URI used) {
        if (forward != null && URI.create(forward.localUrl("http")).equals(used)) {
            forward.close();
            forward = null;
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String abbreviate(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Ends the forward. Does not block on the network. */
    @Override
    public synchronized void close() {
        closed = true;
        if (forward != null) {
            forward.close();
            forward = null;
        }
        http.shutdownNow();
    }
}
