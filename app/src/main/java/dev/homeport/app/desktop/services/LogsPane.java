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
import dev.homeport.ssh.deploy.DeployService;
import dev.homeport.ssh.logs.LogStore;
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
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.animation.PauseTransition;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
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
 * The Logs tab: one stream of every source of a service's log, merged in time order, each line labelled with its
 * source. On one node the sources are the live release and the one before it, if its container is still there
 * ({@code web r12}); on a cluster, every replica of the Swarm service ({@code web.2@n3}). It starts with
 * the last {@value #TAIL} lines of each (or those of a time range: {@link LogRange}), then lines as they come; a range
 * with an end is read once, cut exactly, and not followed. It follows only while
 * the tab is on screen, as one long round of the {@link Poller}, which also looks every {@value #WATCH_SECONDS} s for
 * a new live release: its stream is opened and a marker line says so ("— now following release #13 —").
 *
 * <p>The lines are kept off the FX thread ({@link LogIngest}, a {@link LogStore} bounded by the operator's setting:
 * Settings → Logs, {@code homeport settings logs}; read again every {@value #WATCH_SECONDS} s while following, and a
 * lower one drops the oldest lines at once); the view is a {@link LogView} over the numbers of the lines shown, which
 * draws only the lines on screen, so its cost does not grow with the lines kept. A search (text or regular
 * expression), the level chips and the source chips are applied by a background scan that a newer change cancels; the
 * view follows the newest line unless scrolled up. Save… writes the lines shown, off the FX thread. Wrap (off at
 * first) wraps long lines; it is the app's one setting for every Logs tab, kept with the window ({@code ui.properties}).
 */
public final class LogsPane {
    static final int TAIL = 200;
    /** What a time range reads at most, per source. */
    static final int RANGE_LINES = 10_000;
    private static final int WATCH_SECONDS = 2;
    private static final String STORE_KEY = "homeport.logStore";
    /** Tests set the file Save… writes to instead of the save dialog they cannot drive; null: the dialog. */
    static volatile Supplier<File> saveToInTests;
    /** The forms a typed time takes: those of {@code homeport logs --since/--until}. */
    static final String TIME_FORMS = "2026-12-06 08:00 (your time zone), 2026-12-06T07:00:00Z, or how long ago: 30s, 10m, 2h, 1d";

    private final ServiceModel model;
    private final Supplier<Window> owner;
    private final LogView list;
    private final Label status = new Label();
    private final ToggleButton pause = new ToggleButton("Pause", Ui.icon(Feather.PAUSE));
    private final ToggleButton wrap = new ToggleButton("Wrap", Ui.icon(Feather.CORNER_DOWN_LEFT));
    private final TextField search = new TextField();
    private final ToggleButton regex = new ToggleButton(".*");
    private final ToggleButton caseSensitive = new ToggleButton("Aa");
    private final Map<LogLevel, ToggleButton> levels = new EnumMap<>(LogLevel.class);
    private final HBox sourceChips = new HBox(4);
    private final Map<String, ToggleButton> sources = new LinkedHashMap<>();
    /** Where the view starts: a preset, or a time typed as {@code homeport logs --since} takes it. */
    private final ComboBox<String> since = new ComboBox<>();
    /** Where it ends, typed as {@code --until} takes it; blank: it follows. */
    private final TextField until = new TextField();
    private final Label rangeProblem = Dialogs.errorLabel("logs-range-problem");
    /** The range the view shows (or is reading). */
    private LogRange range = LogRange.DEFAULT;
    private final Label count = new Label();
    private final PauseTransition typing = new PauseTransition(javafx.util.Duration.millis(150));
    /** Lines that came while paused: shown on Resume. */
    private final LogIngest.LongList held = new LogIngest.LongList();
    private final LogIngest ingest;
    private LogFilter filter = LogFilter.ALL;
    private int generation;
    /** The generation the view shows; appends of an older one are dropped (a scan for the newer one replaces them). */
    private int shownGeneration;
    private int kept;
    private final Poller.Polling stream;
    private boolean active;
    /** True while the streams are open, from their first answer until they are stopped. */
    private boolean following;
    private String followingText = "";
    private int benchEpoch;

    private final FxFeed<LogIngest.Update> feed = new FxFeed<>(this::apply);

    public LogsPane(ServiceModel model, Supplier<Window> owner) {
        this.model = model;
        this.owner = owner;
        this.stream = model.main().poller().polling("logs of " + model.path());
        // The lines kept, the newest: what the search, levels and sources look through.
        this.ingest = new LogIngest(LogStore.Bound.of(model.main().logView()), feed::post);
        this.list = new LogView(ingest.store(), status::setText, ingest::later);
    }

    /**
     * A Logs view of no service, for benchmarks: it reads no stream; lines are given to it with {@link #offer}. Its
     * view, worker and filters are the tab's own.
     */
    public LogsPane(LogStore.Bound bound) {
        this.model = null;
        this.owner = () -> null;
        this.stream = null;
        this.ingest = new LogIngest(bound, feed::post);
        this.list = new LogView(ingest.store(), status::setText, ingest::later);
        this.benchEpoch = ingest.newEpoch();
        ingest.start();
    }

    /** From any thread, to a view of no service: a line as Docker sends it, from a source with this label. */
    public void offer(String source, String line) {
        ingest.offer(benchEpoch, source, line);
    }

    /** On the FX thread: searches as the search field does, at once. */
    public void search(String text, boolean isRegex) {
        regex.setSelected(isRegex);
        search.setText(text);
        typing.stop();
        refilter();
    }

    /** On the FX thread: wraps long lines (on) or lets them scroll sideways (off), as the Wrap button does. */
    public void wrap(boolean on) {
        wrap.setSelected(on);
    }

    /** On the FX thread: the lines shown, the lines kept, and 1 when the newest line shown is on screen (else 0). */
    public long[] counts() {
        return new long[] {list.lines().size(), kept, list.showsNewest() ? 1 : 0};
    }

    public Node build() {
        list.setId("service-log");
        list.getProperties().put(STORE_KEY, ingest.store());
        VBox.setVgrow(list, Priority.ALWAYS);
        status.setId("logs-status");
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.setWrapText(true);
        pause.setId("logs-pause");
        pause.selectedProperty().addListener((obs, was, paused) -> {
            pause.setText(paused ? "Resume" : "Pause");
            pause.setGraphic(Ui.icon(paused ? Feather.PLAY : Feather.PAUSE));
            if (!paused) {
                long[] lines = held.toArray();
                held.clear();
                list.append(lines, lines.length, ingest.store().first());
                showCount();
                if (following) {
                    status.setText(followingText);
                }
            }
        });
        Button clear = Ui.button("Clear", Feather.X_SQUARE, () -> {
            held.clear();
            ingest.clear();
        }, Styles.FLAT);
        clear.setId("logs-clear");
        Button reconnect = Ui.button("Reconnect", Feather.REFRESH_CW, this::restart, Styles.FLAT);
        wrap.setId("logs-wrap");
        wrap.setTooltip(new Tooltip("Wrap long lines into rows the width of the view (off: they scroll sideways)"));
        wrap.selectedProperty().addListener((obs, was, now) -> list.wrap(now));
        if (model != null) {
            // Remembered, for every Logs tab: the window keeps it with its size (ui.properties).
            wrap.selectedProperty().bindBidirectional(model.main().logWrap());
        }
        list.wrap(wrap.isSelected());
        HBox toolbar = new HBox(8, pause, wrap, clear, reconnect, status);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        VBox body = new VBox(10, toolbar, filterBar(), list);
        body.setPadding(new Insets(16, 0, 0, 0));
        showCount();
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
        sourceChips.setId("logs-sources");
        sourceChips.setAlignment(Pos.CENTER_LEFT);
        since.setId("logs-since");
        since.setEditable(true);
        since.getEditor().setId("logs-since-text");
        since.getEditor().setPrefColumnCount(11);
        for (LogRange.Preset preset : LogRange.Preset.values()) {
            since.getItems().add(preset.label);
        }
        since.setValue(LogRange.Preset.RECENT.label);
        since.setTooltip(new Tooltip("Where the view starts: a choice, or a time: " + TIME_FORMS));
        since.valueProperty().addListener((obs, was, now) -> applyRange());
        until.setId("logs-until");
        until.setPromptText("Until: now, live");
        until.setPrefColumnCount(11);
        until.setTooltip(new Tooltip("Where the view ends (then it does not follow): " + TIME_FORMS + ". Blank: it follows."));
        until.setOnAction(e -> applyRange());
        rangeProblem.managedProperty().bind(rangeProblem.textProperty().isNotEmpty());
        rangeProblem.visibleProperty().bind(rangeProblem.managedProperty());
        count.setId("logs-count");
        count.getStyleClass().add(Styles.TEXT_MUTED);
        Button save = Ui.button("Save…", Feather.DOWNLOAD, this::save, Styles.FLAT);
        save.setId("logs-save");
        HBox first = new HBox(8, search, regex, caseSensitive, since, until, save);
        first.setAlignment(Pos.CENTER_LEFT);
        HBox second = new HBox(8, chips, new Separator(javafx.geometry.Orientation.VERTICAL), sourceChips, count);
        second.setAlignment(Pos.CENTER_LEFT);
        return new VBox(8, first, rangeProblem, second);
    }

    /**
     * The Since and Until fields as they are now: a good range restarts the stream with it; a bad one is named under
     * them, with the forms they take, and the view stays as it was.
     */
    private void applyRange() {
        LogRange next;
        try {
            next = LogRange.of(since.getValue(), until.getText(), Instant.now(), ZoneId.systemDefault());
        } catch (IllegalArgumentException bad) {
            rangeProblem.setText(bad.getMessage());
            boolean sinceWrong = bad.getMessage().startsWith("Since");
            since.getEditor().pseudoClassStateChanged(Styles.STATE_DANGER, sinceWrong);
            until.pseudoClassStateChanged(Styles.STATE_DANGER, !sinceWrong);
            return;
        }
        rangeProblem.setText("");
        since.getEditor().pseudoClassStateChanged(Styles.STATE_DANGER, false);
        until.pseudoClassStateChanged(Styles.STATE_DANGER, false);
        range = next;
        restart();
    }

    /** Follows while shown: the page calls this as its tab and the page come and go. */
    public void setActive(boolean now) {
        if (now != active) {
            active = now;
            restart();
        }
    }

    private void restart() {
        if (model == null) {
            return;
        }
        stop();
        if (!active) {
            return;
        }
        held.clear();
        int epoch = ingest.newEpoch();
        ingest.clear();
        ingest.start();
        status.setText("Connecting…");
        long serviceId = model.service().id();
        FxPrompts prompts = new FxPrompts(owner);
        LogRange from = range;
        LogRange.Span span;
        try {
            span = from.resolve(Instant.now(), ZoneId.systemDefault());
        } catch (IllegalArgumentException passed) {
            // Checked when chosen; a duration counted from now cannot fail later, but say so if it does.
            status.setText(passed.getMessage());
            return;
        }
        stream.start(answers -> span.follows() ? follow(answers, epoch, serviceId, from, span, prompts)
                : window(answers, epoch, serviceId, from, span, prompts));
    }

    /**
     * The streams' one long round: opens every source, then every {@value #WATCH_SECONDS} s looks for a new live
     * release and opens its stream, until stopped; closes them all on this thread.
     */
    private Duration follow(Poller.Answers answers, int epoch, long serviceId, LogRange from, LogRange.Span span, FxPrompts prompts)
            throws InterruptedException {
        Instant since = span.since();
        DeployService deploys = model.main().homeport().deployService();
        Map<Long, ResultCallback.Adapter<Frame>> open = new LinkedHashMap<>();
        try {
            rebound();
            List<DeployService.LogSource> found;
            try {
                found = deploys.logSources(serviceId, prompts);
                if (found.isEmpty()) {
                    // No container yet: the one stream's own error says so ("… has no container on any node yet").
                    found = List.of(new DeployService.LogSource(-1, null, false));
                }
                for (DeployService.LogSource source : found) {
                    open.put(source.deploymentId(), open(deploys, serviceId, source, epoch, from.lines(), since, prompts));
                }
            } catch (RuntimeException failure) {
                answers.show(() -> status.setText(Dialogs.userMessage(failure)));
                return null;
            }
            Long followed = found.stream().filter(DeployService.LogSource::live).map(DeployService.LogSource::deploymentId).findFirst()
                    .orElse(null);
            String text = "Following " + what(found) + " (" + span.description() + ").";
            answers.show(() -> {
                following = true;
                followingText = text;
                status.setText(text);
            });
            while (true) {
                Thread.sleep(WATCH_SECONDS * 1000L);
                rebound();
                Long live = model.main().homeport().deployments().live(serviceId).map(d -> d.id()).orElse(null);
                if (live == null || live.equals(followed)) {
                    continue;
                }
                followed = live;
                // On a cluster the one stream is the Swarm service's: a new release's replicas come in it already.
                boolean cluster = found.stream().anyMatch(source -> source.label() == null);
                if (!cluster && !open.containsKey(live)) {
                    try {
                        for (DeployService.LogSource source : deploys.logSources(serviceId, prompts)) {
                            if (source.deploymentId() == live) {
                                open.put(live, open(deploys, serviceId, source, epoch, -1, null, prompts));
                            }
                        }
                    } catch (RuntimeException failure) {
                        answers.show(() -> status.setText("Release #" + live + " went live, but its log cannot be read: "
                                + Dialogs.userMessage(failure)));
                        continue;
                    }
                }
                ingest.marker(epoch, "— now following release #" + live + " —");
                String now = "Following release #" + live + ", which went live, and the release before it.";
                answers.show(() -> {
                    followingText = now;
                    if (!pause.isSelected()) {
                        status.setText(now);
                    }
                });
            }
        } finally {
            for (ResultCallback.Adapter<Frame> each : open.values()) {
                try {
                    each.close();
                } catch (IOException | RuntimeException ignored) {
                    // closing a stream that has ended already
                }
            }
        }
    }

    /**
     * In the background: the bound as set now, read from the store, applies to this tab too (a change in Settings →
     * Logs or with {@code homeport settings logs} while it is open; a lower one drops the oldest lines at once).
     */
    private void rebound() {
        try {
            ingest.bound(LogStore.Bound.of(model.main().homeport().watchSettings().logView()));
        } catch (RuntimeException unreadable) {
            // the bound in force stays; the next look tries again
        }
    }

    /**
     * A source followed from {@code tail} lines back (or from {@code since}). Docker is asked for the start to the
     * second; the lines before {@code since} in that second are dropped here, as {@code homeport logs} drops them (a
     * source's lines come in time order, so only its first ones are looked at).
     */
    private ResultCallback.Adapter<Frame> open(DeployService deploys, long serviceId, DeployService.LogSource source, int epoch, int tail,
                                               Instant since, FxPrompts prompts) {
        LogFilter cut = since == null ? null : LogFilter.of(null, false, false, null, since, null);
        boolean[] past = {cut == null};
        return deploys.logs(serviceId, source, tail, true, since, null, prompts, line -> {
            if (!past[0]) {
                LogLine parsed = LogLine.parse(line);
                if (parsed.time() != null && !cut.inRange(parsed)) {
                    return;
                }
                past[0] = parsed.time() != null;
            }
            ingest.offer(epoch, source.label(), line);
        });
    }

    /**
     * A range with an end: every source read once (not followed), from Docker's whole seconds around it, cut here to
     * the range exactly as {@code homeport logs --until} cuts it; each source's last {@link LogRange#lines()} lines of it
     * are shown, and the stream ends.
     */
    private Duration window(Poller.Answers answers, int epoch, long serviceId, LogRange from, LogRange.Span span, FxPrompts prompts)
            throws InterruptedException {
        DeployService deploys = model.main().homeport().deployService();
        LogFilter cut = LogFilter.of(null, false, false, null, span.since(), span.until());
        int cap = from.lines();
        List<ResultCallback.Adapter<Frame>> open = new java.util.ArrayList<>();
        Map<DeployService.LogSource, java.util.ArrayDeque<String>> kept = new LinkedHashMap<>();
        try {
            rebound();
            List<DeployService.LogSource> found;
            try {
                found = deploys.logSources(serviceId, prompts);
                if (found.isEmpty()) {
                    found = List.of(new DeployService.LogSource(-1, null, false));
                }
                for (DeployService.LogSource source : found) {
                    java.util.ArrayDeque<String> lines = new java.util.ArrayDeque<>();
                    kept.put(source, lines);
                    open.add(deploys.logs(serviceId, source, -1, false, span.since(), span.until(), prompts, line -> {
                        LogLine parsed = LogLine.parse(line);
                        if (parsed.time() == null || cut.inRange(parsed)) {
                            synchronized (lines) {
                                if (lines.size() == cap) {
                                    lines.removeFirst();
                                }
                                lines.addLast(line);
                            }
                        }
                    }));
                }
                for (ResultCallback.Adapter<Frame> each : open) {
                    each.awaitCompletion();
                }
            } catch (RuntimeException failure) {
                answers.show(() -> status.setText(Dialogs.userMessage(failure)));
                return null;
            }
            int total = 0;
            for (var each : kept.entrySet()) {
                synchronized (each.getValue()) {
                    for (String line : each.getValue()) {
                        ingest.offer(epoch, each.getKey().label(), line);
                    }
                    total += each.getValue().size();
                }
            }
            String text = "Showing " + what(found) + " (" + span.description() + "): " + total + (total == 1 ? " line." : " lines.");
            answers.show(() -> {
                following = false;
                followingText = text;
                ingest.idle();
                status.setText(text);
            });
            return null;
        } finally {
            for (ResultCallback.Adapter<Frame> each : open) {
                try {
                    each.close();
                } catch (IOException | RuntimeException ignored) {
                    // closing a stream that has ended already
                }
            }
        }
    }

    private static String what(List<DeployService.LogSource> sources) {
        return sources.size() == 1 && sources.getFirst().label() == null ? "every replica's log"
                : sources.size() == 1 ? "the log of " + sources.getFirst().label()
                : "the logs of " + sources.stream().map(s -> s.label() + (s.live() ? " (live)" : "")).collect(Collectors.joining(", "));
    }

    private void stop() {
        following = false;
        stream.stop();
        ingest.idle();
    }

    /**
     * The updates of a pulse, each given to the view as it is: the view draws once a pulse, only the lines on screen,
     * so a change of the number of lines costs it the same with a hundred lines kept or a million.
     */
    private void apply(List<LogIngest.Update> updates) {
        for (LogIngest.Update update : updates) {
            kept = update.kept();
            showSources(update.sources());
            if (update.replace()) {
                shownGeneration = update.generation();
                held.clear();
                list.replace(SeqList.of(update.seqs()));
            } else if (update.generation() == shownGeneration) {
                if (pause.isSelected()) {
                    for (long seq : update.seqs()) {
                        held.add(seq);
                    }
                    status.setText("Paused; " + held.size() + " new lines held back.");
                } else {
                    list.append(update.seqs(), update.seqs().length, update.first());
                }
            }
        }
        showCount();
    }

    /** A chip per source, in the order they came; a new one is on. */
    private void showSources(List<String> names) {
        if (names.size() == sources.size()) {
            return;
        }
        for (String name : names) {
            if (!sources.containsKey(name)) {
                ToggleButton chip = new ToggleButton(name);
                chip.setId("logs-source-" + name.replaceAll("[^A-Za-z0-9_-]", "-"));
                chip.setSelected(true);
                chip.getStyleClass().addAll(Styles.SMALL, Styles.ROUNDED, Styles.ACCENT);
                chip.setTooltip(new Tooltip("The lines of " + name + ": click to hide or show them"));
                chip.selectedProperty().addListener((obs, was, now) -> refilter());
                sources.put(name, chip);
                sourceChips.getChildren().add(chip);
            }
        }
    }

    /** The search, levels and sources as set now; a regular expression that is not one shows what is wrong and changes nothing. */
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
            list.highlight(null);
            ingest.show(new LogIngest.View(++generation, LogFilter.of("(?!)", true, false, null, null, null), Set.of()));
            count.setText("No level chosen: choose one or more to see lines.");
            return;
        }
        LogFilter next;
        try {
            next = LogFilter.of(search.getText(), regex.isSelected(), caseSensitive.isSelected(), chosen, null, null);
        } catch (IllegalArgumentException bad) {
            search.pseudoClassStateChanged(Styles.STATE_DANGER, true);
            count.setText(bad.getMessage());
            return;
        }
        filter = next.selectsLines() ? next : LogFilter.ALL;
        list.highlight(filter.pattern());
        Set<String> hidden = new HashSet<>();
        sources.forEach((name, chip) -> {
            if (!chip.isSelected()) {
                hidden.add(name);
            }
        });
        ingest.show(new LogIngest.View(++generation, filter, Set.copyOf(hidden)));
    }

    private boolean anyHidden() {
        return sources.values().stream().anyMatch(chip -> !chip.isSelected());
    }

    private void showCount() {
        if (filter == null) {
            return;
        }
        count.setText(filter.selectsLines() || anyHidden() ? list.lines().size() + " of " + kept + " lines match" : kept + " lines");
    }

    /** Writes the lines shown (as read: Docker's UTC time, the source, the text) to a file the user picks, off the FX thread. */
    private void save() {
        if (filter == null) {
            return;
        }
        long[] seqs = list.lines().seqs();
        LogStore store = ingest.store();
        Supplier<File> given = saveToInTests;
        File file = given != null ? given.get() : askForFile(owner.get());
        if (file == null) {
            return;
        }
        model.main().tasks().run("Saving the log of " + model.path(), () -> write(file.toPath(), store, seqs))
                .onSuccess(written -> status.setText("Saved " + written + " lines to " + file + "."))
                .onFailure(failure -> Dialogs.error(owner.get(), "Cannot save the log", failure))
                .start();
    }

    /** Through a file beside the target, moved into place: a failure leaves no half file. Lines dropped since are skipped. */
    private static Integer write(Path target, LogStore store, long[] seqs) throws IOException {
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        int written = 0;
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (long seq : seqs) {
                LogStore.Entry entry = store.get(seq);
                if (entry != null) {
                    out.write(entry.raw());
                    out.write('\n');
                    written++;
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return written;
    }

    /** The lines a log view shows, as shown (local time, source, text): for tests. */
    static List<String> shownLines(Node view) {
        LogView lines = (LogView) view;
        LogStore store = lines.store();
        List<String> shown = new java.util.ArrayList<>();
        for (long seq : lines.lines().seqs()) {
            LogStore.Entry entry = store.get(seq);
            if (entry != null) {
                shown.add(LogView.display(entry));
            }
        }
        return shown;
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

}
