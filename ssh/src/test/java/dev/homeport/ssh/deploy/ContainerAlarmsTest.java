package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.sun.net.httpserver.HttpServer;
import dev.homeport.model.AlarmThresholds;
import dev.homeport.model.AlertConfig;
import dev.homeport.model.CrashLoopPolicy;
import dev.homeport.model.NotifyMethod;
import dev.homeport.model.vault.Secret;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.NodeHistory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Vault;
import dev.homeport.ssh.alerts.NodeAlerts;
import dev.homeport.ssh.netdata.Alarm;
import dev.homeport.ssh.netdata.NetdataClient;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.provision.NodeSetupService;
import dev.homeport.ssh.provision.ProvisionListener;
import dev.homeport.ssh.provision.ProvisionOptions;
import dev.homeport.ssh.provision.ProvisionResult;
import dev.homeport.ssh.provision.StepResult;
import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node's own alarms for Homeport's containers, on one provisioned node container that uses the rig's Docker:
 * Provision installs the watch (script, statsd charts, cron line with the crash loop of the settings, alarms); a
 * container restarted 3 times is no loop while the setting is 100 restarts in a minute, and once Provision has written
 * 2 restarts it raises {@code homeport_container_crash_loop_<container>} in the node's Netdata, read through
 * {@link NetdataClient} as the Alerts page reads it, and it clears once Homeport stops the container; a container
 * killed behind Homeport's back raises {@code homeport_container_down_<container>}; one Homeport stops raises
 * nothing. Each raised alarm, and the crash loop's end, reaches the webhook chosen in Homeport (served by this test)
 * with the container's name, as every other alarm does.
 *
 * <p>The node's Docker is shared with the other tests, so the test drives the watch itself, narrowed to its own
 * containers by one more label and with short windows, and takes the cron line out once it has seen it (cron would
 * otherwise send the counts of every Homeport container on the rig).
 */
@ExtendWith(RigExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerAlarmsTest {
    private static final String WATCH = "~/.local/lib/homeport/containers/watch-containers";
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> made = new CopyOnWriteArrayList<>();
    private Rig rig;
    private Path folder;
    private NodeContainer container;
    private NodeConnections connections;
    private Store store;
    private NodeSetupService setup;
    private NodeService nodeService;
    private NodeClients clients;
    private WorkerNode node;
    private HttpServer listener;
    /** The alarms the node's Netdata sent to this test's webhook: "alarm status" each. */
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private AlertConfig config;
    /** The watch's arguments from the cron line Provision wrote last. */
    private String watchArguments;

    @BeforeAll
    void startNode(Rig rig) throws IOException {
        this.rig = rig;
        folder = Files.createTempDirectory("homeport-container-alarms");
        container = NodeContainer.startWithDockerSocket(rig);
        String gateway = Processes.run("docker", "inspect", "-f", "{{.NetworkSettings.Gateway}}", container.name()).strip();
        listener = HttpServer.create(new InetSocketAddress(gateway, 0), 0);
        listener.createContext("/", exchange -> {
            Map<String, String> form = new HashMap<>();
            for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            sent.add(form.get("alarm") + " " + form.get("status"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        listener.start();
        config = new AlertConfig(AlarmThresholds.defaults(), List.of(new NotifyMethod.Webhook(
                Secret.of("http://" + gateway + ":" + listener.getAddress().getPort() + "/hook"))));
        HomeportHome home = new HomeportHome(folder.resolve("home"));
        store = Store.open(home);
        Vault vault = Vault.openOrCreate(home.vaultKey(), null);
        NodeInventory nodes = new NodeInventory(store, vault);
        connections = new NodeConnections(RigTargets.settings(rig, folder));
        nodeService = new NodeService(nodes, new KeyInventory(store, vault), connections);
        setup = new NodeSetupService(nodeService, connections, new NodeHistory(store));
        clients = new NodeClients(nodeService);
        node = nodes.add(new WorkerNode(0, "watch", container.ip(), 22, container.user(),
                new NodeIdentity.KeyFile(rig.sshKey().toString()), container.hostKey("ed25519")));
    }

    @AfterAll
    void stopNode() throws IOException {
        if (listener != null) {
            listener.stop(0);
        }
        for (String name : made) {
            Processes.call(List.of("docker", "rm", "-f", name), null);
        }
        if (clients != null) {
            clients.close();
        }
        if (connections != null) {
            connections.close();
        }
        if (store != null) {
            store.close();
        }
        if (container != null) {
            container.close();
        }
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    @Order(1)
    void provisionInstallsTheWatchWithTheCrashLoopOfTheSettings() {
        List<String> log = new CopyOnWriteArrayList<>();
        ProvisionResult result = provision(config.withCrashLoop(new CrashLoopPolicy(100, 60)), log);

        StepResult watch = result.steps().stream().filter(s -> s.step().equals("container-watch")).findFirst().orElseThrow();
        assertThat(watch.changes()).as(String.join("\n", log)).containsExactly(
                "installed the chart of Homeport's containers for Netdata's statsd in /etc/netdata/statsd.d/homeport.conf",
                "restarted netdata in the background",
                "installed the container watch in ~/.local/lib/homeport/containers/watch-containers",
                "took the Homeport containers stopped now as stopped on purpose (the container watch's first run)",
                "runs the container watch every minute (crontab of homeport), a crash loop being 100 restarts within 1 min");
        assertThat(container.sh("stat -c %U:%a /etc/netdata/statsd.d/homeport.conf /home/homeport/.local/lib/homeport/containers/watch-containers"))
                .isEqualTo("root:644\nhomeport:755");
        assertThat(asUser("crontab -l")).contains("* * * * * /home/homeport/.local/lib/homeport/containers/watch-containers"
                + " --restarts 100 --window 60 >/home/homeport/.local/lib/homeport/containers/last.log 2>&1 # homeport-containers");
        assertThat(container.sh("grep -cE 'template: homeport_container_(crash_loop|down)$' /etc/netdata/health.d/homeport.conf")).isEqualTo("2");
        assertThat(container.sh("cat /etc/netdata/health.d/homeport.conf")).contains("restarted it 100 times or more within 1 min;");

        ProvisionResult again = provision(config.withCrashLoop(new CrashLoopPolicy(100, 60)), new ArrayList<>());
        assertThat(again.changes()).isEmpty();
        takeOutTheCronLine();
    }

    @Test
    @Order(2)
    void aCrashLoopByTheSettingRaisesAnAlarmNamingTheContainerAndItClearsWhenHomeportStopsIt() {
        String name = runContainer("crash", "always", "sleep 1; exit 3");
        await(() -> Integer.parseInt(Processes.run("docker", "inspect", "-f", "{{.RestartCount}}", name).strip()), n -> n >= 3,
                Duration.ofSeconds(60), "Docker restarts the container 3 times");
        assertThat(watch()).as("3 restarts or more are no loop when the setting is 100").isEqualTo("crashloop=0 down=0");

        // The setting changes in Homeport; Provision writes it to the node, to the watch and to the alarm's text.
        List<String> log = new CopyOnWriteArrayList<>();
        ProvisionResult changed = provision(config.withCrashLoop(new CrashLoopPolicy(2, 60)), log);
        assertThat(changed.changes()).as(String.join("\n", log)).contains("updated Homeport's alarms in /etc/netdata/health.d/homeport.conf",
                "runs the container watch every minute (crontab of homeport), a crash loop being 2 restarts within 1 min");
        assertThat(asUser("crontab -l")).contains("/watch-containers --restarts 2 --window 60 >");
        takeOutTheCronLine();

        String out = await(() -> watch(), o -> o.startsWith("crashloop=1 " + name + " "), Duration.ofSeconds(60), "the watch sees the crash loop");
        assertThat(out).endsWith("down=0");

        String alarm = "homeport_container_crash_loop_" + name;
        Alarm loop = await(() -> raised(alarm), a -> a != null, Duration.ofSeconds(60), alarm + " raised");
        assertThat(loop.status()).isEqualTo("CRITICAL");
        assertThat(loop.chart()).isEqualTo("homeport.crashloop");
        assertThat(loop.homeports()).isTrue();
        assertThat(loop.info()).contains("restarted it 2 times or more within 1 min");
        // Sent as every other alarm is, by the way chosen in Homeport, with the container's name.
        await(() -> List.copyOf(sent), all -> all.contains(alarm + " CRITICAL"), Duration.ofSeconds(60), "the crash-loop alarm at the webhook");
        assertThat(raisedStartingWith("homeport_container_down")).isEmpty();

        // Homeport stops it, as a stop of the service does: marked, so it is neither looping nor down.
        homeportStop(name);
        assertThat(watch()).isEqualTo("crashloop=0 down=0");
        await(() -> raised(alarm), a -> a == null, Duration.ofSeconds(60), alarm + " cleared");
        await(() -> List.copyOf(sent), all -> all.contains(alarm + " CLEAR"), Duration.ofSeconds(60), "the crash loop's end at the webhook");
        assertThat(raisedStartingWith("homeport_container_down")).isEmpty();
    }

    @Test
    @Order(3)
    void aContainerKilledBehindHomeportsBackIsDownAndNamedAndOneHomeportStopsIsNot() {
        String killed = runContainer("killed", "unless-stopped", "sleep 3600");
        String stopped = runContainer("stopped", "unless-stopped", "sleep 3600");
        assertThat(watch()).isEqualTo("crashloop=0 down=0");

        homeportStop(stopped);
        assertThat(watch()).as("stopped by Homeport").isEqualTo("crashloop=0 down=0");
        Processes.run("docker", "kill", killed);
        assertThat(watch()).isEqualTo("crashloop=0 down=1 " + killed);
        String alarm = "homeport_container_down_" + killed;
        Alarm down = await(() -> raised(alarm), a -> a != null, Duration.ofSeconds(60), alarm + " raised");
        assertThat(down.status()).isEqualTo("CRITICAL");
        assertThat(down.chart()).isEqualTo("homeport.down");
        await(() -> List.copyOf(sent), all -> all.contains(alarm + " CRITICAL"), Duration.ofSeconds(60), "the down alarm at the webhook");
        assertThat(raisedStartingWith("homeport_container_down")).extracting(Alarm::name).containsExactly(alarm);

        // Started again by Homeport (as its start of the service does): the mark goes and it is up.
        homeportStart(killed);
        assertThat(watch()).isEqualTo("crashloop=0 down=0");
        await(() -> raised(alarm), a -> a == null, Duration.ofSeconds(60), alarm + " cleared");

        // The container Homeport stopped keeps its mark until it is removed; the watch then drops the mark.
        String stoppedId = Processes.run("docker", "inspect", "-f", "{{.Id}}", stopped).strip();
        assertThat(asUser("ls ~/.local/lib/homeport/containers/stopped")).contains(stoppedId);
        Processes.run("docker", "rm", "-f", stopped);
        watch();
        assertThat(asUser("ls ~/.local/lib/homeport/containers/stopped")).doesNotContain(stoppedId);
    }

    private ProvisionResult provision(AlertConfig alerts, List<String> log) {
        return setup.provision(node, setup.provisioner(node, Prompts.NONE, ProvisionOptions.defaults().withAlerts(alerts)), new ProvisionListener() {
            @Override
            public void log(String step, String line) {
                log.add(step + ": " + line);
            }
        });
    }

    /**
     * From here the test runs the watch itself (see the class comment), with the arguments Provision wrote to the cron
     * line, which it then takes out.
     */
    private void takeOutTheCronLine() {
        String line = asUser("crontab -l | grep ' # homeport-containers$'");
        watchArguments = line.substring(line.indexOf("/watch-containers ") + "/watch-containers ".length(), line.indexOf(" >"));
        asUser("crontab -l | grep -v ' # homeport-containers$' | crontab -");
        assertThat(asUser("crontab -l 2>/dev/null || true")).doesNotContain("homeport-containers");
    }

    /** A Homeport-managed container (the labels a deploy gives) with one more label of this run. */
    private String runContainer(String what, String restart, String script) {
        String name = "homeport-watch-" + what + "-" + run;
        made.add(name);
        Processes.run("docker", "run", "-d", "--name", name, "--restart", restart, "--label", "dev.homeport.test=true",
                "--label", Labels.MANAGED + "=true", "--label", Labels.SERVICE + "=900" + run.hashCode() % 1000,
                "--label", Labels.DEPLOYMENT + "=1", "--label", Labels.PATH + "=test/watch/" + what, "--label", "dev.homeport.watch-test=" + run,
                rig.baseImage(), "sh", "-c", script);
        return name;
    }

    /** Runs the node's watch as cron would, with the crash loop Provision wrote, narrowed to this run's containers, with no grace. */
    private String watch() {
        return asUser(WATCH + " " + watchArguments + " --grace 0 --label dev.homeport.watch-test=" + run);
    }

    private void homeportStop(String name) {
        NodeConnection connection = nodeService.connection(node, Prompts.NONE);
        DockerClient docker = clients.docker(connection).client();
        new ReleaseContainers(docker, connection).stop(docker.inspectContainerCmd(name).exec().getId());
    }

    private void homeportStart(String name) {
        NodeConnection connection = nodeService.connection(node, Prompts.NONE);
        DockerClient docker = clients.docker(connection).client();
        new ReleaseContainers(docker, connection).startExisting(docker.inspectContainerCmd(name).exec().getId());
    }

    /** The alarm raised now on the node, as the Alerts page reads it, or null. */
    private Alarm raised(String alarm) {
        NodeAlerts.NodeAlarms all = new NodeAlerts(nodeService, clients).raised(node, Prompts.NONE);
        assertThat(all.readable()).as(all.error()).isTrue();
        return all.raised().stream().filter(a -> a.name().equals(alarm)).findFirst().orElse(null);
    }

    private List<Alarm> raisedStartingWith(String prefix) {
        NodeAlerts.NodeAlarms all = new NodeAlerts(nodeService, clients).raised(node, Prompts.NONE);
        assertThat(all.readable()).as(all.error()).isTrue();
        return all.raised().stream().filter(a -> a.name().startsWith(prefix)).toList();
    }

    private String asUser(String script) {
        return container.exec("su", "homeport", "-s", "/bin/sh", "-c", script).strip();
    }

    private static <T> T await(Supplier<T> read, Predicate<T> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<T> seen = new ArrayList<>();
        T last = read.get();
        while (!done.test(last)) {
            seen.add(last);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + timeout.toSeconds() + " s: " + what + "; seen: " + seen);
            }
            try {
                Thread.sleep(500); // the alarms are checked every 10 s: a short poll sees each change soon after
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = read.get();
        }
        return last;
    }
}
