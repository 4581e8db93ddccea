package dev.homeport.app.desktop.terminal;

import atlantafx.base.theme.Styles;
import com.techsenger.jeditermfx.ui.JediTermFxWidget;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.ssh.transport.PtySession;
import java.util.function.BiFunction;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;

/**
 * One session in the terminal window: JediTermFX's emulator, joined to a {@link PtySession} that is opened in
 * the background (the tab says "Connecting…" meanwhile, and why when it fails). Closing the tab ends the
 * session; when the session ends by itself, the tab stays with its last screen and a line saying so.
 */
final class TerminalTab {
    private final MainModel main;
    private final String title;
    private final Tab tab = new Tab();
    private final JediTermFxWidget widget;
    private final Label status = new Label();
    private volatile SessionConnector connector;
    private Runnable unpace = () -> { };
    private volatile boolean closed;
    private volatile Integer exitStatus;

    TerminalTab(MainModel main, String title) {
        this.main = main;
        this.title = title;
        widget = TerminalWidgets.create(main.themes().darkProperty());
        StackPane screen = new StackPane(widget.getPane(), status);
        screen.setId("terminal-screen");
        screen.getProperties().put(TerminalTab.class, this);
        StackPane.setAlignment(status, Pos.CENTER);
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.setWrapText(true);
        status.setMaxWidth(520);
        tab.setText(title);
        tab.setTooltip(new Tooltip(title));
        tab.setContent(screen);
        tab.setOnClosed(e -> close());
    }

    Tab tab() {
        return tab;
    }

    /** Opens the session in the background with the screen's size now; {@code open} runs off the FX thread. */
    void connect(String what, BiFunction<Integer, Integer, PtySession> open) {
        status.setText("Connecting to " + what + "…");
        int columns = widget.getTerminalTextBuffer().getWidth();
        int rows = widget.getTerminalTextBuffer().getHeight();
        main.tasks().run("Opening a terminal on " + what, () -> open.apply(columns, rows))
                .onSuccess(this::attach)
                .onFailure(failure -> {
                    status.setText("Could not open a terminal on " + what + ": " + Dialogs.userMessage(failure));
                    status.getStyleClass().setAll("label", Styles.DANGER);
                    status.setId("terminal-error");
                    tab.setText(title + " (failed)");
                })
                .start();
    }

    private void attach(PtySession session) {
        if (closed) {
            main.tasks().background("Closing a terminal", session::close);
            return;
        }
        connector = new SessionConnector(session, title, code -> Platform.runLater(() -> ended(code)));
        status.setVisible(false);
        unpace = TerminalWidgets.pace(widget, connector.pacer());
        widget.setTtyConnector(connector);
        widget.start();
        focus();
    }

    private void ended(int code) {
        exitStatus = code;
        tab.setText(title + " (ended)");
    }

    void focus() {
        widget.getPreferredFocusableNode().requestFocus();
    }

    /** What the screen shows now, a line per row (for tests). */
    String screenText() {
        return widget.getTerminalTextBuffer().getScreenLines();
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

    /** The session's exit status once it has ended, else null. */
    Integer exitStatus() {
        return exitStatus;
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
        SessionConnector open = connector;
        unpace.run();
        widget.close();
        if (open != null) {
            main.tasks().background("Closing a terminal", open::close);
        }
    }
}
