package dev.homeport.app.desktop.services;

import dev.homeport.ssh.logs.LogLevel;
import dev.homeport.ssh.logs.LogStore;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * A log view whose cost per frame does not grow with the lines it shows: a {@link Canvas} the size of the view, on
 * which only the lines on screen are drawn (one monospace line a row, all rows of one height), and scroll bars of its
 * own over the lines' numbers ({@link SeqList}); the lines themselves stay in the {@link LogStore}. JavaFX's
 * {@code ListView} was not used: its {@code VirtualFlow} walks every line's height at each change of their number,
 * hundreds of milliseconds with a million lines.
 *
 * <p>Each line: its local time muted, its source in a colour of its own, its text (errors red, warnings amber, a
 * marker of Homeport's own in the accent colour), what the search found in bold on a highlight. It follows the newest
 * line until the user scrolls up (wheel, keys, scroll bar, dragging a selection) or clicks a line, and again when they
 * come back to the end (End, or scrolling down to it). Lines are selected with the mouse (Shift extends) or the keys (arrows, Page
 * Up/Down, Home/End; Shift extends; Ctrl+A all); Ctrl+C copies them as shown. The colours are the theme's, read from
 * a few invisible {@link Text}s styled with its named colours, so they change with the theme. FX thread only.
 */
final class LogView extends Region {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    /** A selection of at most this many lines is copied at once; a larger one is put together off the FX thread. */
    static final int COPY_AT_ONCE = 5_000;
    private static final double PAD = 6;

    private final LogStore store;
    private final Consumer<String> say;
    private final java.util.concurrent.Executor background;
    private final Canvas canvas = new Canvas();
    private final ScrollBar vertical = new ScrollBar();
    private final ScrollBar horizontal = new ScrollBar();
    private SeqList lines = new SeqList();
    /** The index of the line at the top of the view, and how far the lines are scrolled right (px). */
    private int top;
    private double left;
    private boolean follow = true;
    /** The selection, as line numbers (a line dropped or filtered out keeps it meaningful): -1 when none. */
    private long anchor = -1;
    private long caret = -1;
    private Pattern highlight;
    private boolean dirty = true;
    /** Set while this view sets its scroll bars, so their listeners do not take it for the user. */
    private boolean adjusting;
    /** Set while the view is laid out a second time in one pass (the horizontal bar came or went). */
    private boolean relaying;
    private double wheel;
    /** The widest line drawn so far, in columns: the horizontal scroll bar's extent. */
    private int widest;
    private Font font = Font.font("Monospaced", 13);
    private Font bold = Font.font("Monospaced", FontWeight.BOLD, 13);
    private double columnWidth = 8;
    private double row = 18;
    private final Text fontProbe = probe("-fx-font-family: \"Monospaced\";");
    private final Text fg = probe("-fx-fill: -color-fg-default;");
    private final Text muted = probe("-fx-fill: -color-fg-muted;");
    private final Text accent = probe("-fx-fill: -color-accent-fg;");
    private final Text danger = probe("-fx-fill: -color-danger-fg;");
    private final Text warning = probe("-fx-fill: -color-warning-fg;");
    private final Text selected = probe("-fx-fill: -color-accent-subtle;");
    private final Text found = probe("-fx-fill: -color-warning-muted;");
    private final List<Text> sourceColours = List.of(probe("-fx-fill: -color-accent-fg;"), probe("-fx-fill: -color-chart-6;"),
            probe("-fx-fill: -color-success-fg;"), probe("-fx-fill: -color-chart-7;"), probe("-fx-fill: -color-chart-4;"));
    private final Map<String, Integer> sourceIndex = new HashMap<>();
    /**
     * The lines drawn last, by number (ascending): a redraw of the same lines (a search's highlight, the selection)
     * does not ask the store, whose lock a search's scan holds for thousands of lines at a time.
     */
    private long[] drawnSeqs = new long[0];
    private LogStore.Entry[] drawnEntries = new LogStore.Entry[0];

    /** Over the lines of {@code store}; {@code say} shows a short message, {@code background} runs work off the FX thread. */
    LogView(LogStore store, Consumer<String> say, java.util.concurrent.Executor background) {
        this.store = store;
        this.say = say;
        this.background = background;
        getStyleClass().add("log-view");
        setFocusTraversable(true);
        setMinSize(80, 60);
        setPrefSize(600, 400);
        vertical.setOrientation(Orientation.VERTICAL);
        horizontal.setOrientation(Orientation.HORIZONTAL);
        vertical.setFocusTraversable(false);
        horizontal.setFocusTraversable(false);
        vertical.valueProperty().addListener((obs, was, now) -> {
            if (!adjusting) {
                scrollTo((int) Math.round(now.doubleValue()));
            }
        });
        horizontal.valueProperty().addListener((obs, was, now) -> {
            if (!adjusting) {
                left = now.doubleValue();
                redraw();
            }
        });
        getChildren().addAll(canvas, vertical, horizontal);
        measure(Font.font("Monospaced", Font.getDefault().getSize()));
        fontProbe.fontProperty().addListener((obs, was, now) -> measure(now));
        for (Text each : List.of(fg, muted, accent, danger, warning, selected, found)) {
            each.fillProperty().addListener((obs, was, now) -> redraw());
        }
        addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        canvas.setOnMousePressed(this::pressed);
        canvas.setOnMouseDragged(this::dragged);
        addEventHandler(KeyEvent.KEY_PRESSED, this::key);
        focusedProperty().addListener((obs, was, now) -> redraw());
        MenuItem copy = new MenuItem("Copy");
        copy.setOnAction(e -> copy());
        MenuItem all = new MenuItem("Select all");
        all.setOnAction(e -> selectAll());
        ContextMenu menu = new ContextMenu(copy, all);
        canvas.setOnContextMenuRequested(e -> menu.show(canvas, e.getScreenX(), e.getScreenY()));
    }

    private Text probe(String style) {
        Text text = new Text();
        text.setStyle(style);
        text.setManaged(false);
        text.setOpacity(0);
        text.setMouseTransparent(true);
        getChildren().add(text);
        return text;
    }

    private void measure(Font probed) {
        double size = probed == null ? 13 : probed.getSize();
        String family = probed == null ? "Monospaced" : probed.getFamily();
        font = Font.font(family, size);
        bold = Font.font(family, FontWeight.BOLD, size);
        Text sample = new Text("0123456789".repeat(10));
        sample.setFont(font);
        columnWidth = sample.getLayoutBounds().getWidth() / 100;
        row = Math.ceil(sample.getLayoutBounds().getHeight() + 4);
        requestLayout();
        redraw();
    }

    // The lines

    /** Shows these lines instead of those shown (a new search or filter); the selection stays on the lines it was. */
    void replace(SeqList next) {
        lines = next;
        widest = 0;
        changed();
    }

    /** Drops the lines before {@code first}, then adds these after the others. */
    void append(long[] seqs, int count, long first) {
        lines.append(seqs, count, first);
        changed();
    }

    SeqList lines() {
        return lines;
    }

    LogStore store() {
        return store;
    }

    /** The search whose matches are drawn in bold; null: none. */
    void highlight(Pattern pattern) {
        highlight = pattern;
        redraw();
    }

    /** True while the view follows the newest line (it is on screen, and stays so as lines come). */
    boolean following() {
        return follow;
    }

    /** True when the newest line is on screen, or there is none. */
    boolean showsNewest() {
        return follow || top + fullRows() >= lines.size();
    }

    /** The index of the line at the top of the view. */
    int top() {
        return top;
    }

    double rowHeight() {
        return row;
    }

    double columnWidth() {
        return columnWidth;
    }

    /** What a search's match is drawn on. */
    Paint matchFill() {
        return found.getFill();
    }

    Canvas canvas() {
        return canvas;
    }

    /** Rows wholly on screen. */
    int fullRows() {
        return Math.max(1, (int) Math.floor(canvas.getHeight() / row));
    }

    private int maxTop() {
        return Math.max(0, lines.size() - fullRows());
    }

    private void changed() {
        if (follow) {
            top = maxTop();
        } else {
            top = Math.min(top, maxTop());
        }
        redraw();
    }

    /** Shows the line at {@code index} at the top (as near as the lines allow); following again when that is the end. */
    void scrollTo(int index) {
        top = Math.clamp(index, 0, maxTop());
        follow = top >= maxTop();
        redraw();
    }

    /** Goes to the newest line and follows from there. */
    void toEnd() {
        follow = true;
        top = maxTop();
        redraw();
    }

    private void redraw() {
        dirty = true;
        // Only this view is laid out again (its parents are passed through, not laid out).
        setNeedsLayout(true);
    }

    // Selection and copy

    /** The selected lines as shown, oldest first (none: empty). */
    List<String> selectedLines() {
        List<String> out = new ArrayList<>();
        int[] range = selection();
        if (range == null) {
            return out;
        }
        for (long seq : lines.seqs(range[0], range[1])) {
            LogStore.Entry entry = store.get(seq);
            if (entry != null) {
                out.add(display(entry));
            }
        }
        return out;
    }

    /** The selection as indexes, from (inclusive) to (exclusive), or null when nothing shown is selected. */
    private int[] selection() {
        if (anchor < 0) {
            return null;
        }
        int from = lines.indexOf(Math.min(anchor, caret));
        int to = lines.indexOf(Math.max(anchor, caret) + 1);
        return from < to ? new int[] {from, to} : null;
    }

    void select(int fromIndex, int toIndex) {
        anchor = lines.at(fromIndex);
        caret = lines.at(toIndex);
        redraw();
    }

    void selectAll() {
        if (!lines.isEmpty()) {
            select(0, lines.size() - 1);
        }
    }

    /** Puts the selected lines, as shown, on the clipboard; a large selection is put together off the FX thread. */
    void copy() {
        int[] range = selection();
        if (range == null) {
            return;
        }
        int count = range[1] - range[0];
        if (count <= COPY_AT_ONCE) {
            toClipboard(String.join("\n", selectedLines()), count);
            return;
        }
        long[] seqs = lines.seqs(range[0], range[1]);
        say.accept("Copying " + count + " lines…");
        background.execute(() -> {
            StringBuilder text = new StringBuilder();
            for (long seq : seqs) {
                LogStore.Entry entry = store.get(seq);
                if (entry != null) {
                    text.append(display(entry)).append('\n');
                }
            }
            Platform.runLater(() -> toClipboard(text.toString().stripTrailing(), count));
        });
    }

    private void toClipboard(String text, int count) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
        say.accept("Copied " + count + (count == 1 ? " line." : " lines."));
    }

    /** A line as the view shows it: local time, source, text. */
    static String display(LogStore.Entry line) {
        if (line.time() == null) {
            return line.text();
        }
        return TIME.format(line.time()) + "  " + (line.source() == null ? "" : line.source() + "  ") + line.text();
    }

    // Input

    private void scrolled(ScrollEvent event) {
        double down = event.getTextDeltaYUnits() == ScrollEvent.VerticalTextScrollUnits.LINES ? -event.getTextDeltaY()
                : event.getTextDeltaYUnits() == ScrollEvent.VerticalTextScrollUnits.PAGES ? -event.getTextDeltaY() * fullRows()
                : -event.getDeltaY() / row;
        wheel += down;
        int whole = (int) wheel;
        if (whole != 0) {
            wheel -= whole;
            scrollTo(top + whole);
        }
        if (event.getDeltaX() != 0) {
            scrollRight(-event.getDeltaX());
        }
        event.consume();
    }

    private void scrollRight(double by) {
        left = Math.clamp(left + by, 0, Math.max(0, widest * columnWidth + 2 * PAD - canvas.getWidth()));
        redraw();
    }

    private int indexAt(double y) {
        return top + (int) Math.floor(y / row);
    }

    private void pressed(MouseEvent event) {
        requestFocus();
        if (event.getButton() != MouseButton.PRIMARY || lines.isEmpty()) {
            return;
        }
        int index = Math.min(indexAt(event.getY()), lines.size() - 1);
        long seq = lines.at(index);
        // The line clicked stays under the pointer while lines come: following stops until End.
        follow = false;
        if (!event.isShiftDown() || anchor < 0) {
            anchor = seq;
        }
        caret = seq;
        redraw();
    }

    private void dragged(MouseEvent event) {
        if (event.getButton() != MouseButton.PRIMARY || lines.isEmpty() || anchor < 0) {
            return;
        }
        if (event.getY() < 0) {
            scrollTo(top - 1);
        } else if (event.getY() > canvas.getHeight()) {
            scrollTo(top + 1);
        }
        int index = Math.clamp(indexAt(Math.clamp(event.getY(), 0, canvas.getHeight() - 1)), 0, lines.size() - 1);
        caret = lines.at(index);
        redraw();
    }

    private static final KeyCombination COPY = KeyCombination.keyCombination("Shortcut+C");
    private static final KeyCombination ALL = KeyCombination.keyCombination("Shortcut+A");

    private void key(KeyEvent event) {
        if (COPY.match(event)) {
            copy();
        } else if (ALL.match(event)) {
            selectAll();
        } else if (event.getCode() == KeyCode.ESCAPE && anchor >= 0) {
            anchor = caret = -1;
            redraw();
        } else if (event.getCode() == KeyCode.LEFT || event.getCode() == KeyCode.RIGHT) {
            scrollRight((event.getCode() == KeyCode.LEFT ? -4 : 4) * columnWidth);
        } else {
            int rows = fullRows();
            int last = lines.size() - 1;
            Integer to = switch (event.getCode()) {
                case UP -> caretIndex(-1) - 1;
                case DOWN -> caretIndex(1) + 1;
                case PAGE_UP -> caretIndex(-1) - rows;
                case PAGE_DOWN -> caretIndex(1) + rows;
                case HOME -> 0;
                case END -> last;
                default -> null;
            };
            if (to == null) {
                return;
            }
            if (last >= 0) {
                moveCaret(Math.clamp(to, 0, last), event.isShiftDown());
                if (event.getCode() == KeyCode.END) {
                    toEnd();
                }
            }
        }
        event.consume();
    }

    /** The caret's index; with none, just outside the lines on screen on the side the key moves from. */
    private int caretIndex(int direction) {
        if (caret >= 0) {
            int at = lines.indexOf(caret);
            if (at < lines.size() && lines.at(at) == caret) {
                return at;
            }
        }
        return direction < 0 ? Math.min(lines.size(), top + fullRows()) : top - 1;
    }

    private void moveCaret(int index, boolean extend) {
        long seq = lines.at(index);
        if (!extend || anchor < 0) {
            anchor = seq;
        }
        caret = seq;
        if (index < top) {
            scrollTo(index);
        } else if (index >= top + fullRows()) {
            scrollTo(index - fullRows() + 1);
        }
        redraw();
    }

    // Layout and drawing

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double width = Math.max(0, getWidth() - in.getLeft() - in.getRight());
        double height = Math.max(0, getHeight() - in.getTop() - in.getBottom());
        double barWidth = vertical.prefWidth(-1);
        double barHeight = horizontal.prefHeight(-1);
        boolean wide = widest * columnWidth + 2 * PAD > width - barWidth;
        horizontal.setVisible(wide);
        double canvasWidth = Math.max(0, width - barWidth);
        double canvasHeight = Math.max(0, height - (wide ? barHeight : 0));
        if (canvas.getWidth() != canvasWidth || canvas.getHeight() != canvasHeight) {
            canvas.setWidth(canvasWidth);
            canvas.setHeight(canvasHeight);
            dirty = true;
        }
        canvas.relocate(in.getLeft(), in.getTop());
        vertical.resizeRelocate(in.getLeft() + canvasWidth, in.getTop(), barWidth, canvasHeight);
        horizontal.resizeRelocate(in.getLeft(), in.getTop() + canvasHeight, canvasWidth, barHeight);
        if (dirty) {
            dirty = false;
            if (follow) {
                top = maxTop();
            }
            top = Math.clamp(top, 0, maxTop());
            draw();
            bars();
            if (widest * columnWidth + 2 * PAD > width - barWidth != wide && !relaying) {
                // The lines drawn are wider (or narrower) than before: the horizontal bar comes (or goes), and they are drawn again.
                relaying = true;
                try {
                    dirty = true;
                    layoutChildren();
                } finally {
                    relaying = false;
                }
            }
        }
    }

    private void bars() {
        adjusting = true;
        try {
            int max = maxTop();
            vertical.setMin(0);
            vertical.setMax(max);
            // The thumb's share of the track is the lines on screen's share, but never under 24 px (a million lines).
            double share = lines.isEmpty() ? 1 : Math.max((double) fullRows() / lines.size(), 24 / Math.max(24, canvas.getHeight()));
            vertical.setVisibleAmount(max * Math.min(1, share));
            vertical.setUnitIncrement(1);
            vertical.setBlockIncrement(fullRows());
            vertical.setValue(top);
            // All the lines fit: no bar (its place stays, so the lines do not move when it comes).
            vertical.setVisible(max > 0);
            double extent = widest * columnWidth + 2 * PAD;
            double hidden = Math.max(0, extent - canvas.getWidth());
            left = Math.min(left, hidden);
            horizontal.setMax(hidden);
            horizontal.setVisibleAmount(hidden == 0 ? 0 : hidden * canvas.getWidth() / extent);
            horizontal.setUnitIncrement(columnWidth * 4);
            horizontal.setBlockIncrement(canvas.getWidth() / 2);
            horizontal.setValue(left);
        } finally {
            adjusting = false;
        }
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double width = canvas.getWidth();
        double height = canvas.getHeight();
        g.clearRect(0, 0, width, height);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        if (lines.isEmpty()) {
            g.setFont(Font.font(font.getSize()));
            g.setFill(muted.getFill());
            g.fillText("No lines.", PAD, row / 2);
            return;
        }
        int columns = (int) Math.ceil(width / columnWidth) + 1;
        int firstColumn = (int) Math.floor(Math.max(0, left - PAD) / columnWidth);
        double x0 = PAD - left;
        int[] chosen = selection();
        int end = Math.min(lines.size(), top + (int) Math.ceil(height / row));
        long[] seqs = lines.seqs(top, end);
        LogStore.Entry[] entries = new LogStore.Entry[seqs.length];
        for (int i = top; i < end; i++) {
            double y = (i - top) * row;
            if (chosen != null && i >= chosen[0] && i < chosen[1]) {
                g.setFill(selected.getFill());
                g.fillRect(0, y, width, row);
            }
            int before = java.util.Arrays.binarySearch(drawnSeqs, seqs[i - top]);
            LogStore.Entry entry = before >= 0 ? drawnEntries[before] : store.get(seqs[i - top]);
            entries[i - top] = entry;
            if (entry == null) {
                continue;
            }
            Line line = new Line(g, x0, y + row / 2, firstColumn, firstColumn + columns);
            if (entry.time() != null) {
                line.run(TIME.format(entry.time()) + "  ", muted.getFill(), font);
                if (entry.source() != null) {
                    line.run(entry.source() + "  ", sourceColour(entry.source()), font);
                }
            }
            Paint text = entry.time() != null && entry.source() == null && entry.text().startsWith("— ") ? accent.getFill()
                    : entry.level() == LogLevel.ERROR || entry.level() == LogLevel.FATAL ? danger.getFill()
                    : entry.level() == LogLevel.WARN ? warning.getFill() : fg.getFill();
            String body = plain(entry.text());
            Matcher match = highlight == null ? null : highlight.matcher(body);
            int at = 0;
            while (match != null && match.find() && match.end() > match.start()) {
                line.run(body.substring(at, match.start()), text, font);
                line.mark(match.end() - match.start(), found.getFill());
                line.run(body.substring(match.start(), match.end()), text, bold);
                at = match.end();
            }
            line.run(body.substring(at), text, font);
            widest = Math.max(widest, line.next);
        }
        drawnSeqs = seqs;
        drawnEntries = entries;
        if (isFocused() && chosen != null) {
            int caretAt = lines.indexOf(caret);
            if (caretAt >= top && caretAt < end) {
                g.setStroke(accent.getFill());
                g.setLineWidth(1);
                g.strokeRect(0.5, (caretAt - top) * row + 0.5, width - 1, row - 1);
            }
        }
    }

    /** Tabs as spaces and other control characters as one space: one column each, as the row's arithmetic needs. */
    private static String plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < ' ') {
                StringBuilder out = new StringBuilder(text.length() + 8);
                for (int j = 0; j < text.length(); j++) {
                    char c = text.charAt(j);
                    out.append(c == '\t' ? "    " : c < ' ' ? " " : String.valueOf(c));
                }
                return out.toString();
            }
        }
        return text;
    }

    private Paint sourceColour(String source) {
        int index = sourceIndex.computeIfAbsent(source, name -> sourceIndex.size());
        return sourceColours.get(index % sourceColours.size()).getFill();
    }

    /** One row being drawn, left to right, column by column; only the columns on screen are drawn. */
    private final class Line {
        private final GraphicsContext g;
        private final double x0;
        private final double y;
        private final int from;
        private final int to;
        int next;

        Line(GraphicsContext g, double x0, double y, int from, int to) {
            this.g = g;
            this.x0 = x0;
            this.y = y;
            this.from = from;
            this.to = to;
        }

        void run(String text, Paint paint, Font face) {
            int start = next;
            next += text.length();
            int a = Math.max(start, from);
            int b = Math.min(next, to);
            if (a < b) {
                g.setFont(face);
                g.setFill(paint == null ? Color.BLACK : paint);
                g.fillText(text.substring(a - start, b - start), x0 + a * columnWidth, y);
            }
        }

        void mark(int length, Paint paint) {
            g.setFill(paint);
            g.fillRect(x0 + next * columnWidth, y - row / 2 + 1, length * columnWidth, row - 2);
        }
    }
}
