package dev.homeport.app.desktop.terminal;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.UiState;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Open terminal" on a node's page, on the rig: a shell in a tab of the terminal window, typed into with
 * the keyboard; a full-screen program ({@code less}) takes the whole screen and quitting it gives the prompt
 * back; the PTY's size is the pane's; the session's end is said in the tab, and so is a connection the node
 * dropped, and either is opened again in the same tab, below the old screen; closing the app ends the session.
 * With {@code -Dhomeport.screenshots=FOLDER} it saves the terminal window there.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class TerminalWindowTest {
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;
    private long serviceKey = -1;
    private long webId;
    private String volume;

    @BeforeEach
    void setUp() throws Exception {
        app = new AppDriver(folder.resolve("user"));
        home = folder.resolve("home");
    }

    @AfterEach
    void close() throws Exception {
        app.close();
        if (serviceKey >= 0) {
            try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
                var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), serviceKey);
            }
        }
        if (volume != null) {
            dev.homeport.ssh.rig.Processes.removeVolume(volume);
        }
    }

    @Test
    void aDatabasesConsoleOpensItsOwnClientSignedIn(Rig rig) throws Exception {
        long nodeId = prepare(rig);
        long databaseId;
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(),
                    "prod").id();
            homeport.nodes().attach(nodeId, environment);
            var database = inventory.databases().create(environment, "db", dev.homeport.model.DatabaseEngine.POSTGRES, rig.postgresImage());
            serviceKey = inventory.serviceNodeKey(database.serviceId());
            volume = database.dataVolume();
            databaseId = database.serviceId();
            var live = homeport.deployService().deploy(database.serviceId(), null, Prompts.NONE, DeployListener.NONE).await();
            assertThat(live.state()).as(String.join("\n", homeport.deployments().log(live.id()))).isEqualTo(DeploymentState.LIVE);
        }
        Files.writeString(home.resolve("ui.properties"), "place=acme/shop/prod/db\n");
        app.launch(home);
        waitFor(() -> app.shows("#tab-settings"));
        app.click("#tab-settings");
        waitFor(60, () -> app.showsAnywhere("#database-console"));
        app.robot.clickOn(app.<javafx.scene.control.Button>anywhere("#database-console"));
        waitFor(() -> app.showsAnywhere("#terminal-screen"));
        TerminalTab tab = tab();
        assertThat(tab.tab().getText()).isEqualTo("db@rig");
        // psql's prompt: the database's name, then # for its owner (the image makes the service's user a superuser).
        screen(tab, t -> lastLine(tab).startsWith("db=") && lastLine(tab).endsWith("#"));
        app.robot.clickOn(app.<Node>anywhere("#terminal-screen"));
        type("SELECT current_user || '@' || current_database() AS who, 6 * 7 AS answer;");
        screen(tab, t -> lines(tab).stream().anyMatch(line -> line.matches("db@db +\\| +42")));
        String screenshots = System.getProperty("homeport.screenshots");
        if (screenshots != null) {
            capture(Path.of(screenshots, "database-console.png"));
        }
        type("\\q");
        screen(tab, t -> Integer.valueOf(0).equals(tab.exitStatus()));
        // The tab stays, and opens again at the next start, as a console.
        app.close();
        assertThat(UiState.load(home.resolve("ui.properties")).terminals()).containsExactly("console:" + databaseId + ":db@rig");
    }

    @Test
    void aShellInAServiceOpensInItsLiveContainer(Rig rig) throws Exception {
        String image = new TestApps(rig).image("v1");
        long nodeId = prepare(rig);
        String container;
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(),
                    "prod").id();
            Service web = inventory.createService(new Service(0, environment, "web", new ServiceSource.Image(image), TestApps.PORT, "/health",
                    null, null));
            serviceKey = inventory.serviceNodeKey(web.id());
            webId = web.id();
            homeport.nodes().attach(nodeId, environment);
            var live = homeport.deployService().deploy(web.id(), null, Prompts.NONE, DeployListener.NONE).await();
            assertThat(live.state()).as(String.join("\n", homeport.deployments().log(live.id()))).isEqualTo(DeploymentState.LIVE);
            container = homeport.deployService().shellTargets(web.id(), Prompts.NONE).getFirst().containerId();
        }
        Files.writeString(home.resolve("ui.properties"), "place=acme/shop/prod/web\n");
        app.launch(home);
        waitFor(60, () -> app.shows("#open-shell") && !app.<javafx.scene.control.Button>anywhere("#open-shell").isDisabled());
        app.click("#open-shell");
        waitFor(() -> app.showsAnywhere("#terminal-screen"));
        TerminalTab tab = tab();
        assertThat(tab.tab().getText()).isEqualTo("web@rig");
        screen(tab, t -> lastLine(tab).endsWith("#") || lastLine(tab).endsWith("$"));
        app.robot.clickOn(app.<Node>anywhere("#terminal-screen"));
        type("echo \"[$(hostname)] [$TERM]\"");
        screen(tab, t -> lines(tab).contains("[" + container.substring(0, 12) + "] [xterm-256color]"));
        type("exit");
        screen(tab, t -> Integer.valueOf(0).equals(tab.exitStatus()));
        screen(tab, t -> tab.screenText().contains("[Session ended. Press Enter or R to open it again, or close this tab.]"));

        // A container stopped behind the shell's back ends it; opening it again finds the release's container gone.
        app.robot.type(KeyCode.ENTER);
        screen(tab, TerminalTab::live);
        screen(tab, t -> lastLine(tab).endsWith("#") || lastLine(tab).endsWith("$"));
        type("echo again-$((6*7))");
        screen(tab, t -> lines(tab).contains("again-42"));
        docker(rig, "stop", "-t", "1", container);
        screen(tab, t -> tab.exitStatus() != null && tab.barText().startsWith("Session ended"));
        app.robot.type(KeyCode.R);
        screen(tab, t -> tab.barText().startsWith("Could not open web@rig: acme/shop/prod/web is not running on rig"));
        assertThat(tab.tab().getText()).isEqualTo("web@rig (failed)");
        // Started again, the same key opens the shell in it.
        docker(rig, "start", container);
        app.robot.type(KeyCode.R);
        screen(tab, TerminalTab::live);
        type("echo back-$((6*7))");
        screen(tab, t -> lines(tab).contains("back-42"));
        assertThat(tab.allText()).contains("again-42", "[" + container.substring(0, 12) + "] [xterm-256color]");

        // Homeport closed with the tab open opens it again at its next start, in the live container.
        app.close();
        assertThat(UiState.load(home.resolve("ui.properties")).terminals()).containsExactly("service:" + webId + ":web@rig");
        app = new AppDriver(folder.resolve("user"));
        app.launch(home);
        waitFor(60, () -> app.showsAnywhere("#terminal-screen"));
        TerminalTab reopened = tab();
        screen(reopened, TerminalTab::live);
        assertThat(reopened.tab().getText()).isEqualTo("web@rig");
        screen(reopened, t -> lastLine(reopened).endsWith("#") || lastLine(reopened).endsWith("$"));
        app.robot.clickOn(app.<Node>anywhere("#terminal-screen"));
        type("echo \"[$(hostname)] restarted\"");
        screen(reopened, t -> lines(reopened).contains("[" + container.substring(0, 12) + "] restarted"));
    }

    @Test
    void theTabsOpenWhenHomeportClosesOpenAgainAtItsStart(Rig rig) throws Exception {
        long nodeId = prepare(rig);
        Files.writeString(home.resolve("ui.properties"), "place=:node:" + nodeId + "\n");
        app.launch(home);
        waitFor(() -> app.shows("#open-terminal"));
        app.click("#open-terminal");
        app.click("#open-terminal");
        waitFor(() -> app.<TabPane>anywhere("#terminal-tabs").getTabs().size() == 2);
        app.close();
        assertThat(UiState.load(home.resolve("ui.properties")).terminals()).containsExactly("node:" + nodeId + ":rig", "node:" + nodeId + ":rig");

        app = new AppDriver(folder.resolve("user"));
        app.launch(home);
        waitFor(() -> app.showsAnywhere("#terminal-screen"));
        TabPane tabs = app.anywhere("#terminal-tabs");
        waitFor(() -> tabs.getTabs().size() == 2);
        TerminalTab tab = tab();
        screen(tab, t -> lastLine(tab).endsWith("$"));
        app.robot.clickOn(app.<Node>anywhere("#terminal-screen"));
        type("echo reopened-$((6*7))");
        screen(tab, t -> lines(tab).contains("reopened-42"));
        // Closed by hand before Homeport, the window leaves nothing to open.
        app.robot.interact(() -> ((javafx.stage.Stage) tabs.getScene().getWindow()).close());
        app.close();
        assertThat(UiState.load(home.resolve("ui.properties")).terminals()).isEmpty();
    }

    @Test
    void theWindowOpensAgainWhereItWasLeftAtItsSize(Rig rig) throws Exception {
        long nodeId = prepare(rig);
        Files.writeString(home.resolve("ui.properties"), "place=:node:" + nodeId + "\n");
        app.launch(home);
        waitFor(() -> app.shows("#open-terminal"));
        app.click("#open-terminal");
        waitFor(() -> app.showsAnywhere("#terminal-tabs"));
        Rectangle2D moved = new Rectangle2D(130, 90, 700, 420);
        app.robot.interact(() -> {
            javafx.stage.Stage window = terminalStage();
            window.setX(moved.getMinX());
            window.setY(moved.getMinY());
            window.setWidth(moved.getWidth());
            window.setHeight(moved.getHeight());
        });
        // Closed by hand and opened again in the same run, it comes back there.
        app.robot.interact(() -> terminalStage().close());
        app.click("#open-terminal");
        waitFor(() -> app.showsAnywhere("#terminal-tabs") && terminalStage().isShowing());
        assertThat(bounds(terminalStage())).isEqualTo(moved);

        // Homeport closed with it open: at the next start it opens there, at that size.
        app.close();
        assertThat(UiState.load(home.resolve("ui.properties")).terminalBounds()).isEqualTo(moved);
        app = new AppDriver(folder.resolve("user"));
        app.launch(home);
        waitFor(() -> app.showsAnywhere("#terminal-tabs") && terminalStage().isShowing());
        assertThat(bounds(terminalStage())).isEqualTo(moved);
        TerminalTab tab = tab();
        screen(tab, t -> lastLine(tab).endsWith("$"));
        app.close();

        // Its place on no screen now (a monitor unplugged since): it opens in the middle of the main screen, at its size.
        var saved = UiState.load(home.resolve("ui.properties"));
        assertThat(saved.terminals()).containsExactly("node:" + nodeId + ":rig");
        Files.writeString(home.resolve("ui.properties"), "place=:node:" + nodeId + "\nterminal.tab.0=node:" + nodeId + ":rig\n"
                + "terminal.x=-3000\nterminal.y=200\nterminal.width=700\nterminal.height=420\n");
        app = new AppDriver(folder.resolve("user"));
        app.launch(home);
        waitFor(() -> app.showsAnywhere("#terminal-tabs") && terminalStage().isShowing());
        Rectangle2D main = javafx.stage.Screen.getPrimary().getVisualBounds();
        Rectangle2D shown = bounds(terminalStage());
        assertThat(shown).isEqualTo(new Rectangle2D(main.getMinX() + (main.getWidth() - 700) / 2,
                main.getMinY() + (main.getHeight() - 420) / 2, 700, 420));
        assertThat(main.contains(shown)).isTrue();
    }

    private javafx.stage.Stage terminalStage() {
        return (javafx.stage.Stage) app.<TabPane>anywhere("#terminal-tabs").getScene().getWindow();
    }

    private static Rectangle2D bounds(Window window) {
        return new Rectangle2D(window.getX(), window.getY(), window.getWidth(), window.getHeight());
    }

    @Test
    void aShellWhoseConnectionDropsSaysSoAndReconnectsInTheSameTab(Rig rig) throws Exception {
        TerminalTab tab = openNodeTerminal(rig);
        type("seq 1 300; echo \"shell-$$-$((6*7))\"");
        screen(tab, t -> lines(tab).stream().anyMatch(line -> line.matches("shell-[0-9]+-42")));
        String shell = lines(tab).stream().filter(line -> line.matches("shell-[0-9]+-42")).findFirst().orElseThrow().split("-")[1];

        // The node drops the connection: the rig's sshd (on this machine) loses the process that serves it, the
        // shell's parent. Nothing of the shell's exit reaches Homeport.
        String sshd = ppidOf(shell);
        assertThat(Files.readString(Path.of("/proc", sshd, "cmdline"))).startsWith("sshd");
        assertThat(new ProcessBuilder("kill", "-9", sshd).inheritIO().start().waitFor()).isZero();
        screen(tab, TerminalTab::connectionLost);
        screen(tab, t -> tab.screenText().contains("[The connection to rig was lost. Press Enter or R to reconnect.]"));
        assertThat(tab.tab().getText()).isEqualTo("rig (disconnected)");
        assertThat(tab.barText()).isEqualTo("The connection to rig was lost.");
        assertThat(app.<javafx.scene.control.Button>anywhere("#terminal-reopen").getText()).isEqualTo("Reconnect");
        assertThat(tab.exitStatus()).isNull();
        // The old session's output is kept, in the scrollback and on the screen.
        assertThat(tab.allText()).contains("\n1\n2\n3\n", "\n300\n");

        // R reconnects in the same tab: a new shell, below the old one's screen.
        app.robot.type(KeyCode.R);
        screen(tab, TerminalTab::live);
        assertThat(tab.tab().getText()).isEqualTo("rig");
        screen(tab, t -> lastLine(tab).endsWith("$"));
        type("echo \"new-$$-$((6*7))\"");
        screen(tab, t -> lines(tab).stream().anyMatch(line -> line.matches("new-[0-9]+-42")));
        assertThat(lines(tab).stream().filter(line -> line.matches("new-[0-9]+-42")).findFirst().orElseThrow()).isNotEqualTo("new-" + shell + "-42");
        assertThat(tab.allText()).contains("\n300\n", "shell-" + shell + "-42", "[The connection to rig was lost.");
        assertThat(tab.barText()).isEmpty();
        // The new PTY has the pane's size now (the bar under it, shown while it opened, has gone).
        type("sleep 0.5; stty size");
        screen(tab, t -> lines(tab).contains(tab.rows() + " " + tab.columns()));

        // A normal exit says its status, and the button opens the shell again.
        type("exit 3");
        screen(tab, t -> Integer.valueOf(3).equals(tab.exitStatus()));
        assertThat(tab.connectionLost()).isFalse();
        assertThat(tab.barText()).isEqualTo("Session ended with exit status 3.");
        assertThat(app.<javafx.scene.control.Button>anywhere("#terminal-reopen").getText()).isEqualTo("Open again");
        app.robot.clickOn(app.<Node>anywhere("#terminal-reopen"));
        screen(tab, TerminalTab::live);
        screen(tab, t -> lastLine(tab).endsWith("$"));
        app.robot.clickOn(app.<Node>anywhere("#terminal-screen"));
        type("echo third-$((6*7))");
        screen(tab, t -> lines(tab).contains("third-42"));
        String screenshots = System.getProperty("homeport.screenshots");
        if (screenshots != null) {
            String pid = lastShell(tab);
            type("clear; uname -sr; uptime");
            screen(tab, t -> tab.screenText().contains("load average") && lastLine(tab).endsWith("$"));
            assertThat(new ProcessBuilder("kill", "-9", ppidOf(pid)).inheritIO().start().waitFor()).isZero();
            screen(tab, TerminalTab::connectionLost);
            capture(Path.of(screenshots, "terminal-reconnect.png"));
        }
    }

    private static String ppidOf(String pid) throws Exception {
        return Files.readString(Path.of("/proc", pid, "stat")).replaceFirst("^.*\\) ", "").split(" ")[1];
    }

    /** The PID of the shell now in the tab, as it says it. */
    private String lastShell(TerminalTab tab) throws Exception {
        type("echo \"pid-$$-x\"");
        screen(tab, t -> lines(tab).stream().anyMatch(line -> line.matches("pid-[0-9]+-x")));
        return lines(tab).stream().filter(line -> line.matches("pid-[0-9]+-x")).reduce((a, b) -> b).orElseThrow().split("-")[1];
    }

    /** Runs the docker CLI on this machine (the rig's Docker Engine), failing on a non-zero status. */
    private static void docker(Rig rig, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("docker", "-H", "unix://" + rig.dockerSocket()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
    }

    @Test
    void aShellOnANodeRunsAFullScreenProgramAndEndsWithItsStatus(Rig rig) throws Exception {
        TerminalTab tab = openNodeTerminal(rig);
        // The keys go to the emulator as typed; the shell answers.
        type("echo ready-$((6*7))");
        screen(tab, t -> tab.screenText().contains("\nready-42"));

        // The PTY has the pane's size, not the default 80 × 24.
        int columns = tab.columns();
        int rows = tab.rows();
        assertThat(columns).isGreaterThan(80);
        type("stty size");
        screen(tab, t -> lines(tab).contains(rows + " " + columns));

        // A full-screen program fills the screen in the alternate buffer; quitting it restores the shell's screen.
        type("seq 1 1000 | less");
        screen(tab, t -> tab.usingAlternateScreen() && lines(tab).subList(0, 3).equals(List.of("1", "2", "3")));
        List<String> lines = lines(tab);
        assertThat(lines.get(rows - 2)).isEqualTo(Integer.toString(rows - 1));
        assertThat(lines.get(rows - 1)).startsWith(":");
        app.robot.type(KeyCode.SPACE);
        screen(tab, t -> lines(tab).getFirst().equals(Integer.toString(rows)));
        String screenshots = System.getProperty("homeport.screenshots");
        app.robot.write("q");
        screen(tab, t -> !tab.usingAlternateScreen() && lastLine(tab).endsWith("$"));
        assertThat(tab.screenText()).contains("seq 1 1000 | less");
        assertThat(lines(tab)).doesNotContain(Integer.toString(rows - 1));

        if (screenshots != null) {
            type("clear; printf '\\033[1mHomeport\\033[0m terminal: \\033[38;2;255;128;0m24-bit colour\\033[0m and 256 colours\\n'; "
                    + "for i in $(seq 16 87); do printf '\\033[48;5;%dm ' $i; done; printf '\\033[0m\\n'; ls --color=always -l /usr");
            screen(tab, t -> tab.screenText().contains("share"));
            capture(Path.of(screenshots, "terminal-light.png"));
        }

        type("exit 3");
        screen(tab, t -> Integer.valueOf(3).equals(tab.exitStatus()));
        screen(tab, t -> tab.screenText().contains("[Session ended with exit status 3."));
        assertThat(tab.tab().getText()).isEqualTo("rig (ended)");
    }

    @Test
    void aFloodOfOutputEndsWithItsLastLineShownAndTheShellStillAnswers(Rig rig) throws Exception {
        TerminalTab tab = openNodeTerminal(rig);
        // 200,000 lines as fast as the node can print them: the emulator takes them in between frames.
        type("seq 1 200000; echo flood-done");
        try {
            waitFor(120, () -> lines(tab).contains("flood-done") && lastLine(tab).endsWith("$"));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("The terminal shows:\n" + tab.screenText(), e);
        }
        List<String> lines = lines(tab);
        assertThat(lines.get(lines.indexOf("flood-done") - 1)).isEqualTo("200000");
        assertThat(tab.scrollbackLines()).isBetween(TerminalSettings.SCROLLBACK_LINES,
                TerminalSettings.SCROLLBACK_LINES + TerminalWidgets.TRIM_SLACK - 1);
        type("echo after-$((6*7))");
        screen(tab, t -> lines(tab).contains("after-42"));
    }

    @Test
    void closingTheAppEndsTheSession(Rig rig) throws Exception {
        TerminalTab tab = openNodeTerminal(rig);
        String marker = Long.toString(4000 + System.nanoTime() % 5000) + ".5";
        type("sleep " + marker);
        // The rig's sshd runs on this machine: its processes are seen here.
        waitFor(() -> running(marker));
        app.close();
        waitFor(20, () -> !running(marker));
    }

    private static boolean running(String seconds) throws Exception {
        Process pgrep = new ProcessBuilder("pgrep", "-x", "-f", "sleep " + seconds).redirectErrorStream(true).start();
        return pgrep.waitFor() == 0;
    }

    /** Waits until the screen satisfies {@code shows}; on timeout, fails with what the screen showed. */
    private static void screen(TerminalTab tab, java.util.function.Predicate<TerminalTab> shows) throws Exception {
        try {
            waitFor(() -> shows.test(tab));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("The terminal shows (tab " + tab.tab().getText() + ", status " + tab.statusText() + ", bar "
                    + tab.barText() + ", keyboard on " + tab.tab().getContent().getScene().getFocusOwner() + "):\n"
                    + tab.screenText(), e);
        }
    }

    /** The rig node's page, its Open terminal, and the shell's prompt, with the keyboard on the terminal. */
    private TerminalTab openNodeTerminal(Rig rig) throws Exception {
        long nodeId = prepare(rig);
        Files.writeString(home.resolve("ui.properties"), "place=:node:" + nodeId + "\n");
        app.launch(home);
        waitFor(() -> app.shows("#open-terminal"));
        app.click("#open-terminal");
        waitFor(() -> app.showsAnywhere("#terminal-screen"));
        TerminalTab tab = tab();
        screen(tab, t -> lastLine(tab).endsWith("$"));
        // A click puts the keyboard on the terminal (Xvfb has no window manager to give the new window focus).
        app.robot.clickOn(app.<Node>anywhere("#terminal-screen"));
        return tab;
    }

    private TerminalTab tab() {
        TabPane tabs = app.anywhere("#terminal-tabs");
        Node screen = tabs.getSelectionModel().getSelectedItem().getContent();
        return (TerminalTab) screen.getProperties().get(TerminalTab.class);
    }

    private void type(String line) {
        app.robot.write(line);
        app.robot.type(KeyCode.ENTER);
    }

    private static List<String> lines(TerminalTab tab) {
        return Arrays.stream(tab.screenText().split("\n", -1)).map(String::strip).toList();
    }

    private static String lastLine(TerminalTab tab) {
        return lines(tab).stream().filter(line -> !line.isEmpty()).reduce((a, b) -> b).orElse("");
    }

    /** The rig's host as node "rig"; returns its ID. */
    private long prepare(Rig rig) throws Exception {
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            NodeService nodes = homeport.nodeService();
            WorkerNode node = nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
            try {
                nodes.test(node, Prompts.NONE);
            } catch (HostKeyException unknown) {
                nodes.acceptHostKey(node, unknown);
            }
            return node.id();
        }
    }

    /** Saves the terminal window as a PNG. */
    private void capture(Path file) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.sleep(600, TimeUnit.MILLISECONDS);
        Window window = app.<TabPane>anywhere("#terminal-tabs").getScene().getWindow();
        var bounds = new javafx.geometry.Rectangle2D(window.getX(), window.getY(), window.getWidth(), window.getHeight());
        javafx.scene.image.Image image = app.robot.capture(bounds).getImage();
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        var png = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        int[] pixels = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, javafx.scene.image.PixelFormat.getIntArgbInstance(), pixels, 0, width);
        png.setRGB(0, 0, width, height, pixels, 0, width);
        Files.createDirectories(file.toAbsolutePath().getParent());
        javax.imageio.ImageIO.write(png, "png", file.toFile());
    }
}
