package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.ssh.netdata.Alarm;
import dev.homeport.ssh.netdata.AlarmEvent;
import java.nio.file.Files;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One node container provisioned once for the app's alert tests. {@code homeport settings alerts}, {@code node provision} and {@code homeport alerts} on a node container
 * provisioned through the CLI: a webhook served by this test receives the test alert, and a disk-space
 * alarm whose warning threshold is set to 1 % is raised, listed (exit code 4), logged and muted; then the
 * desktop app's Alerts page shows it and mutes it, and Settings → Alerts adds a method.
 */
@ExtendWith(RigExtension.class)
@NeedsDisplay
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class AlertsCliTest {
    private static final String HOOK_SECRET = "cli-hook-secret-91b2";
    private Path root;
    private NodeContainer container;
    private HttpServer listener;
    private String gateway;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private String chart;

    @BeforeAll
    void start(Rig rig) throws Exception {
        root = Files.createTempDirectory("homeport-alerts-cli");
        container = NodeContainer.startWithDockerSocket(rig);
        gateway = Processes.run("docker", "inspect", "-f", "{{.NetworkSettings.Gateway}}", container.name()).strip();
        listener = HttpServer.create(new InetSocketAddress(gateway, 0), 0);
        listener.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        listener.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (listener != null) {
            listener.stop(0);
        }
        if (container != null) {
            container.close();
        }
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    @Order(1)
    void settingsProvisionListTestHistoryAndMute(Rig rig) throws Exception {
        {
            {
                CliRunner cli = new CliRunner(root.resolve("home"));
                cli.ok("node", "add", "box", "--host", container.ip(), "--user", container.user(), "--key", rig.sshKey().toString(),
                        "--accept-new-host-key");

                // Settings: thresholds and a webhook whose address (a secret) comes on standard input.
                CliRunner.Result bad = cli.run("settings", "alerts", "set", "--disk", "95,90");
                assertThat(bad.exitCode()).isEqualTo(Cli.BAD_INPUT);
                assertThat(bad.err()).contains("--disk: must not be above critical (90 %), got 95");
                cli.ok("settings", "alerts", "set", "--disk", "1,100");
                String hook = "http://" + gateway + ":" + listener.getAddress().getPort() + "/hook?key=" + HOOK_SECRET;
                CliRunner.Result added = cli.run(new ByteArrayInputStream((hook + "\n").getBytes(StandardCharsets.UTF_8)),
                        "settings", "alerts", "add", "webhook", "--secret-file", "-");
                assertThat(added.exitCode()).as(added.err()).isZero();
                String shown = cli.ok("settings", "alerts", "show");
                assertThat(shown).contains("1,100", "webhook (its address is in the vault)").doesNotContain(HOOK_SECRET);

                CliRunner.Result provision = cli.run("node", "provision", "box", "--yes");
                assertThat(provision.exitCode()).as(provision.err()).isZero();
                assertThat(provision.err()).contains("Homeport's alarms in Netdata, sent by webhook").doesNotContain(HOOK_SECRET);
                assertThat(provision.out()).contains("installed Homeport's alarms").doesNotContain(HOOK_SECRET);

                CliRunner.Result test = cli.run("alerts", "test", "box");
                assertThat(test.exitCode()).as(test.out() + test.err()).isZero();
                assertThat(test.out()).contains("# OK", "The test alert was sent from box.");
                assertThat(bodies).anyMatch(b -> b.contains("alarm=test_alarm") && b.contains("status=CRITICAL"));

                Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3))
                        .until(() -> cli.run("alerts").out().contains("homeport_disk_space"));
                CliRunner.Result raised = cli.run("alerts");
                assertThat(raised.exitCode()).isEqualTo(AlertsCmd.RAISED);
                assertThat(raised.out()).containsPattern("box +WARNING +homeport_disk_space +disk_space\\.\\S+ +\\d");
                JsonNode json = CliRunner.parse(cli.run("alerts", "--json").out());
                JsonNode disk = null;
                for (JsonNode alarm : json.path("raised")) {
                    if (alarm.path("alarm").asText().equals("homeport_disk_space")) {
                        disk = alarm;
                    }
                }
                assertThat(disk).as(json.toString()).isNotNull();
                assertThat(disk.path("node").asText()).isEqualTo("box");
                assertThat(disk.path("status").asText()).isEqualTo("WARNING");
                assertThat(json.path("unread")).isEmpty();
                chart = disk.path("chart").asText();

                String history = cli.ok("alerts", "history", "box", "--raised-only");
                assertThat(history).containsPattern("→ WARNING +homeport_disk_space +" + java.util.regex.Pattern.quote(chart));

                assertThat(cli.ok("alerts", "mute", "box", "homeport_disk_space", "--chart", chart, "--for", "1h"))
                        .startsWith("Muted homeport_disk_space on " + chart + " of box until ");
                assertThat(cli.ok("alerts", "mutes", "box")).containsPattern("box +homeport_disk_space +" + java.util.regex.Pattern.quote(chart) + " +until ");
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                        .until(() -> cli.run("alerts", "box").out().lines().anyMatch(l -> l.contains("homeport_disk_space") && l.endsWith("muted")));
                CliRunner.Result badFor = cli.run("alerts", "mute", "box", "homeport_disk_space", "--chart", chart, "--for", "soon");
                assertThat(badFor.exitCode()).isEqualTo(Cli.BAD_INPUT);
                assertThat(cli.ok("alerts", "unmute", "box", "homeport_disk_space", "--chart", chart)).startsWith("Unmuted");
                assertThat(cli.ok("alerts", "mutes", "box")).isEqualTo("Nothing is muted on box.\n");
            }
        }
    }

    @Test
    @Order(2)
    void theAlertsPageShowsWhatIsRaisedAndMutesIt() throws Exception {
        AppDriver app = new AppDriver(root.resolve("user"));
        try {
            app.launch(root.resolve("home"));
            ToggleButton alerts = app.inWindow("#section-alerts").queryAs(ToggleButton.class);
            app.robot.interact(alerts::fire);
            AppDriver.waitFor(60, () -> app.shows("#alerts-raised") && app.inWindow("#alerts-raised").queryTableView().getItems().stream()
                    .anyMatch(a -> ((Alarm) a).name().equals("homeport_disk_space")));
            TableView<Alarm> table = app.inWindow("#alerts-raised").queryTableView();
            Label status = app.inWindow("#alerts-status").queryAs(Label.class);
            Label summary = app.inWindow("#alerts-summary").queryAs(Label.class);
            AppDriver.waitFor(() -> summary.getText().contains("raised on 1 of 1 node(s) read"));
            Alarm disk = table.getItems().stream().filter(a -> a.name().equals("homeport_disk_space")).findFirst().orElseThrow();
            assertThat(disk.node()).isEqualTo("box");
            assertThat(disk.chart()).isEqualTo(chart);
            // The history of the first node is read at once.
            AppDriver.waitFor(() -> app.inWindow("#alerts-history").queryTableView().getItems().stream()
                    .anyMatch(e -> ((AlarmEvent) e).name().equals("homeport_disk_space") && ((AlarmEvent) e).status().equals("WARNING")));
            app.capture(Path.of("target", "screenshots", "alerts.png"));

            app.robot.interact(() -> table.getSelectionModel().select(disk));
            // The menu's items open in a popup of their own: the one for an hour is fired as a click on it would.
            MenuButton mute = app.inWindow("#alerts-mute").queryAs(MenuButton.class);
            app.robot.interact(() -> mute.getItems().stream().filter(i -> "alerts-mute-1h".equals(i.getId())).findFirst().orElseThrow().fire());
            AppDriver.waitFor(60, () -> status.getText().startsWith("Muted homeport_disk_space on box until "));
            // Netdata marks it silenced at its next health check: Refresh until it shows.
            Button refresh = app.inWindow("#alerts-refresh").queryButton();
            AppDriver.waitFor(90, () -> {
                if (table.getItems().stream().anyMatch(a -> a.name().equals("homeport_disk_space") && a.silenced())) {
                    return true;
                }
                app.robot.interact(refresh::fire);
                Thread.sleep(3000);
                return false;
            });
            assertThat(container.sh("cat /var/lib/homeport-alerts/mutes")).contains("homeport_disk_space " + chart);

            // Settings → Alerts: an ntfy topic is added; the store keeps it.
            // Fired rather than clicked: another UI test on the shared display may hold the pointer's focus.
            ToggleButton settings = app.inWindow("#section-settings").queryAs(ToggleButton.class);
            app.robot.interact(settings::fire);
            AppDriver.waitFor(() -> app.shows("#alerts-kind"));
            ComboBox<String> kind = app.inWindow("#alerts-kind").queryComboBox();
            app.robot.interact(() -> kind.setValue("ntfy"));
            TextField address = app.inWindow("#alerts-address").queryAs(TextField.class);
            app.robot.interact(() -> address.setText("https://ntfy.example.com/servers"));
            Button add = app.inWindow("#alerts-add").queryButton();
            app.robot.interact(add::fire);
            Label saved = app.inWindow("#alerts-settings-status").queryAs(Label.class);
            AppDriver.waitFor(() -> saved.getText().startsWith("Added ntfy"));
            assertThat(app.inWindow("#alerts-methods").queryListView().getItems()).contains("ntfy to https://ntfy.example.com/servers");
        } finally {
            app.close();
        }
        CliRunner cli = new CliRunner(root.resolve("home"));
        assertThat(cli.ok("alerts", "mutes", "box")).contains("homeport_disk_space");
        assertThat(cli.ok("settings", "alerts", "show")).contains("ntfy to https://ntfy.example.com/servers", "webhook (its address is in the vault)");
    }

    @Test
    @Order(3)
    void theRigNodeHasNothingRaised(Rig rig) throws Exception {
        // The rig's own Netdata runs with its health engine off: nothing is raised, and the node was read.
        CliRunner cli = CliRunner.withRigNode(root.resolve("rig"), rig);
        assertThat(cli.ok("settings", "alerts", "show")).contains("nothing yet");
        CliRunner.Result result = cli.run("alerts");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("Nothing is raised on 1 of 1 node(s).\n");
        JsonNode json = CliRunner.parse(cli.run("alerts", "--json").out());
        assertThat(json.path("raised")).isEmpty();
        assertThat(json.path("unread")).isEmpty();
    }
}
