package dev.homeport.bench;

import com.techsenger.jeditermfx.ui.JediTermFxWidget;
import dev.homeport.app.desktop.terminal.SessionConnector;
import dev.homeport.app.desktop.terminal.TerminalWidgets;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.transport.PtySession;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.StageStyle;

/**
 * Keystroke echo: a key typed into Homeport's terminal (JediTermFX joined to a {@link PtySession} on the rig's
 * sshd) until its echo is drawn, against the same key typed into two terminal emulators running OpenSSH's
 * {@code ssh -tt} to the same sshd, side by side on one private Xvfb display: {@code xterm} (drawing with plain X
 * calls, the fastest there is) and {@code sakura}, a terminal built on GNOME's VTE widget (GTK 3), the one most Linux
 * desktops' terminals are built on (GNOME Terminal, Xfce Terminal, Tilix), with no daemon and no D-Bus, so it runs
 * under a bare Xvfb. All are measured the same way, from this process:
 * the key is sent with XTest (AWT's Robot), and the top line of the window is read back from the X server until
 * it changes (then BackSpace puts it back). A bare JavaFX window whose label shows each key (no terminal, no SSH) is
 * measured the same way: the floor for any JavaFX window on this display. The four alternate in blocks of 10 keys. Then {@code yes} floods
 * Homeport's terminal for 10 s while a probe hands the FX thread an empty runnable every 2 ms: the longest it
 * waited is the longest stall.
 */
public final class TerminalBench {
    private static final int BLOCK = 10;
    private static final List<double[]> PARTS = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final String TITLE = "homeport-terminal-bench";
    /** Every terminal is 80 × 24, the size terminals open at; Homeport's window is just big enough for it. */
    private static final int COLUMNS = 80;
    private static final int ROWS = 24;
    private static final String BARE_TITLE = "homeport-bare-bench";
    /** Where xterm and the VTE terminal are put: right of Homeport's window, one above the other. */
    private static final int VTE_Y = 360;

    /**
     * The floor for any JavaFX window on this display: a bare window whose label shows each key as it is pressed (no
     * terminal, no SSH), measured as the terminals are; as big as Homeport's window, so the two are compared alike,
     * below it.
     */
    private static void showBare(double width, double height) {
        javafx.scene.control.Label label = new javafx.scene.control.Label("$ ");
        label.setStyle("-fx-font-family: monospace; -fx-font-size: 13px; -fx-text-fill: black;");
        javafx.scene.layout.StackPane root = new javafx.scene.layout.StackPane(label);
        javafx.scene.layout.StackPane.setAlignment(label, javafx.geometry.Pos.TOP_LEFT);
        root.setStyle("-fx-background-color: white;");
        Stage stage = new Stage(StageStyle.UNDECORATED);
        stage.setTitle(BARE_TITLE);
        stage.setScene(new Scene(root, width, height));
        stage.setX(0);
        stage.setY(height + 20);
        stage.getScene().setOnKeyPressed(key -> {
            String text = label.getText();
            if (key.getCode() == javafx.scene.input.KeyCode.BACK_SPACE) {
                label.setText(text.substring(0, Math.max(2, text.length() - 1)));
            } else if (key.getCode() == javafx.scene.input.KeyCode.X) {
                label.setText(text + "x");
            }
        });
        stage.show();
    }

    private TerminalBench() {
    }

    /** {@code --out FILE} rewrites the "## Terminal" section; {@code --runs N}: keys per terminal (default 200). */
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Path page = BenchArgs.out(options);
        int keys = BenchArgs.runs(options, 200);
        Rig rig = Rig.load();
        if (rig == null) {
            throw new IllegalStateException("The rig is not up: run scripts/rig up");
        }
        String loadBefore = load();
        System.setProperty("java.awt.headless", "false");
        Robot robot = new Robot();
        robot.setAutoDelay(0);
        Path scratch = Files.createTempDirectory("homeport-bench");
        Process xterm = null;
        Process vte = null;
        try (NodeConnections connections = new NodeConnections(RigTargets.settings(rig, scratch))) {
            NodeConnection connection = connections.to(RigTargets.rig(rig), Prompts.NONE);
            connection.connect();
            CountDownLatch started = new CountDownLatch(1);
            // The app\'s frame rate, as the app sets it before its toolkit starts.
            dev.homeport.app.desktop.FrameRate.apply();
            Platform.startup(started::countDown);
            started.await();
            PtySession session = connection.openShell(COLUMNS, ROWS);
            SessionConnector connector = new SessionConnector("rig", "rig", () -> false, end -> { });
            connector.attach(session, "rig");
            CompletableFuture<JediTermFxWidget> shown = new CompletableFuture<>();
            Platform.runLater(() -> {
                JediTermFxWidget widget = TerminalWidgets.create(new SimpleBooleanProperty(false));
                Stage stage = new Stage(StageStyle.UNDECORATED);
                stage.setTitle(TITLE);
                // The widget's own size: 80 × 24 cells and its scroll bar.
                stage.setScene(new Scene(widget.getPane()));
                stage.setX(0);
                stage.setY(0);
                stage.show();
                TerminalWidgets.pace(widget, connector.pacer());
                widget.setTtyConnector(new Timed(connector));
                widget.start();
                shown.complete(widget);
            });
            JediTermFxWidget widget = shown.get(20, TimeUnit.SECONDS);
            CompletableFuture<double[]> size = new CompletableFuture<>();
            Platform.runLater(() -> {
                var window = widget.getPane().getScene().getWindow();
                size.complete(new double[] {window.getWidth(), window.getHeight()});
            });
            int width = (int) Math.ceil(size.get(20, TimeUnit.SECONDS)[0]);
            int height = (int) Math.ceil(size.get()[1]);
            int xtermX = width + 20;
            Platform.runLater(() -> showBare(width, height));
            List<String> ssh = List.of("ssh", "-tt", "-i", rig.sshKey().toString(), "-p", Integer.toString(rig.sshPort()),
                    "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + rig.knownHosts(),
                    rig.sshUser() + "@" + rig.sshHost());
            List<String> xtermCommand = new ArrayList<>(List.of("xterm", "-geometry", COLUMNS + "x" + ROWS + "+" + xtermX + "+0", "-bg", "white",
                    "-fg", "black", "-T", "xterm-bench", "-e"));
            xtermCommand.addAll(ssh);
            xterm = new ProcessBuilder(xtermCommand).redirectErrorStream(true).redirectOutput(scratch.resolve("xterm.log").toFile()).start();
            // sakura's own settings file (its defaults) goes to the scratch folder, not the user's; no accessibility bus.
            List<String> vteCommand = new ArrayList<>(List.of("sakura", "--columns", Integer.toString(COLUMNS), "--rows", Integer.toString(ROWS), "-e"));
            vteCommand.addAll(ssh);
            ProcessBuilder vteStart = new ProcessBuilder(vteCommand).redirectErrorStream(true).redirectOutput(scratch.resolve("sakura.log").toFile());
            vteStart.environment().put("XDG_CONFIG_HOME", scratch.resolve("config").toString());
            vteStart.environment().put("NO_AT_BRIDGE", "1");
            vteStart.environment().put("GDK_BACKEND", "x11");
            vte = vteStart.start();
            String homeportWindow = windowId("--name", TITLE);
            String bareWindow = windowId("--name", BARE_TITLE);
            // The shell retitles the window, so the terminals' windows are found by their processes.
            String xtermWindow = windowId("--pid", Long.toString(xterm.pid()));
            String vteWindow = windowId("--pid", Long.toString(vte.pid()));
            // With no window manager, sakura's window opens at 0,0 (over Homeport's): it is moved right of it, under xterm.
            Timing.run(List.of("xdotool", "windowmove", "--sync", vteWindow, Integer.toString(xtermX), Integer.toString(VTE_Y)));
            Thread.sleep(3000);
            Rectangle homeportLine = new Rectangle(0, 0, width, 24);
            Rectangle xtermLine = new Rectangle(xtermX, 0, 400, 20);
            Rectangle vteLine = new Rectangle(xtermX, VTE_Y, 400, 24);
            Rectangle bareLine = new Rectangle(0, height + 20, width, 24);
            for (String window : List.of(homeportWindow, xtermWindow, vteWindow)) {
                focus(window);
                type(robot, "clear\n");
            }
            Thread.sleep(1000);
            // Warm-up: the JIT, and each window's first draws.
            echo(robot, homeportWindow, homeportLine, 20);
            echo(robot, xtermWindow, xtermLine, 20);
            echo(robot, bareWindow, bareLine, 20);
            echo(robot, vteWindow, vteLine, 20);
            List<Double> homeport = new ArrayList<>();
            List<Double> openssh = new ArrayList<>();
            List<Double> vteSsh = new ArrayList<>();
            List<Double> bare = new ArrayList<>();
            for (int done = 0; done < keys; done += BLOCK) {
                homeport.addAll(echo(robot, homeportWindow, homeportLine, BLOCK));
                bare.addAll(echo(robot, bareWindow, bareLine, BLOCK));
                openssh.addAll(echo(robot, xtermWindow, xtermLine, BLOCK));
                vteSsh.addAll(echo(robot, vteWindow, vteLine, BLOCK));
            }
            Stalls flood = flood(connector);
            double toWrite = Timing.median(PARTS.stream().mapToDouble(p -> p[0]).toArray());
            double toRead = Timing.median(PARTS.stream().mapToDouble(p -> p[1]).toArray());
            String section = section(keys, stats(homeport), stats(openssh), stats(vteSsh), stats(bare), flood, toWrite, toRead, loadBefore + " before, " + load() + " after");
            System.out.print(section);
            if (page != null) {
                BenchmarksPage.writeSection(page, "Terminal", section);
            }
            Platform.runLater(widget::close);
            session.close();
        } finally {
            for (Process terminal : java.util.Arrays.asList(xterm, vte)) {
                if (terminal != null) {
                    terminal.destroy();
                    terminal.waitFor();
                }
            }
            Platform.exit();
        }
    }

    /** When each key reached the connector, and when the next output after it came back: the parts of the echo. */
    static final java.util.concurrent.atomic.AtomicLong KEY_WRITTEN = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong ECHO_READ = new java.util.concurrent.atomic.AtomicLong();

    private record Timed(SessionConnector inner) implements com.techsenger.jeditermfx.core.TtyConnector {
        @Override
        public int read(char[] buf, int offset, int length) throws java.io.IOException {
            int n = inner.read(buf, offset, length);
            if (KEY_WRITTEN.get() != 0 && ECHO_READ.get() == 0) {
                ECHO_READ.set(System.nanoTime());
            }
            return n;
        }

        @Override
        public void write(byte[] bytes) throws java.io.IOException {
            KEY_WRITTEN.compareAndSet(0, System.nanoTime());
            inner.write(bytes);
        }

        @Override
        public void write(String string) throws java.io.IOException {
            KEY_WRITTEN.compareAndSet(0, System.nanoTime());
            inner.write(string);
        }

        @Override
        public boolean isConnected() {
            return inner.isConnected();
        }

        @Override
        public void resize(com.techsenger.jeditermfx.core.util.TermSize size) {
            inner.resize(size);
        }

        @Override
        public int waitFor() {
            return inner.waitFor();
        }

        @Override
        public boolean ready() throws java.io.IOException {
            return inner.ready();
        }

        @Override
        public String getName() {
            return inner.getName();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private record Stats(double median, double p90, int missed) {
    }

    record Stalls(double longest, double p99, int probes) {
    }

    private static Stats stats(List<Double> samples) {
        double[] values = samples.stream().filter(v -> v >= 0).mapToDouble(Double::doubleValue).sorted().toArray();
        return new Stats(Timing.median(values), values[(int) Math.min(values.length - 1, Math.floor(values.length * 0.9))],
                (int) samples.stream().filter(v -> v < 0).count());
    }

    /** Types {@code count} keys into the window, each once the last one's echo has been drawn and erased; their echo times in ms (-1: never drawn). */
    private static List<Double> echo(Robot robot, String window, Rectangle line, int count) throws Exception {
        focus(window);
        Thread.sleep(100);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] before = pixels(robot, line);
            KEY_WRITTEN.set(0);
            ECHO_READ.set(0);
            long start = System.nanoTime();
            robot.keyPress(KeyEvent.VK_X);
            robot.keyRelease(KeyEvent.VK_X);
            double took = until(robot, line, pixels -> !Arrays.equals(pixels, before), start);
            times.add(took);
            if (KEY_WRITTEN.get() != 0 && ECHO_READ.get() != 0) {
                PARTS.add(new double[] {(KEY_WRITTEN.get() - start) / 1e6, (ECHO_READ.get() - KEY_WRITTEN.get()) / 1e6});
            }
            robot.keyPress(KeyEvent.VK_BACK_SPACE);
            robot.keyRelease(KeyEvent.VK_BACK_SPACE);
            until(robot, line, pixels -> Arrays.equals(pixels, before), System.nanoTime());
            Thread.sleep(20);
        }
        return times;
    }

    private static double until(Robot robot, Rectangle line, java.util.function.Predicate<int[]> drawn, long start) {
        long deadline = start + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (drawn.test(pixels(robot, line))) {
                return (System.nanoTime() - start) / 1e6;
            }
        }
        return -1;
    }

    private static int[] pixels(Robot robot, Rectangle area) {
        BufferedImage image = robot.createScreenCapture(area);
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static void type(Robot robot, String text) throws InterruptedException {
        for (char c : text.toCharArray()) {
            int code = c == '\n' ? KeyEvent.VK_ENTER : KeyEvent.getExtendedKeyCodeForChar(c);
            robot.keyPress(code);
            robot.keyRelease(code);
            Thread.sleep(10);
        }
    }

    /** `yes` floods the terminal for 10 s; meanwhile a probe measures how long the FX thread takes to run an empty runnable. */
    private static Stalls flood(SessionConnector connector) throws Exception {
        connector.write("yes\r");
        Thread.sleep(500);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Stalls stalls = probe(() -> System.nanoTime() < end);
        connector.write(new byte[] {3});
        Thread.sleep(1000);
        return stalls;
    }

    /**
     * The stall probe, while {@code going}: every 2 ms an empty runnable is handed to the FX thread, and how long it
     * waited to run is recorded (the next only once the last has run). What kept the FX thread from the long waits
     * ({@link FxStallSampler}) goes to standard error.
     */
    static Stalls probe(java.util.function.BooleanSupplier going) throws Exception {
        List<Double> waits = new ArrayList<>();
        CompletableFuture<Thread> fx = new CompletableFuture<>();
        Platform.runLater(() -> fx.complete(Thread.currentThread()));
        try (FxStallSampler sampler = new FxStallSampler(fx.get(20, TimeUnit.SECONDS))) {
            while (going.getAsBoolean()) {
                CountDownLatch ran = new CountDownLatch(1);
                long cpu = sampler.posting();
                long posted = System.nanoTime();
                Platform.runLater(ran::countDown);
                ran.await();
                waits.add((System.nanoTime() - posted) / 1e6);
                sampler.ran(posted, cpu);
                Thread.sleep(2);
            }
            System.err.print(sampler.report());
        }
        double[] sorted = waits.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length == 0 ? new Stalls(0, 0, 0) : new Stalls(sorted[sorted.length - 1], sorted[(int) Math.floor(sorted.length * 0.99)], sorted.length);
    }

    private static void focus(String window) throws Exception {
        Timing.run(List.of("xdotool", "windowfocus", "--sync", window));
    }

    private static String windowId(String how, String name) throws Exception {
        // GTK also marks its hidden leader window with the process: only a window on the screen will do.
        Process search = new ProcessBuilder("xdotool", "search", "--sync", "--onlyvisible", how, name).redirectErrorStream(true).start();
        if (!search.waitFor(20, TimeUnit.SECONDS)) {
            search.destroy();
            throw new IllegalStateException("No window " + how + " " + name + " appeared");
        }
        return new String(search.getInputStream().readAllBytes()).strip().lines().findFirst()
                .orElseThrow(() -> new IllegalStateException("No window " + how + " " + name));
    }

    /** The machine's load averages (1, 5 and 15 minutes), as uptime shows them. */
    private static String load() throws java.io.IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + ", " + fields[1] + ", " + fields[2];
    }

    private static String section(int keys, Stats homeport, Stats openssh, Stats vte, Stats bare, Stalls flood, double toWrite, double toRead,
                                  String load) {
        double ratio = homeport.median() / openssh.median();
        double vteRatio = homeport.median() / vte.median();
        StringBuilder text = new StringBuilder("## Terminal\n\n");
        text.append(String.format(Locale.ROOT, "Keystroke echo on the rig's sshd (loopback), measured %s by `bench/run`: a key sent with XTest"
                + " until its echo is drawn (read back from the X server), %d keys per terminal in alternating blocks of %d, side by side on"
                + " one private Xvfb (JavaFX draws with its software renderer there). Load average %s (2 cores, shared with other jobs)."
                + " Goal: at most 1.2× OpenSSH's `ssh -tt` in a terminal emulator, and no FX-thread stall over 50 ms while `yes` floods"
                + " the terminal. Two emulators run `ssh -tt`: xterm, which draws with plain X calls (the quickest on this display), and"
                + " sakura, built on VTE (GTK 3), the widget of most Linux desktops' terminals (GNOME Terminal, Xfce Terminal, Tilix)."
                + " Each terminal is 80 × 24; Homeport's window is the widget's own size for that, and the bare window is as big.%n%n",
                java.time.LocalDate.now(), keys, BLOCK, load));
        text.append("| terminal | median | 90th percentile | not drawn in 2 s | vs xterm + ssh | vs sakura (VTE) + ssh |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        text.append(String.format(Locale.ROOT, "| Homeport (JediTermFX, SSH channel with a PTY) | %.1f ms | %.1f ms | %d | %.2f× | %.2f× |%n",
                homeport.median(), homeport.p90(), homeport.missed(), ratio, vteRatio));
        text.append(String.format(Locale.ROOT, "| xterm running `ssh -tt` | %.1f ms | %.1f ms | %d | 1.00× | %.2f× |%n",
                openssh.median(), openssh.p90(), openssh.missed(), openssh.median() / vte.median()));
        text.append(String.format(Locale.ROOT, "| sakura (VTE 0.70, GTK 3) running `ssh -tt` | %.1f ms | %.1f ms | %d | %.2f× | 1.00× |%n",
                vte.median(), vte.p90(), vte.missed(), vte.median() / openssh.median()));
        text.append(String.format(Locale.ROOT, "| a bare JavaFX window showing the key in a label (no terminal, no SSH) | %.1f ms | %.1f ms | %d | %.2f× | %.2f× |%n%n",
                bare.median(), bare.p90(), bare.missed(), bare.median() / openssh.median(), bare.median() / vte.median()));
        text.append(String.format(Locale.ROOT, "Echo: **%.2f×** xterm + ssh (goal 1.2×: %s) and **%.2f×** sakura (VTE) + ssh (goal 1.2×: %s)."
                        + " While `yes` flooded Homeport's terminal for 10 s,"
                        + " the longest the FX thread kept a probe waiting was **%.1f ms** (99th percentile %.1f ms, %d probes; goal 50 ms: %s)."
                        + " The machine is shared with other jobs, so one long wait can be another process's turn on the CPU;"
                        + " the 99th percentile says more about Homeport.%n",
                ratio, met(ratio), vteRatio, met(vteRatio), flood.longest(), flood.p99(), flood.probes(), flood.longest() <= 50 ? "met" : "not met"));
        text.append(String.format(Locale.ROOT, "%nWhere Homeport's echo time goes (medians): from the key to the SSH channel %.1f ms; from there"
                + " until the echo is read back from the node %.1f ms; the rest (%.1f ms) is the emulator taking it in and the"
                + " redraw reaching the screen (at a JavaFX pulse, at most %d a second: the app's rate, FrameRate)."
                + " A bare JavaFX window, at the same rate, takes %.1f ms to show a key with no terminal and no SSH at all (%.2f× xterm + ssh, %.2f× sakura + ssh):"
                + " the wait for the next pulse and a software-rendered frame are JavaFX's, on this display."
                + " Homeport's terminal, SSH round trip included, takes %.2f× the bare window.%n",
                toWrite, toRead, homeport.median() - toWrite - toRead, dev.homeport.app.desktop.FrameRate.PER_SECOND, bare.median(), bare.median() / openssh.median(),
                bare.median() / vte.median(), homeport.median() / bare.median()));
        return text.toString();
    }

    private static String met(double ratio) {
        return ratio <= 1.2 ? "met" : "not met";
    }
}
