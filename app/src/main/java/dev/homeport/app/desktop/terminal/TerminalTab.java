package dev.homeport.app.desktop.terminal;

import atlantafx.base.theme.Styles;
import com.techsenger.jeditermfx.ui.JediTermFxWidget;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.ssh.transport.PtySession;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/**
 * One tab of the terminal window: JediTermFX's emulator, joined to {@link PtySession}s that are opened in the
 * background (the tab says "Connecting…" meanwhile, and why when it fails). Closing the tab ends the session.
 * When the session ends by itself (the shell exits, or the connection to the node is lost), the tab keeps its
 * screen and scrollback, a line says how it ended, and a bar under the screen offers to open a session of the
 * same kind again in this tab (its button, or Enter or R in the tab); the new session carries on below the old
 * one's last screen.
 */
final class TerminalTab {
    /** Opens a session of this tab's kind, with a terminal of {@code columns} × {@code rows}; off the FX thread. */
    @FunctionalInterface
    interface Opener {
        Opened open(int columns, int rows) throws Exception;
    }

    /** A session opened, the tab's name for it ({@code web.2@n3}) and the node it runs on. */
    record Opened(PtySession session, String title, String node) {
    }

    private enum State { CONNECTING, LIVE, ENDED, FAILED, CLOSED }

    private final MainModel main;
    private final String kind;
    private final Opener first;
    private final Opener again;
    private final Tab tab = new Tab();
    private final JediTermFxWidget widget;
    private final SessionConnector connector;
    private final Label status = new Label();
    private final HBox bar = new HBox(8);
    private final Label barText = new Label();
    private final ProgressIndicator progress = new ProgressIndicator();
    private final Button reopen = new Button();
    private String title;
    private String node;
    private State state = State.CONNECTING;
    private boolean started;
    private int opened;
    private Runnable unpace = () -> { };
    private volatile boolean closed;
    private volatile Integer exitStatus;
    private volatile boolean connectionLost;

    /**
     * {@code first} opens the first session; {@code again} each later one (a container's shell finds the live
     * container again). {@code node}: where the session runs, as the lines about a lost connection name it.
     * {@code kind} leads the tab's {@link #key()}.
     */
    TerminalTab(MainModel main, String kind, String title, String node, Opener first, Opener again) {
        this.main = main;
        this.kind = kind;
        this.title = title;
        this.node = node;
        this.first = first;
        this.again = again;
        widget = TerminalWidgets.create(main.themes().darkProperty());
        connector = new SessionConnector(title, node, () -> widget.getTerminalTextBuffer().isUsingAlternateBuffer(),
                end -> Platform.runLater(() -> ended(end)));
        StackPane screen = new StackPane(widget.getPane(), status);
        screen.setId("terminal-screen");
        StackPane.setAlignment(status, Pos.CENTER);
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.setWrapText(true);
        status.setMaxWidth(520);

        barText.setId("terminal-bar-text");
        barText.setWrapText(true);
        progress.setPrefSize(16, 16);
        progress.setMaxSize(16, 16);
        reopen.setId("terminal-reopen");
        reopen.getStyleClass().add(Styles.ACCENT);
        reopen.setTooltip(new Tooltip("Or press Enter or R in the terminal"));
        reopen.setOnAction(e -> reopen());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        bar.getChildren().setAll(progress, barText, gap, reopen);
        bar.setId("terminal-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 10, 6, 10));
        bar.setStyle("-fx-background-color: -color-bg-subtle; -fx-border-color: -color-border-default; -fx-border-width: 1 0 0 0;");
        showBar(false);

        BorderPane content = new BorderPane(screen);
        content.setBottom(bar);
        content.getProperties().put(TerminalTab.class, this);
        // Enter or R reopens an ended session; they are kept from the emulator while no session is live.
        content.addEventFilter(KeyEvent.KEY_PRESSED, this::keyPressed);
        content.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (state != State.LIVE && ("\r".equals(e.getCharacter()) || "r".equalsIgnoreCase(e.getCharacter()))) {
                e.consume();
            }
        });
        tab.setText(title);
        tab.setTooltip(new Tooltip(title));
        tab.setContent(content);
        tab.setOnClosed(e -> close());
    }

    Tab tab() {
        return tab;
    }

    /** What this tab opens, to open it again at the next start: its kind and its name now ({@code service:12:web.2@n3}). */
    String key() {
        return kind + title;
    }

    private void keyPressed(KeyEvent e) {
        if (state == State.LIVE || e.isControlDown() || e.isAltDown() || e.isMetaDown()
                || (e.getCode() != KeyCode.ENTER && e.getCode() != KeyCode.R)) {
            return;
        }
        e.consume();
        if (state == State.ENDED || state == State.FAILED) {
            reopen();
        }
    }

    /** Opens the first session in the background with the screen's size now; on the FX thread. */
    void connect() {
        open(first);
    }

    /** Opens a session again after the last one ended (or failed to open); on the FX thread. */
    void reopen() {
        if (state == State.ENDED || state == State.FAILED) {
            open(opened == 0 ? first : again);
        }
    }

    private void open(Opener opener) {
        state = State.CONNECTING;
        boolean firstTime = opened == 0 && !started;
        if (firstTime) {
            status.setText("Connecting to " + title + "…");
            status.getStyleClass().setAll("label", Styles.TEXT_MUTED);
            status.setId(null);
            status.setVisible(true);
            showBar(false);
        } else {
            status.setVisible(false);
            say((connectionLost ? "Reconnecting to " : "Opening ") + title + "…", false);
            progress.setVisible(true);
            progress.setManaged(true);
            reopen.setDisable(true);
        }
        int columns = widget.getTerminalTextBuffer().getWidth();
        int rows = widget.getTerminalTextBuffer().getHeight();
        main.tasks().run("Opening a terminal on " + title, () -> opener.open(columns, rows))
                .onSuccess(this::attach)
                .onFailure(this::failed)
                .start();
    }

    private void failed(Throwable failure) {
        if (closed) {
            return;
        }
        state = State.FAILED;
        String why = Dialogs.userMessage(failure);
        if (opened == 0 && !started) {
            status.setText("Could not open a terminal on " + title + ": " + why);
            status.getStyleClass().setAll("label", Styles.DANGER);
            status.setId("terminal-error");
            say("", true);
        } else {
            say("Could not " + (connectionLost ? "reconnect to " : "open ") + title + ": " + why, true);
        }
        tab.setText(title + " (failed)");
        reopen.setText("Try again");
    }

    private void attach(Opened session) {
        if (closed) {
            main.tasks().background("Closing a terminal", session.session()::close);
            return;
        }
        if (!connector.attach(session.session(), session.node())) {
            return; // closed meanwhile: the connector closed the session
        }
        opened++;
        title = session.title();
        node = session.node();
        state = State.LIVE;
        exitStatus = null;
        connectionLost = false;
        tab.setText(title);
        tab.setTooltip(new Tooltip(title));
        status.setVisible(false);
        showBar(false);
        if (!started) {
            started = true;
            unpace = TerminalWidgets.pace(widget, connector.pacer());
            widget.setTtyConnector(connector);
            widget.start();
        }
        focus();
    }

    private void ended(SessionConnector.End end) {
        if (closed) {
            return;
        }
        state = State.ENDED;
        connectionLost = end.connectionLost();
        exitStatus = end.connectionLost() ? null : end.status();
        if (end.connectionLost()) {
            tab.setText(title + " (disconnected)");
            say("The connection to " + node + " was lost.", false);
            reopen.setText("Reconnect");
        } else {
            tab.setText(title + " (ended)");
            say(end.status() == 0 ? "Session ended." : "Session ended with exit status " + end.status() + ".", false);
            reopen.setText("Open again");
        }
    }

    /** Shows the bar with {@code text} (as a failure when {@code danger}) and its button enabled, no progress. */
    private void say(String text, boolean danger) {
        barText.setText(text);
        barText.getStyleClass().setAll("label");
        if (danger) {
            barText.getStyleClass().add(Styles.DANGER);
        }
        progress.setVisible(false);
        progress.setManaged(false);
        reopen.setDisable(false);
        showBar(true);
    }

    private void showBar(boolean shown) {
        bar.setVisible(shown);
        bar.setManaged(shown);
    }

    /**
     * Puts the keyboard on the terminal: on its canvas, which takes the keys (JediTermFX's "preferred focusable
     * node" is the pane around it, where keys reach nothing).
     */
    void focus() {
        widget.getTerminalPanel().getCanvas().requestFocus();
    }

    /** What the screen shows now, a line per row (for tests). */
    String screenText() {
        return widget.getTerminalTextBuffer().getScreenLines();
    }

    /** The scrollback and the screen, a line per row without its trailing blanks (for tests). */
    String allText() {
        var buffer = widget.getTerminalTextBuffer();
        buffer.lock();
        try {
            StringBuilder text = new StringBuilder();
            for (int row = -buffer.getHistoryLinesCount(); row < buffer.getHeight(); row++) {
                text.append(buffer.getLine(row).getText().stripTrailing()).append('\n');
            }
            return text.toString();
        } finally {
            buffer.unlock();
        }
    }

    /** The screen's size in characters, as the node's PTY is told it. */
    int columns() {
        return widget.getTerminalTextBuffer().getWidth();
    }

    int rows() {
        return widget.getTerminalTextBuffer().getHeight();
    }

    /** What the tab says over the screen (connecting, or why it failed); empty once the session is attached. */
    String statusText() {
        return status.isVisible() ? status.getText() : "";
    }

    /** What the bar under the screen says; empty while a session is live. */
    String barText() {
        return bar.isVisible() ? barText.getText() : "";
    }

    /** The session's exit status once it has ended, else null (and null when its connection was lost). */
    Integer exitStatus() {
        return exitStatus;
    }

    /** True once the session has ended with its connection lost (until a session is opened again). */
    boolean connectionLost() {
        return connectionLost;
    }

    /** True while a session is open in the tab. */
    boolean live() {
        return state == State.LIVE;
    }

    /** How many lines the scrollback holds now. */
    int scrollbackLines() {
        var buffer = widget.getTerminalTextBuffer();
        buffer.lock();
        try {
            return buffer.getHistoryLinesCount();
        } finally {
            buffer.unlock();
        }
    }

    boolean usingAlternateScreen() {
        return widget.getTerminalTextBuffer().isUsingAlternateBuffer();
    }

    /** Ends the session (if any) and stops the emulator; the channel closes in the background. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        state = State.CLOSED;
        unpace.run();
        widget.close();
        main.tasks().background("Closing a terminal", connector::close);
    }
}
