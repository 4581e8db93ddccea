package dev.homeport.app.desktop;

import atlantafx.base.theme.Styles;
import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.terminal.TerminalWindow;
import dev.homeport.model.HomeportHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Application;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.kordamp.ikonli.feather.Feather;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop app. The window shows at once; the store opens in the
 * background (asking for the master passphrase if the vault has one), and
 * the main view replaces the progress page when it is ready. Closing saves
 * the window's bounds and closes the store off the FX thread.
 *
 * <p>Two opt-in system properties serve the startup benchmark ({@code bench/}) and the
 * installer's AOT training run ({@code packaging/}): {@code homeport.startup.report=FILE}
 * appends {@code first-frame} and {@code main-view} lines with the wall-clock time
 * (microseconds since the epoch) when each first drew, and {@code homeport.startup.exit=true}
 * closes the app, as a user would, once the main view has drawn.
 */
public final class DesktopApp extends Application {
    private static final String STARTUP_REPORT = System.getProperty("homeport.startup.report");
    private static final boolean EXIT_WHEN_READY = Boolean.getBoolean("homeport.startup.exit");

    /** Set by the launcher before the toolkit makes the app; tests pass their own to the constructor. */
    private static volatile Companion launchCompanion = Companion.NONE;

    private final HomeportHome home;
    private final Runnable exit;
    private final Companion companion;
    private AutoCloseable companionRunning;
    private final Tasks tasks = new Tasks();
    private UiState uiState = UiState.DEFAULT;
    private ThemeManager themes;
    private volatile Homeport homeport;
    private MainModel model;
    private Stage stage;

    public DesktopApp() {
        this(HomeportHome.fromEnvironment(), Platform::exit, launchCompanion);
    }

    /** For tests: the app on a given data folder, with its own way to end (tests keep the toolkit running). */
    public DesktopApp(HomeportHome home, Runnable exit) {
        this(home, exit, Companion.NONE);
    }

    /** For tests: also with what runs beside the app on its open store. */
    public DesktopApp(HomeportHome home, Runnable exit, Companion companion) {
        this.home = home;
        this.exit = exit;
        this.companion = companion;
    }

    /**
     * What runs beside the window on the open store, and stops before the store closes: the
     * launcher passes the command line's server, so {@code homeport} commands run in the open
     * app. {@code changed} may be called on any thread after the store was changed from outside
     * the window; the window then reads the inventory again.
     */
    @FunctionalInterface
    public interface Companion {
        Companion NONE = (homeport, changed) -> () -> { };

        AutoCloseable start(Homeport homeport, Runnable changed) throws Exception;
    }

    public static void start(String[] args, Companion companion) {
        launchCompanion = companion;
        FrameRate.apply();
        Application.launch(DesktopApp.class, args);
    }

    /** Runs on the launcher thread, not the FX thread: the place for the small disk read of the UI state. */
    @Override
    public void init() {
        uiState = UiState.load(home.uiState());
    }

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        if (uiState == UiState.DEFAULT) {
            init();
        }
        themes = new ThemeManager(uiState.theme());
        Scene scene = new Scene(progress("Opening your inventory…"), uiState.width(), uiState.height());
        scene.getStylesheets().add(Ui.stylesheet());
        stage.setScene(scene);
        stage.setTitle("Homeport");
        stage.setMinWidth(760);
        stage.setMinHeight(480);
        if (!Double.isNaN(uiState.x())) {
            stage.setX(uiState.x());
            stage.setY(uiState.y());
        }
        stage.setMaximized(uiState.maximized());
        stage.setOnCloseRequest(e -> {
            e.consume();
            close();
        });
        stage.show();
        tasks.setDefaultFailure(failure -> Dialogs.error(stage, "That did not work", failure));
        // The store opens in the background once the first frame is out: its start-up work
        // (H2, Flyway, the vault) would otherwise compete with drawing the window for the CPU.
        afterFirstFrame(scene, () -> {
            reportStartup("first-frame");
            if (stage.isShowing()) {
                openStore(scene);
            }
        });
    }

    private void openStore(Scene scene) {
        tasks.run("Opening the store", () -> Homeport.open(home, attempt -> FxPrompts.onFxThread(() ->
                        Dialogs.askPassphrase(stage, "Unlock Homeport", attempt == 1
                                ? "Your vault is protected by a master passphrase."
                                : "That passphrase was wrong. Try again:", false).orElse(null))))
                .onSuccess(this::opened)
                .onFailure(failure -> scene.setRoot(startupFailed(failure)))
                .start();
    }

    private void opened(Homeport opened) {
        homeport = opened;
        model = new MainModel(opened, tasks, themes, java.time.Duration.ofSeconds(uiState.nodeCheckSeconds()));
        model.logWrap().set(uiState.logWrap());
        model.terminalBounds().set(uiState.terminalBounds());
        model.setBrowser(url -> getHostServices().showDocument(url));
        stage.getScene().setRoot(new MainView(model, stage));
        model.reopen(uiState.place());
        // The terminal's tabs of the last run, each with a new session.
        TerminalWindow.reopen(model, uiState.terminals(), stage);
        startCompanion(opened);
        model.nodeHealth().start();
        model.crashAlerts().start();
        model.storeBackups().start();
        model.backupWatch().start();
        // Deployments a stopped Homeport left in progress are settled by what their nodes show.
        model.deploys().reconcile(stage);
        // Saved tunnels marked "with the app" start in the background; one that cannot (its port taken) says why.
        tasks.run("Starting saved tunnels", () -> opened.savedTunnels().startWithApp())
                .onSuccess(problems -> problems.forEach(problem -> model.notices().add(new Notice(
                        "The saved tunnel " + problem.saved().name() + " did not start", problem.message(), true))))
                .onFailure(failure -> model.notices().add(new Notice("Saved tunnels did not start", Dialogs.userMessage(failure), true)))
                .start();
        // What the retention policy no longer keeps (old releases, their logs, node events) goes, in the background.
        tasks.run("Pruning old history", () -> opened.retention().prune())
                .onFailure(failure -> model.notices().add(new Notice("Old history could not be pruned", Dialogs.userMessage(failure), true)))
                .start();
        if (STARTUP_REPORT != null || EXIT_WHEN_READY) {
            afterFirstFrame(stage.getScene(), () -> {
                reportStartup("main-view");
                if (EXIT_WHEN_READY) {
                    close();
                }
            });
        }
    }

    /** Off the FX thread (it binds a socket); a failure leaves the window working and says why. */
    private void startCompanion(Homeport opened) {
        MainModel shown = model;
        tasks.background("Serving the command line", () -> {
            try {
                AutoCloseable running = companion.start(opened, () -> Platform.runLater(shown::reloadAfterOutsideChange));
                synchronized (this) {
                    if (homeport == opened) {
                        companionRunning = running;
                        return;
                    }
                }
                closeQuietly(running);
            } catch (Exception e) {
                log().warn("The homeport command cannot reach this window: {}", e.toString());
                Platform.runLater(() -> shown.notices().add(new Notice("The homeport command cannot use the open app",
                        Dialogs.userMessage(e) + " Commands fail while the app is open.", true)));
            }
        });
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log().warn("Stopping the command line server: {}", e.toString());
        }
    }

    /**
     * Runs {@code then} once on the FX thread, just after the next pulse has laid out
     * {@code scene} and handed it to the renderer (or after a second, should no pulse come).
     */
    private static void afterFirstFrame(Scene scene, Runnable then) {
        AtomicBoolean done = new AtomicBoolean();
        Runnable once = () -> {
            if (done.compareAndSet(false, true)) {
                then.run();
            }
        };
        scene.addPostLayoutPulseListener(new Runnable() {
            @Override
            public void run() {
                scene.removePostLayoutPulseListener(this);
                Platform.runLater(once);
            }
        });
        Platform.requestNextPulse();
        PauseTransition fallback = new PauseTransition(javafx.util.Duration.seconds(1));
        fallback.setOnFinished(e -> once.run());
        fallback.play();
    }

    private static void reportStartup(String event) {
        if (STARTUP_REPORT == null) {
            return;
        }
        String line = event + " " + ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()) + "\n";
        try {
            Files.writeString(Path.of(STARTUP_REPORT), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log().warn("Could not write the startup report: {}", e.getMessage());
        }
    }

    private javafx.scene.Parent startupFailed(Throwable failure) {
        Node state = Ui.emptyState(Feather.ALERT_TRIANGLE, "Homeport cannot open its store", Dialogs.userMessage(failure),
                Ui.button("Quit", Feather.X, exit, Styles.ACCENT));
        state.setId("startup-error");
        return new StackPane(state);
    }

    private static javafx.scene.Parent progress(String text) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(36, 36);
        VBox box = new VBox(14, spinner, new Label(text));
        box.setAlignment(Pos.CENTER);
        return new StackPane(box);
    }

    /**
     * Hides the window at once, then saves its bounds and closes the store in the background, then exits.
     * A deployment still running would be cut off, so that is asked first.
     */
    private void close() {
        java.util.List<String> deploying = model == null ? java.util.List.of() : model.deploys().runningPaths();
        if (!deploying.isEmpty() && !Dialogs.confirmDanger(stage, "Quit while deploying?",
                "Homeport is deploying " + String.join(", ", deploying) + ". Quitting stops that deployment where it is; "
                        + "the next start checks the node and records it as interrupted (or live, if traffic had moved).", "Quit")) {
            return;
        }
        UiState closing = new UiState(stage.getX(), stage.getY(), stage.isMaximized() ? uiState.width() : stage.getWidth(),
                stage.isMaximized() ? uiState.height() : stage.getHeight(), stage.isMaximized(), themes.choiceProperty().get(),
                model == null ? uiState.place() : Places.key(model.placeProperty().get(), model.treeProperty().get()),
                model == null ? uiState.nodeCheckSeconds() : (int) model.nodeHealth().period().toSeconds(),
                model == null ? uiState.logWrap() : model.logWrap().get(),
                // Read before the main window hides: its terminal window goes with it.
                model == null ? uiState.terminals() : TerminalWindow.openTabs(model),
                model == null ? uiState.terminalBounds() : TerminalWindow.bounds(model));
        stage.hide();
        if (model != null) {
            model.poller().close();
            model.crashAlerts().close();
        }
        tasks.background("Closing Homeport", () -> {
            try {
                closing.save(home.uiState());
            } catch (Exception e) {
                log().warn("Could not save the window state: {}", e.getMessage());
            }
            closeStore();
            exit.run();
        });
    }

    /** Also closes the store when the toolkit ends without a close request (such as a session logout). */
    @Override
    public void stop() {
        closeStore();
    }

    private synchronized void closeStore() {
        if (companionRunning != null) {
            closeQuietly(companionRunning);
            companionRunning = null;
        }
        if (homeport != null) {
            homeport.close();
            homeport = null;
        }
        tasks.close();
    }

    /** Looked up when first needed: configuring logback costs start-up time that the first frame need not wait for. */
    private static Logger log() {
        return LoggerFactory.getLogger(DesktopApp.class);
    }
}
