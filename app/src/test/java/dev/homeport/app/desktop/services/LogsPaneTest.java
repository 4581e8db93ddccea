package dev.homeport.app.desktop.services;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.MainView;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigHttp;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Logs tab of a service live on the rig whose app logs lines of several levels: a search (plain, then a regular
 * expression, and one that is not), the level chips, a line that comes while filtered, the count, Save… and a range.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class LogsPaneTest {
    private static final String PATH = "acme/shop/prod/web";
    private static final List<String> LINES = List.of(
            "level=info msg=\"order 1 placed\" customer=ada",
            "[ERROR] order 2 failed: card declined",
            "{\"level\":\"warn\",\"msg\":\"order 3 slow\",\"ms\":2400}",
            "INFO:shop.mail:receipt for order 1 sent",
            "<3>order 4 failed: stock service unreachable",
            "GET /health 200",
            "time=2026-12-06T07:00:00Z level=debug msg=\"cache warmed\" entries=1204");
    private static final String SCREENSHOTS = System.getenv("HOMEPORT_SCREENSHOTS") == null || System.getenv("HOMEPORT_SCREENSHOTS").isBlank()
            ? null : System.getenv("HOMEPORT_SCREENSHOTS");
    private final String domain = "logs-ui-" + UUID.randomUUID().toString().substring(0, 6) + ".test";
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;
    private long key;
    private long serviceId;

    @BeforeEach
    void setUp() throws Exception {
        app = new AppDriver(folder.resolve("user"));
        // Where a user's data folder is: the status bar shows it (as ~/.local/share/homeport), and screenshots with it.
        home = folder.resolve("user/.local/share/homeport");
    }

    @AfterEach
    void close() throws Exception {
        LogsPane.saveToInTests = null;
        app.close();
        if (key != 0) {
            try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
                var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
            }
        }
    }

    @Test
    void searchesFiltersByLevelCountsAndSaves(Rig rig) throws Exception {
        prepare(rig);
        log(LINES);
        AppDriver.openAt(home, PATH, "LIGHT");
        app.launch(home);
        waitFor(() -> app.shows("#page-title"));
        app.click("#tab-logs");
        waitFor(30, () -> status().matches("Following the log of web r\\d+ \\(the last 200 lines, then live\\)\\."));
        waitFor(() -> view().contains(LINES.getLast()));
        // The app's first line, then ours.
        assertThat(count()).isEqualTo("8 lines");
        assertThat(shown()).hasSize(8);

        app.fill("#logs-search", "ORDER");
        waitFor(() -> count().equals("5 of 8 lines match"));
        assertThat(texts()).containsExactly(LINES.get(0), LINES.get(1), LINES.get(2), LINES.get(3), LINES.get(4));

        app.click("#logs-regex");
        app.fill("#logs-search", "order \\d+ (failed|slow)");
        waitFor(() -> count().equals("3 of 8 lines match"));
        assertThat(texts()).containsExactly(LINES.get(1), LINES.get(2), LINES.get(4));

        app.fill("#logs-search", "order (");
        waitFor(() -> count().startsWith("'order (' is not a regular expression: Unclosed group"));
        assertThat(app.<TextField>anywhere("#logs-search").getPseudoClassStates()).anyMatch(state -> state.getPseudoClassName().equals("danger"));
        assertThat(texts()).as("the view keeps the last good search").containsExactly(LINES.get(1), LINES.get(2), LINES.get(4));

        app.fill("#logs-search", "");
        for (String level : List.of("trace", "debug", "info", "warn", "fatal", "unknown")) {
            app.click("#logs-level-" + level);
        }
        waitFor(() -> count().equals("2 of 8 lines match"));
        assertThat(texts()).containsExactly(LINES.get(1), LINES.get(4));
        if (SCREENSHOTS != null) {
            app.click("#logs-level-warn");
            app.fill("#logs-search", "order \\d+");
            waitFor(() -> count().equals("3 of 8 lines match"));
            app.capture(Path.of(SCREENSHOTS).resolve("service-logs-light.png"));
            app.click("#logs-level-warn");
            app.fill("#logs-search", "");
            waitFor(() -> count().equals("2 of 8 lines match"));
        }

        // Lines that come while filtered: only those that match are shown, all are counted.
        log(List.of("[WARN] retrying the payment of order 5", "ERROR: order 5 failed for good"));
        waitFor(() -> count().equals("3 of 10 lines match"));
        assertThat(texts()).containsExactly(LINES.get(1), LINES.get(4), "ERROR: order 5 failed for good");

        Path saved = folder.resolve("errors.log");
        LogsPane.saveToInTests = saved::toFile;
        app.click("#logs-save");
        waitFor(() -> status().equals("Saved 3 lines to " + saved + "."));
        List<String> file = Files.readAllLines(saved);
        assertThat(file).hasSize(3);
        for (String line : file) {
            assertThat(Instant.parse(line.substring(0, line.indexOf(' ')))).as("Docker's time, as read").isNotNull();
            assertThat(line).as("then the source").matches("\\S+ web r\\d+ .*");
        }
        assertThat(file.stream().map(line -> line.replaceFirst("^\\S+ web r\\d+ ", "")))
                .containsExactly(LINES.get(1), LINES.get(4), "ERROR: order 5 failed for good");

        // A range reads the log again, from then on; the filter stays.
        app.robot.interact(() -> app.<ComboBox<String>>anywhere("#logs-since").setValue("Last 15 minutes"));
        waitFor(30, () -> status().matches("Following the log of web r\\d+ \\(last 15 minutes, at most 10000 lines, then live\\)\\."));
        waitFor(() -> count().equals("3 of 10 lines match"));
        assertThat(texts()).containsExactly(LINES.get(1), LINES.get(4), "ERROR: order 5 failed for good");

        // Wrap, off at first, is remembered with the window: on when the app opens again.
        assertThat(app.<javafx.scene.control.ToggleButton>anywhere("#logs-wrap").isSelected()).isFalse();
        assertThat(app.<LogView>anywhere("#service-log").wrapping()).isFalse();
        app.click("#logs-wrap");
        waitFor(() -> app.<LogView>anywhere("#service-log").wrapping());
        app.close();
        assertThat(Files.readString(home.resolve("ui.properties"))).contains("logs.wrap=true");
        app = new AppDriver(folder.resolve("user"));
        app.launch(home);
        waitFor(() -> app.shows("#page-title"));
        app.click("#tab-logs");
        waitFor(30, () -> status().startsWith("Following the log of web r"));
        assertThat(app.<javafx.scene.control.ToggleButton>anywhere("#logs-wrap").isSelected()).isTrue();
        assertThat(app.<LogView>anywhere("#service-log").wrapping()).isTrue();
    }

    /**
     * A redeploy while the tab follows: the new release's stream is opened by itself and a marker line says so; the
     * old release's lines stay, labelled with it, and its chip hides them in one click.
     */
    @Test
    void followsANewReleaseAndHidesASourceInOneClick(Rig rig) throws Exception {
        prepare(rig);
        AppDriver.openAt(home, PATH, "LIGHT");
        app.launch(home);
        waitFor(() -> app.shows("#page-title"));
        app.click("#tab-logs");
        waitFor(30, () -> status().startsWith("Following the log of web r"));
        String first = status().replaceFirst("^Following the log of (web r\\d+) .*", "$1");
        log(List.of("[INFO] served by the first release"));
        waitFor(() -> view().contains("served by the first release"));

        // A redeploy through the app's own Homeport, as the Deploy button on the Overview tab does, while this tab follows.
        var homeport = ((MainView) app.stage().getScene().getRoot()).model().homeport();
        var second = homeport.deployService().deploy(serviceId, null, Prompts.NONE, DeployListener.NONE).await();
        assertThat(second.state()).as(second.reason()).isEqualTo(DeploymentState.LIVE);
        waitFor(30, () -> view().matches("(?s).*— now following release #\\d+ —.*"));
        String marker = shown().stream().filter(line -> line.contains("now following release")).findFirst().orElseThrow();
        assertThat(marker).endsWith("— now following release #" + second.id() + " —");
        String newer = "web r" + second.id();
        assertThat(newer).isNotEqualTo(first);
        assertThat(status()).startsWith("Following release #" + second.id());
        log(List.of("[INFO] served by the second release"));
        waitFor(() -> view().contains("served by the second release"));
        assertThat(shown()).anyMatch(line -> line.contains("  " + first + "  [INFO] served by the first release"))
                .anyMatch(line -> line.contains("  " + newer + "  [INFO] served by the second release"));
        // The marker comes before the new release's lines that came after it.
        List<String> lines = shown();
        int at = lines.indexOf(marker);
        assertThat(lines.subList(at, lines.size())).anyMatch(line -> line.contains("served by the second release"));

        String chip = "#logs-source-" + first.replace(' ', '-');
        waitFor(() -> app.showsAnywhere(chip) && app.showsAnywhere("#logs-source-" + newer.replace(' ', '-')));
        int all = shown().size();
        app.click(chip);
        waitFor(() -> count().matches("\\d+ of \\d+ lines match"));
        assertThat(shown()).noneMatch(line -> line.contains("  " + first + "  ")).anyMatch(line -> line.contains("served by the second release"))
                .hasSizeLessThan(all);
        app.click(chip);
        waitFor(() -> shown().stream().anyMatch(line -> line.contains("served by the first release")));
        if (SCREENSHOTS != null) {
            app.capture(Path.of(SCREENSHOTS).resolve("service-logs-releases-light.png"));
        }
    }

    /**
     * An end time: lines logged on either side of a known moment, the view following shows both; with Until at that
     * moment it reads once, shows the earlier lines only and does not follow; a bad time is named with the forms it
     * takes and leaves the view as it was; Until emptied follows again, the later lines back.
     */
    @Test
    void anUntilTimeShowsThatWindowAndCutsOffLaterLines(Rig rig) throws Exception {
        prepare(rig);
        AppDriver.openAt(home, PATH, "LIGHT");
        log(List.of("[INFO] before the cut, one", "[WARN] before the cut, two"));
        // The cut: a whole second, more than a second after the first lines and before the next.
        Thread.sleep(1_100);
        Instant cut = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Thread.sleep(1_100);
        log(List.of("[ERROR] after the cut"));
        app.launch(home);
        waitFor(() -> app.shows("#page-title"));
        app.click("#tab-logs");
        waitFor(30, () -> status().matches("Following the log of web r\\d+ \\(the last 200 lines, then live\\)\\."));
        waitFor(() -> view().contains("after the cut"));
        assertThat(texts()).contains("[INFO] before the cut, one", "[WARN] before the cut, two", "[ERROR] after the cut");

        String local = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(cut.atZone(java.time.ZoneId.systemDefault()));
        until(local);
        waitFor(30, () -> status().matches("Showing the log of web r\\d+ \\(the last 200 lines up to " + java.util.regex.Pattern.quote(local)
                + "; not following\\): 3 lines\\."));
        waitFor(() -> count().equals("3 lines"));
        assertThat(view()).doesNotContain("after the cut");
        assertThat(texts()).endsWith("[INFO] before the cut, one", "[WARN] before the cut, two").hasSize(3);
        // Not following: a line logged now does not come.
        log(List.of("[INFO] while the window is shown"));
        Thread.sleep(1_500);
        assertThat(view()).doesNotContain("while the window is shown");
        if (SCREENSHOTS != null) {
            app.capture(Path.of(SCREENSHOTS).resolve("service-logs-until-light.png"));
        }

        // A bad time: named, with the forms a time takes; the view stays.
        String shownBefore = status();
        until("yesterday at noon");
        waitFor(() -> rangeProblem().startsWith("Until: 'yesterday at noon' is not a time: give a moment such as 2026-12-06T07:00:00Z"));
        assertThat(rangeProblem()).contains("30s, 10m, 2h or 1d").endsWith("The view is unchanged.");
        assertThat(app.<TextField>anywhere("#logs-until").getPseudoClassStates()).anyMatch(state -> state.getPseudoClassName().equals("danger"));
        assertThat(status()).isEqualTo(shownBefore);
        assertThat(texts()).endsWith("[INFO] before the cut, one", "[WARN] before the cut, two").hasSize(3);
        // A range that ends before it starts: refused too.
        app.fill("#logs-since-text", "10m");
        app.robot.type(javafx.scene.input.KeyCode.ENTER);
        until("2020-01-01");
        waitFor(() -> rangeProblem().startsWith("Until (2020-01-01 00:00:00) is before Since ("));
        assertThat(status()).isEqualTo(shownBefore);

        // Until emptied: from ten minutes back, following, every line back.
        until("");
        waitFor(30, () -> status().matches("Following the log of web r\\d+ \\(since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d, at most 10000 lines, then live\\)\\."));
        assertThat(rangeProblem()).isEmpty();
        waitFor(() -> view().contains("while the window is shown"));
        assertThat(texts()).contains("[INFO] before the cut, one", "[ERROR] after the cut", "[INFO] while the window is shown");
    }

    /** Types {@code text} into Until and presses Enter. */
    private void until(String text) {
        app.fill("#logs-until", text);
        app.robot.type(javafx.scene.input.KeyCode.ENTER);
    }

    private String rangeProblem() {
        return app.<Label>anywhere("#logs-range-problem").getText();
    }

    /** The app writes these lines to its container's output, as its own. */
    private void log(List<String> lines) throws Exception {
        String query = URLEncoder.encode(String.join("\n", lines), StandardCharsets.UTF_8).replace("+", "%20");
        assertThat(RigHttp.get("http", domain, "/cgi-bin/log?" + query, null).body()).isEqualTo("logged");
    }

    private String view() {
        return String.join("\n", shown());
    }

    private List<String> shown() {
        return LogsPane.shownLines(app.anywhere("#service-log"));
    }

    /** The view's lines without the local time and the source in front ({@code MM-dd HH:mm:ss.SSS  web r1  }). */
    private List<String> texts() {
        return shown().stream().map(line -> {
            assertThat(line).matches("\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}  web r\\d+  .*");
            return line.replaceFirst("^\\S+ \\S+  web r\\d+  ", "");
        }).toList();
    }

    private String count() {
        return app.<Label>anywhere("#logs-count").getText();
    }

    private String status() {
        return app.<Label>anywhere("#logs-status").getText();
    }

    /** acme/shop/prod/web, the logging test app with a domain, deployed live to the rig (host key pinned). */
    private void prepare(Rig rig) throws Exception {
        String image = new TestApps(rig).loggingImage("v1");
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            Service web = inventory.createService(new Service(0, environment, "web", new ServiceSource.Image(image), TestApps.PORT, "/health",
                    null, null, DeployOptions.defaults().withDrainSeconds(0)));
            key = inventory.serviceNodeKey(web.id());
            serviceId = web.id();
            inventory.addDomain(web.id(), domain);
            NodeService nodes = homeport.nodeService();
            WorkerNode node = nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
            try {
                nodes.test(node, Prompts.NONE);
            } catch (HostKeyException unknown) {
                nodes.acceptHostKey(node, unknown);
            }
            homeport.nodes().attach(node.id(), environment);
            var live = homeport.deployService().deploy(web.id(), null, Prompts.NONE, DeployListener.NONE).await();
            assertThat(live.state()).as(live.reason()).isEqualTo(DeploymentState.LIVE);
        }
    }
}
