package dev.homeport.app.desktop.services;

import atlantafx.base.theme.Styles;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxFeed;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.Poller;
import dev.homeport.app.desktop.Ui;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Logs tab: the live release's container log, its last 200 lines and then
 * as they come, each with its local time. It follows only while the tab is on
 * screen, as one long round of the {@link Poller}; leaving the tab or the page closes the stream. Pause holds new lines
 * back (and keeps them) until Resume.
 */
public final class LogsPane {
    static final int TAIL = 200;
    private static final int KEPT_CHARS = 400_000;
    private static final int HELD_LINES = 20_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private final ServiceModel model;
    private final Supplier<Window> owner;
    private final TextArea text = new TextArea();
    private final Label status = new Label();
    private final ToggleButton pause = new ToggleButton("Pause", Ui.icon(Feather.PAUSE));
    private final List<String> held = new ArrayList<>();
    private final Poller.Polling stream;
    private boolean active;
    /** True while a stream is open, from its first answer until it ends or is stopped. */
    private boolean following;

    /** Lines come through {@link FxFeed} in batches; each carries the answers of its stream, so lines of a stream that was stopped are dropped. */
    private record Lines(Poller.Answers from, String line) {
    }

    private final FxFeed<Lines> feed = new FxFeed<>(this::apply);

    public LogsPane(ServiceModel model, Supplier<Window> owner) {
        this.model = model;
        this.owner = owner;
        this.stream = model.main().poller().polling("logs of " + model.path());
    }

    public Node build() {
        text.setId("service-log");
        text.setEditable(false);
        text.getStyleClass().add("monospace");
        VBox.setVgrow(text, Priority.ALWAYS);
        status.setId("logs-status");
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.setWrapText(true);
        pause.setId("logs-pause");
        pause.selectedProperty().addListener((obs, was, paused) -> {
            pause.setText(paused ? "Resume" : "Pause");
            pause.setGraphic(Ui.icon(paused ? Feather.PLAY : Feather.PAUSE));
            if (!paused) {
                append(held);
                held.clear();
                if (following) {
                    status.setText(followingText());
                }
            }
        });
        Button clear = Ui.button("Clear", Feather.X_SQUARE, () -> {
            text.clear();
            held.clear();
        }, Styles.FLAT);
        clear.setId("logs-clear");
        Button reconnect = Ui.button("Reconnect", Feather.REFRESH_CW, this::restart, Styles.FLAT);
        HBox toolbar = new HBox(8, pause, clear, reconnect, status);
        toolbar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox body = new VBox(10, toolbar, text);
        body.setPadding(new javafx.geometry.Insets(16, 0, 0, 0));
        return body;
    }

    /** Follows while shown: the page calls this as its tab and the page come and go. */
    public void setActive(boolean now) {
        if (now != active) {
            active = now;
            restart();
        }
    }

    private void restart() {
        stop();
        if (!active) {
            return;
        }
        text.clear();
        held.clear();
        status.setText("Connecting…");
        long serviceId = model.service().id();
        FxPrompts prompts = new FxPrompts(owner);
        stream.start(answers -> follow(answers, serviceId, prompts));
    }

    /** The stream's one long round: opens the log, waits until it ends or is stopped, and closes it on this thread. */
    private Duration follow(Poller.Answers answers, long serviceId, FxPrompts prompts) throws InterruptedException {
        ResultCallback.Adapter<Frame> opened;
        try {
            opened = model.main().homeport().deployService().logs(serviceId, TAIL, true, prompts, line -> feed.post(new Lines(answers, line)));
        } catch (RuntimeException failure) {
            answers.show(() -> status.setText(Dialogs.userMessage(failure)));
            return null;
        }
        try {
            answers.show(() -> {
                following = true;
                status.setText(followingText());
            });
            opened.awaitCompletion();
            answers.show(() -> {
                following = false;
                status.setText("The log ended: the container stopped or was replaced. Reconnect to follow it again.");
            });
            return null;
        } finally {
            try {
                opened.close();
            } catch (IOException | RuntimeException ignored) {
                // closing a stream that has ended already
            }
        }
    }

    private String followingText() {
        return "Following the container's log (the last " + TAIL + " lines, then live).";
    }

    private void stop() {
        following = false;
        stream.stop();
    }

    private void apply(List<Lines> batch) {
        List<String> lines = new ArrayList<>();
        for (Lines each : batch) {
            if (each.from().current()) {
                lines.add(timed(each.line()));
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        if (pause.isSelected()) {
            held.addAll(lines);
            if (held.size() > HELD_LINES) {
                held.subList(0, held.size() - HELD_LINES).clear();
            }
            status.setText("Paused; " + held.size() + " new lines held back.");
        } else {
            append(lines);
        }
    }

    private void append(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        boolean atEnd = text.getCaretPosition() >= text.getLength() - 1;
        if (text.getLength() > KEPT_CHARS) {
            text.deleteText(0, text.getLength() - KEPT_CHARS / 2);
        }
        text.appendText(String.join("\n", lines) + "\n");
        if (atEnd) {
            text.positionCaret(text.getLength());
            text.setScrollTop(Double.MAX_VALUE);
        }
    }

    /** Docker's RFC 3339 timestamp in front of each line becomes local time. */
    static String timed(String line) {
        int space = line.indexOf(' ');
        if (space < 20) {
            return line;
        }
        try {
            return TIME.format(Instant.parse(line.substring(0, space))) + "  " + line.substring(space + 1);
        } catch (DateTimeParseException e) {
            return line;
        }
    }
}
