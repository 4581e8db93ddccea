package dev.homeport.app.desktop.services;

import atlantafx.base.theme.Styles;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxFeed;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.Poller;
import dev.homeport.app.desktop.Ui;
import dev.homeport.ssh.logs.LogFilter;
import dev.homeport.ssh.logs.LogLevel;
import dev.homeport.ssh.logs.LogLine;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javafx.animation.PauseTransition;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Logs tab: the live release's container log (on a cluster, every replica's, each line led by its replica), its
 * last 200 lines or those of a time range, and then lines as they come, each with its local time. It follows only
 * while the tab is on screen, as one long round of the {@link Poller}; leaving the tab or the page closes the stream.
 * Pause holds new lines back (and keeps them) until Resume.
 *
 * <p>A search (plain text or a regular expression) and the level chips show only the lines that match, of the
 * {@value #KEPT_LINES} newest kept; a time range reads the log again from that time. Save… writes the lines shown to
 * a file, off the FX thread.
 *
 * <p>The view is one {@link TextArea} holding at most about {@value #SHOWN_CHARS} characters (the newest matching
 * lines): it is not virtualized, so a filter change lays out that much text again.
 */
public final class LogsPane {
    static final int TAIL = 200;
    /** Lines kept in memory, the newest; what the search and the levels look through. */
    static final int KEPT_LINES = 10_000;
    private static final int SHOWN_CHARS = 400_000;
    private static final int HELD_LINES = 20_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    /** Tests set the file Save… writes to instead of the save dialog they cannot drive; null: the dialog. */
    static volatile Supplier<File> saveToInTests;

    private final ServiceModel model;
    private final Supplier<Window> owner;
    private final TextArea text = new TextArea();
    private final Label status = new Label();
    private final ToggleButton pause = new ToggleButton("Pause", Ui.icon(Feather.PAUSE));
    private final TextField search = new TextField();
    private final ToggleButton regex = new ToggleButton(".*");
    private final ToggleButton caseSensitive = new ToggleButton("Aa");
    private final Map<LogLevel, ToggleButton> levels = new EnumMap<>(LogLevel.class);
    private final ComboBox<Range> range = new ComboBox<>();
    private final Label count = new Label();
    private final PauseTransition typing = new PauseTransition(javafx.util.Duration.millis(150));
    private final List<String> held = new ArrayList<>();
    private final ArrayDeque<Shown> kept = new ArrayDeque<>();
    private LogFilter filter = LogFilter.ALL;
    /** How many of {@link #kept} the filter lets through. */
    private int matching;
    private final Poller.Polling stream;
    private boolean active;
    /** True while a stream is open, from its first answer until it ends or is stopped. */
    private boolean following;

    /** What the stream reads first: the last lines, or those of a time range back from now. */
    enum Range {
        RECENT("Last " + TAIL + " lines", null),
        QUARTER("Last 15 minutes", Duration.ofMinutes(15)),
        HOUR("Last hour", Duration.ofHours(1)),
        DAY("Last 24 hours", Duration.ofHours(24));

        private final String label;
        private final Duration back;

        Range(String label, Duration back) {
            this.label = label;
            this.back = back;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** A line as read, and as shown: its local time, replica and text. */
    private record Shown(LogLine line, String display) {
    }

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
                add(held);
                held.clear();
                if (following) {
                    status.setText(followingText());
                }
            }
        });
        Button clear = Ui.button("Clear", Feather.X_SQUARE, () -> {
            kept.clear();
            held.clear();
            show();
        }, Styles.FLAT);
        clear.setId("logs-clear");
        Button reconnect = Ui.button("Reconnect", Feather.REFRESH_CW, this::restart, Styles.FLAT);
        HBox toolbar = new HBox(8, pause, clear, reconnect, status);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        VBox body = new VBox(10, toolbar, filterBar(), text);
        body.setPadding(new Insets(16, 0, 0, 0));
        show();
        return body;
    }

    private Node filterBar() {
        search.setId("logs-search");
        search.setPromptText("Search the lines");
        HBox.setHgrow(search, Priority.ALWAYS);
        typing.setOnFinished(e -> refilter());
        search.textProperty().addListener((obs, was, now) -> typing.playFromStart());
        search.setOnAction(e -> refilter());
        regex.setId("logs-regex");
        regex.setTooltip(new Tooltip("The search is a regular expression"));
        caseSensitive.setId("logs-case");
        caseSensitive.setTooltip(new Tooltip("The search tells upper from lower case"));
        regex.selectedProperty().addListener((obs, was, now) -> refilter());
        caseSensitive.selectedProperty().addListener((obs, was, now) -> refilter());
        HBox chips = new HBox(4);
        chips.setAlignment(Pos.CENTER_LEFT);
        for (LogLevel level : LogLevel.values()) {
            ToggleButton chip = new ToggleButton(level.label());
            chip.setId("logs-level-" + level.label());
            chip.setSelected(true);
            chip.getStyleClass().addAll(Styles.SMALL, Styles.ROUNDED);
            chip.setTooltip(new Tooltip(level == LogLevel.UNKNOWN ? "Lines that name no level" : "Lines of level " + level.label()));
            chip.selectedProperty().addListener((obs, was, now) -> refilter());
            levels.put(level, chip);
            chips.getChildren().add(chip);
        }
        range.setId("logs-range");
        range.getItems().setAll(Range.values());
        range.setValue(Range.RECENT);
        range.valueProperty().addListener((obs, was, now) -> restart());
        count.setId("logs-count");
        count.getStyleClass().add(Styles.TEXT_MUTED);
        Button save = Ui.button("Save…", Feather.DOWNLOAD, this::save, Styles.FLAT);
        save.setId("logs-save");
        HBox first = new HBox(8, search, regex, caseSensitive, range, save);
        first.setAlignment(Pos.CENTER_LEFT);
        HBox second = new HBox(8, chips, count);
        second.setAlignment(Pos.CENTER_LEFT);
        return new VBox(8, first, second);
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
        kept.clear();
        held.clear();
        show();
        status.setText("Connecting…");
        long serviceId = model.service().id();
        FxPrompts prompts = new FxPrompts(owner);
        Range from = range.getValue();
        Instant since = from.back == null ? null : Instant.now().minus(from.back);
        stream.start(answers -> follow(answers, serviceId, from, since, prompts));
    }

    /** The stream's one long round: opens the log, waits until it ends or is stopped, and closes it on this thread. */
    private Duration follow(Poller.Answers answers, long serviceId, Range from, Instant since, FxPrompts prompts) throws InterruptedException {
        ResultCallback.Adapter<Frame> opened;
        try {
            opened = model.main().homeport().deployService().logs(serviceId, since == null ? TAIL : KEPT_LINES, true, since, null, prompts,
                    line -> feed.post(new Lines(answers, line)));
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
        Range from = range.getValue();
        return "Following the container's log (" + (from == Range.RECENT ? "the last " + TAIL + " lines"
                : from.label.toLowerCase(java.util.Locale.ROOT) + ", at most " + KEPT_LINES + " lines") + ", then live).";
    }

    private void stop() {
        following = false;
        stream.stop();
    }

    private void apply(List<Lines> batch) {
        List<String> lines = new ArrayList<>();
        for (Lines each : batch) {
            if (each.from().current()) {
                lines.add(each.line());
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
            add(lines);
        }
    }

    /** New lines: kept (the oldest go past {@link #KEPT_LINES}), and those that match appended to the view. */
    private void add(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        List<String> shown = new ArrayList<>();
        for (String raw : lines) {
            LogLine line = LogLine.parse(raw);
            Shown each = new Shown(line, display(line));
            kept.addLast(each);
            if (filter.matches(line)) {
                matching++;
                shown.add(each.display());
            }
        }
        while (kept.size() > KEPT_LINES) {
            if (filter.matches(kept.removeFirst().line())) {
                matching--;
            }
        }
        append(shown);
        showCount();
    }

    private void append(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        boolean atEnd = text.getCaretPosition() >= text.getLength() - 1;
        if (text.getLength() > SHOWN_CHARS) {
            text.deleteText(0, text.getLength() - SHOWN_CHARS / 2);
        }
        text.appendText(String.join("\n", lines) + "\n");
        if (atEnd) {
            text.positionCaret(text.getLength());
            text.setScrollTop(Double.MAX_VALUE);
        }
    }

    /** The search and levels as set now; a regular expression that is not one shows what is wrong and changes nothing. */
    private void refilter() {
        Set<LogLevel> chosen = EnumSet.noneOf(LogLevel.class);
        levels.forEach((level, chip) -> {
            if (chip.isSelected()) {
                chosen.add(level);
            }
        });
        search.pseudoClassStateChanged(Styles.STATE_DANGER, false);
        if (chosen.isEmpty()) {
            filter = null;
            text.clear();
            count.setText("No level chosen: choose one or more to see lines.");
            return;
        }
        try {
            filter = LogFilter.of(search.getText(), regex.isSelected(), caseSensitive.isSelected(), chosen, null, null);
        } catch (IllegalArgumentException bad) {
            search.pseudoClassStateChanged(Styles.STATE_DANGER, true);
            count.setText(bad.getMessage());
            return;
        }
        show();
    }

    /** The view again from the kept lines: the newest that match, as many as it holds. */
    private void show() {
        if (filter == null) {
            return;
        }
        List<String> shown = new ArrayList<>();
        int chars = 0;
        matching = 0;
        for (var it = kept.descendingIterator(); it.hasNext(); ) {
            Shown each = it.next();
            if (filter.matches(each.line())) {
                matching++;
                if (chars < SHOWN_CHARS) {
                    shown.add(each.display());
                    chars += each.display().length() + 1;
                }
            }
        }
        java.util.Collections.reverse(shown);
        text.setText(shown.isEmpty() ? "" : String.join("\n", shown) + "\n");
        text.positionCaret(text.getLength());
        text.setScrollTop(Double.MAX_VALUE);
        showCount();
    }

    private void showCount() {
        if (filter == null) {
            return;
        }
        count.setText(filter.selectsLines() ? matching + " of " + kept.size() + " lines match" : kept.size() + " lines");
    }

    /** Writes the lines that match now (as read: Docker's UTC time first) to a file the user picks, off the FX thread. */
    private void save() {
        if (filter == null) {
            return;
        }
        List<String> lines = kept.stream().filter(each -> filter.matches(each.line())).map(each -> each.line().raw()).toList();
        Supplier<File> given = saveToInTests;
        File file = given != null ? given.get() : askForFile(owner.get());
        if (file == null) {
            return;
        }
        model.main().tasks().run("Saving the log of " + model.path(), () -> write(file.toPath(), lines))
                .onSuccess(done -> status.setText("Saved " + lines.size() + " lines to " + file + "."))
                .onFailure(failure -> Dialogs.error(owner.get(), "Cannot save the log", failure))
                .start();
    }

    /** Through a file beside the target, moved into place: a failure leaves no half file. */
    private static Void write(Path target, List<String> lines) throws IOException {
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return null;
    }

    private File askForFile(Window window) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the log of " + model.path());
        chooser.setInitialFileName(model.service().name() + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneId.systemDefault()).format(Instant.now()) + ".log");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Log files", "*.log", "*.txt"),
                new FileChooser.ExtensionFilter("All files", "*"));
        return chooser.showSaveDialog(window);
    }

    /** A line as the view shows it: local time, replica, text. */
    private static String display(LogLine line) {
        if (line.time() == null) {
            return line.raw();
        }
        return TIME.format(line.time()) + "  " + (line.source() == null ? "" : line.source() + "  ") + line.text();
    }
}
