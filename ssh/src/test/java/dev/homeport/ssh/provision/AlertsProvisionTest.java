package dev.homeport.ssh.provision;

import dev.homeport.model.NotifyMethod;
import dev.homeport.model.AlarmThresholds;
import dev.homeport.model.AlertConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.NodeHistory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.Vault;
import dev.homeport.ssh.netdata.Alarm;
import dev.homeport.ssh.netdata.AlarmEvent;
import dev.homeport.ssh.alerts.AlertTest;
import dev.homeport.ssh.alerts.Mute;
import dev.homeport.ssh.alerts.NodeAlerts;
import dev.homeport.ssh.netdata.NetdataClient;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Alerts on one provisioned node container, in order: Provision installs Homeport's alarms and sends them
 * to an ntfy topic and a webhook, both served by this test on the container's gateway; the test alert
 * arrives at both; a real disk-space alarm (its warning threshold set to 1 %) is raised, read through
 * Homeport's Netdata client and its log, and arrives too; provisioning again changes nothing.
 */
@ExtendWith(RigExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsProvisionTest {
    private static final String TOKEN = "tk_homeport_test_token_5d1c";
    private static final String HOOK_SECRET = "hook-secret-77a1";
    private Path folder;
    private NodeContainer container;
    private NodeConnections connections;
    private Store store;
    private NodeSetupService setup;
    private NodeService nodeService;
    private NodeClients clients;
    private NodeAlerts alerts;
    private WorkerNode node;
    private HttpServer listener;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private AlertConfig config;

    record Received(String path, Map<String, String> headers, String body) {
        Map<String, String> form() {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return form;
        }
    }

    @BeforeAll
    void startNode(Rig rig) throws IOException {
        folder = Files.createTempDirectory("homeport-alerts-test");
        container = NodeContainer.startWithDockerSocket(rig);
        String gateway = Processes.run("docker", "inspect", "-f", "{{.NetworkSettings.Gateway}}", container.name()).strip();
        listener = HttpServer.create(new InetSocketAddress(gateway, 0), 0);
        listener.createContext("/", exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
            received.add(new Received(exchange.getRequestURI().toString(), headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        listener.start();
        String base = "http://" + gateway + ":" + listener.getAddress().getPort();
        config = new AlertConfig(AlarmThresholds.defaults().withDisk(new AlarmThresholds.Level(1, 100)),
                List.of(new NotifyMethod.Ntfy(base + "/homeport-alerts", Secret.of(TOKEN)), new NotifyMethod.Webhook(Secret.of(base + "/hook?key=" + HOOK_SECRET))));

        HomeportHome home = new HomeportHome(folder.resolve("home"));
        store = Store.open(home);
        Vault vault = Vault.openOrCreate(home.vaultKey(), null);
        NodeInventory nodes = new NodeInventory(store, vault);
        connections = new NodeConnections(RigTargets.settings(rig, folder));
        nodeService = new NodeService(nodes, new KeyInventory(store, vault), connections);
        setup = new NodeSetupService(nodeService, connections, new NodeHistory(store));
        clients = new NodeClients(nodeService);
        alerts = new NodeAlerts(nodeService, clients);
        node = nodes.add(new WorkerNode(0, "alerts", container.ip(), 22, container.user(),
                new NodeIdentity.KeyFile(rig.sshKey().toString()), container.hostKey("ed25519")));
    }

    @AfterAll
    void stopNode() throws IOException {
        if (listener != null) {
            listener.stop(0);
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
    void provisionInstallsTheAlarmsAndHowTheyAreSent() {
        List<String> log = new CopyOnWriteArrayList<>();
        ProvisionListener logger = new ProvisionListener() {
            @Override
            public void log(String step, String line) {
                log.add(step + ": " + line);
            }
        };
        ProvisionResult result = setup.provision(node, setup.provisioner(node, Prompts.NONE, ProvisionOptions.defaults().withAlerts(config)), logger);

        assertThat(result.steps()).extracting(StepResult::step).containsSubsequence("netdata", "alerts", "network");
        StepResult alerts = result.steps().stream().filter(s -> s.step().equals("alerts")).findFirst().orElseThrow();
        assertThat(alerts.changes()).as(String.join("\n", log)).containsExactly(
                "installed Homeport's alarms in /etc/netdata/health.d/homeport.conf",
                "set how Netdata sends alerts (ntfy, webhook) in /etc/netdata/health_alarm_notify.conf",
                "reloaded Netdata's health configuration");
        assertThat(container.sh("stat -c %U:%G:%a /etc/netdata/health_alarm_notify.conf /etc/netdata/health.d/homeport.conf"))
                .isEqualTo("root:netdata:640\nroot:root:644");
        // The secrets are in the file, which the node's user cannot read, and never in the log.
        assertThat(container.sh("cat /etc/netdata/health_alarm_notify.conf")).contains(TOKEN, HOOK_SECRET);
        assertThat(container.sh("su homeport -s /bin/sh -c 'cat /etc/netdata/health_alarm_notify.conf' 2>&1 || true")).contains("Permission denied");
        assertThat(String.join("\n", log)).doesNotContain(TOKEN).doesNotContain(HOOK_SECRET);
        assertThat(container.sh("bash -n /etc/netdata/health_alarm_notify.conf && echo valid")).isEqualTo("valid");
        // Netdata loaded them: the probe's fact counts Homeport's alarms (the reload finishes a moment after it is asked).
        NodeFacts facts = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofSeconds(1))
                .until(() -> new NodeProbe(nodeService.connection(node, Prompts.NONE)).facts(),
                        probed -> probed.get("netdata.alarms.homeport") != null && Integer.parseInt(probed.get("netdata.alarms.homeport")) >= 3);
        assertThat(facts.get("netdata.health")).isEqualTo("on");
        assertThat(Integer.parseInt(facts.get("netdata.alarms.homeport"))).isGreaterThanOrEqualTo(3);
    }

    @Test
    @Order(2)
    void aTestAlertArrivesByEveryMethod() {
        AlertTest test = alerts.sendTest(node, Prompts.NONE);

        assertThat(test.ok()).as(test.output()).isTrue();
        assertThat(test.output()).contains("# SENDING TEST WARNING ALARM TO ROLE: sysadmin", "# OK").doesNotContain("# FAILED")
                .doesNotContain(TOKEN).doesNotContain(HOOK_SECRET);
        List<Received> ntfy = received.stream().filter(r -> r.path().equals("/homeport-alerts"))
                .filter(r -> r.headers().get("title").endsWith(": test_alarm")).toList();
        assertThat(ntfy).extracting(r -> r.headers().get("title")).containsExactly(
                host() + " WARNING: test_alarm", host() + " CRITICAL: test_alarm", host() + " CLEAR: test_alarm");
        assertThat(ntfy).allSatisfy(r -> assertThat(r.headers().get("authorization")).isEqualTo("Bearer " + TOKEN));
        assertThat(ntfy.getFirst().body()).contains("this is a test alarm to verify notifications work");
        List<Received> hook = received.stream().filter(r -> r.path().equals("/hook?key=" + HOOK_SECRET))
                .filter(r -> "test_alarm".equals(r.form().get("alarm"))).toList();
        assertThat(hook).extracting(r -> r.form().get("status")).containsExactly("WARNING", "CRITICAL", "CLEAR");
        assertThat(hook).allSatisfy(r -> assertThat(r.form()).containsEntry("alarm", "test_alarm").containsEntry("chart", "test.chart"));
    }

    @Test
    @Order(3)
    void aRealAlarmIsRaisedReadAndSent() {
        try (NetdataClient netdata = NetdataClient.of(nodeService.connection(node, Prompts.NONE))) {
            List<Alarm> raised = await(() -> netdata.alarms(), now -> now.stream().anyMatch(a -> a.name().equals("homeport_disk_space")),
                    Duration.ofMinutes(3), "homeport_disk_space raised");
            Alarm disk = raised.stream().filter(a -> a.name().equals("homeport_disk_space")).findFirst().orElseThrow();
            assertThat(disk.status()).isEqualTo("WARNING");
            assertThat(disk.chart()).startsWith("disk_space.");
            assertThat(disk.value()).endsWith("%");
            assertThat(disk.homeports()).isTrue();
            assertThat(disk.silenced()).isFalse();
            assertThat(disk.since()).isAfter(java.time.Instant.now().minus(Duration.ofMinutes(10)));

            List<AlarmEvent> history = netdata.alarmLog(0);
            assertThat(history).anySatisfy(e -> {
                assertThat(e.name()).isEqualTo("homeport_disk_space");
                assertThat(e.status()).isEqualTo("WARNING");
            });
            long newest = history.getFirst().id();
            assertThat(netdata.alarmLog(newest)).isEmpty();
        }
        await(() -> new ArrayList<>(received), all -> all.stream().filter(r -> r.path().startsWith("/hook")).anyMatch(r -> "homeport_disk_space".equals(r.form().get("alarm"))
                && "WARNING".equals(r.form().get("status"))), Duration.ofMinutes(2), "the disk-space alarm at the webhook");
        assertThat(received).anySatisfy(r -> assertThat(r.headers().get("title")).isEqualTo(host() + " WARNING: homeport_disk_space"));
    }

    @Test
    @Order(4)
    void aMuteSilencesTheAlarmOnTheNodeAndEndsThere() {
        List<NodeAlerts.NodeAlarms> all = alerts.raised(List.of(node), Prompts.NONE);
        assertThat(all).singleElement().satisfies(n -> {
            assertThat(n.readable()).as(n.error()).isTrue();
            assertThat(n.raised()).extracting(Alarm::name).contains("homeport_disk_space");
        });
        Alarm disk = all.getFirst().raised().stream().filter(a -> a.name().equals("homeport_disk_space")).findFirst().orElseThrow();

        Mute hour = alerts.mute(node, Prompts.NONE, disk.name(), disk.chart(), Duration.ofHours(1));
        assertThat(hour.until()).isBetween(java.time.Instant.now().plus(Duration.ofMinutes(59)), java.time.Instant.now().plus(Duration.ofMinutes(61)));
        assertThat(alerts.mutes(node, Prompts.NONE)).containsExactly(hour);
        await(() -> silenced(disk), s -> s, Duration.ofSeconds(60), "the disk alarm silenced by the node");
        assertThat(container.sh("cat /var/lib/homeport-alerts/timer.pid")).matches("\\d+");

        // Until unmuted, on another alarm: it stays when the disk's mute is replaced by a short one that ends on the node.
        Mute forever = alerts.mute(node, Prompts.NONE, "homeport_memory", "system.ram", null);
        assertThat(forever.until()).isNull();
        alerts.mute(node, Prompts.NONE, disk.name(), disk.chart(), Duration.ofSeconds(3));
        await(() -> alerts.mutes(node, Prompts.NONE), mutes -> mutes.size() == 1, Duration.ofSeconds(60), "the short mute ended");
        await(() -> silenced(disk), s -> !s, Duration.ofSeconds(60), "the disk alarm no longer silenced by the node");
        assertThat(alerts.mutes(node, Prompts.NONE)).containsExactly(forever);

        alerts.unmute(node, Prompts.NONE, "homeport_memory", "system.ram");
        assertThat(alerts.mutes(node, Prompts.NONE)).isEmpty();
        assertThatThrownBy(() -> alerts.mute(node, Prompts.NONE, "x&cmd=RESET", "system.ram", null))
                .hasMessage("alarm: must be a Netdata alarm name (letters, digits, _ . -), got 'x&cmd=RESET'");
    }

    private boolean silenced(Alarm alarm) {
        try (NetdataClient netdata = NetdataClient.of(nodeService.connection(node, Prompts.NONE))) {
            return netdata.alarms().stream().filter(a -> a.key().equals(alarm.key())).findFirst().orElseThrow().silenced();
        }
    }

    @Test
    @Order(5)
    void provisioningAgainChangesNothingAndANewMethodIsWritten() {
        ProvisionResult again = setup.provision(node, setup.provisioner(node, Prompts.NONE, ProvisionOptions.defaults().withAlerts(config)), ProvisionListener.NONE);
        assertThat(again.changes()).isEmpty();

        ProvisionResult withoutSettings = setup.provision(node, setup.provisioner(node, Prompts.NONE, ProvisionOptions.defaults()), ProvisionListener.NONE);
        assertThat(withoutSettings.changes()).as("without alert settings the node's are left alone").isEmpty();
        assertThat(container.sh("cat /etc/netdata/health_alarm_notify.conf")).contains(TOKEN);

        AlertConfig emailOnly = new AlertConfig(config.thresholds(), List.of(new NotifyMethod.Email("ops@example.com")));
        ProvisionResult changed = setup.provision(node, setup.provisioner(node, Prompts.NONE, ProvisionOptions.defaults().withAlerts(emailOnly)), ProvisionListener.NONE);
        assertThat(changed.changes()).containsExactly("set how Netdata sends alerts (email) in /etc/netdata/health_alarm_notify.conf",
                "reloaded Netdata's health configuration");
        assertThat(container.sh("cat /etc/netdata/health_alarm_notify.conf")).doesNotContain(TOKEN).contains("DEFAULT_RECIPIENT_EMAIL=ops@example.com");
    }

    @Test
    @Order(6)
    void badMethodsAreRefusedWithoutRepeatingTheSecret() {
        assertThatThrownBy(() -> new NotifyMethod.Slack(Secret.of("http://hooks.slack.com/services/SECRET1")))
                .hasMessage("slack: the webhook address must start with https://");
        assertThatThrownBy(() -> new NotifyMethod.Webhook(Secret.of("https://example.com/a b?SECRET2")))
                .hasMessageNotContaining("SECRET2").hasMessageStartingWith("webhook: the address must be");
        assertThatThrownBy(() -> new NotifyMethod.Email("ops@example.com; rm -rf /"))
                .hasMessageStartingWith("email: must be one address");
        assertThatThrownBy(() -> new AlarmThresholds.Level(95, 90)).hasMessage("warning: must not be above critical (90 %), got 95");
        assertThatThrownBy(() -> new NotifyMethod.Ntfy("https://ntfy.sh/x", Secret.of("tk_\"quoted"))).hasMessageNotContaining("quoted\"")
                .hasMessageStartingWith("ntfy: the access token");
    }

    private String host() {
        return container.sh("hostname");
    }

    private static <T> T await(Supplier<T> read, Predicate<T> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = read.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + timeout.toSeconds() + " s: " + what + "; last seen: " + last);
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
