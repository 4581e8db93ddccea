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
 * which only the lines on screen are drawn (monospace rows, all of one height), and scroll bars of its own over the
 * lines' numbers ({@link SeqList}); the lines themselves stay in the {@link LogStore}. JavaFX's {@code ListView} was not
 * used: its {@code VirtualFlow} walks every line's height at each change of their number, hundreds of milliseconds
 * with a million lines.
 *
 * <p>Each character takes the columns a terminal gives it ({@link TextColumns}: CJK and emoji two, combining marks
 * none), so the columns line up. Long lines scroll sideways, or, with {@link #wrap(boolean) wrap} on, are cut into
 * rows the width of the view (the rows after the first under the line's text, past its time and source). The rows of
 * a line are counted only for the lines drawn (and those just before the newest, to follow it), never for all the
 * lines: with wrap on, the vertical scroll bar counts lines, not rows, and the top of the view is a line and a row in
 * it.
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
    /** The index of the line at the top of the view, its first row on screen (wrap only), and how far the lines are scrolled right (px). */
    private int top;
    private int topRow;
    private boolean wrap;
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
     * The lines drawn lately, by number, with their columns and rows: a redraw of the same lines (a search's highlight,
     * the selection, new lines while following) does not ask the store again, whose lock a search's scan holds for
     * thousands of lines at a time, nor measure them again. The newest few thousand used are kept.
     */
    private final Map<Long, Shape> shapes = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Shape> eldest) {
            return size() > 4_096;
        }
    };
    private final java.text.BreakIterator breaks = java.text.BreakIterator.getCharacterInstance();
    /** The line index of each row drawn last (-1: none), and how many lines were drawn. */
    private int[] drawnRows = new int[0];
    private int drawnLines;

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
                scrollToValue(now.doubleValue());
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
        return follow || compare(top, topRow, end()) >= 0;
    }

    /** Wraps long lines into rows the width of the view (on), or lets them scroll sideways (off). The line at the top stays. */
    void wrap(boolean on) {
        if (on != wrap) {
            wrap = on;
            topRow = 0;
            left = 0;
            redraw();
        }
    }

    boolean wrapping() {
        return wrap;
    }

    /** The row of the view (0: the top) where the line at {@code index} starts or is cut by the top, as drawn last; -1 when it is not on screen. */
    int screenRowOf(int index) {
        for (int r = 0; r < drawnRows.length; r++) {
            if (drawnRows[r] == index) {
                return r;
            }
        }
        return -1;
    }

    /** The rows of the line at {@code index} as it is drawn now (1 without wrap). */
    int rowsOf(int index) {
        return wrap ? shape(index).rows(wrapColumns()) : 1;
    }

    /** The first row of the line at the top that is on screen (0 without wrap). */
    int topRow() {
        return topRow;
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

    /** The columns a row has with wrap on. */
    int wrapColumns() {
        return Math.max(1, (int) Math.floor((canvas.getWidth() - 2 * PAD) / columnWidth));
    }

    /**
     * The top of the view (a line's index and a row of it) at which the newest row is at the bottom: with wrap on,
     * found from the newest line back, as many lines as rows fit at most.
     */
    private int[] end() {
        int rows = fullRows();
        if (!wrap) {
            return new int[] {Math.max(0, lines.size() - rows), 0};
        }
        int remaining = rows;
        for (int i = lines.size() - 1; i >= 0; i--) {
            int r = rowsOf(i);
            if (r >= remaining) {
                return new int[] {i, r - remaining};
            }
            remaining -= r;
        }
        return new int[] {0, 0};
    }

    private static int compare(int line, int row, int[] other) {
        return line != other[0] ? Integer.compare(line, other[0]) : Integer.compare(row, other[1]);
    }

    /** Puts the top at this line and row, or at the end when that is past it (following again there). */
    private void setTop(int line, int row) {
        int[] end = end();
        if (compare(line, row, end) >= 0) {
            top = end[0];
            topRow = end[1];
            follow = true;
        } else {
            top = Math.max(0, line);
            topRow = line < 0 ? 0 : Math.max(0, row);
            follow = false;
        }
        redraw();
    }

    private void changed() {
        if (!wrap) {
            int maxTop = end()[0];
            top = follow ? maxTop : Math.min(top, maxTop);
        }
        // With wrap on, the top is put back in bounds at the next layout: the rows of the newest lines are counted then.
        redraw();
    }

    /** Shows the line at {@code index} at the top (as near as the lines allow); following again when that is the end. */
    void scrollTo(int index) {
        int[] end = end();
        setTop(Math.max(0, Math.min(index, end[0])), index >= end[0] ? end[1] : 0);
    }

    /** Scrolls by {@code rows} rows (up when negative): lines without wrap, rows of them with it. */
    void scrollRows(int rows) {
        if (!wrap) {
            scrollTo(top + rows);
            return;
        }
        int line = top;
        int row = topRow + rows;
        while (row < 0 && line > 0) {
            line--;
            row += rowsOf(line);
        }
        while (line < lines.size() - 1 && row >= rowsOf(line)) {
            row -= rowsOf(line);
            line++;
        }
        setTop(line, Math.max(0, row));
    }

    /** Goes to the newest line and follows from there. */
    void toEnd() {
        follow = true;
        if (!wrap) {
            top = end()[0];
        }
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
            scrollRows(whole);
        }
        if (event.getDeltaX() != 0) {
            scrollRight(-event.getDeltaX());
        }
        event.consume();
    }

    private void scrollRight(double by) {
        if (wrap) {
            return;
        }
        left = Math.clamp(left + by, 0, Math.max(0, widest * columnWidth + 2 * PAD - canvas.getWidth()));
        redraw();
    }

    /** The index of the line drawn at {@code y} (with wrap on, as drawn last; past the last row: the newest line). */
    private int indexAt(double y) {
        int r = (int) Math.floor(y / row);
        if (!wrap) {
            return top + r;
        }
        if (r >= 0 && r < drawnRows.length && drawnRows[r] >= 0) {
            return drawnRows[r];
        }
        return r < 0 ? top : lines.size() - 1;
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
            scrollRows(-1);
        } else if (event.getY() > canvas.getHeight()) {
            scrollRows(1);
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
            int rows = wrap ? Math.max(1, drawnLines - 1) : fullRows();
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
        return direction < 0 ? Math.min(lines.size(), top + (wrap ? drawnLines : fullRows())) : top - 1;
    }

    private void moveCaret(int index, boolean extend) {
        long seq = lines.at(index);
        if (!extend || anchor < 0) {
            anchor = seq;
        }
        caret = seq;
        if (index < top || index == top && topRow > 0) {
            setTop(index, 0);
        } else if (!wrap) {
            if (index >= top + fullRows()) {
                scrollTo(index - fullRows() + 1);
            }
        } else if (below(index)) {
            // Its last row at the bottom, or its first at the top when it is taller than the view.
            int line = index;
            int row = rowsOf(index) - fullRows();
            while (row < 0 && line > 0) {
                line--;
                row += rowsOf(line);
            }
            if (rowsOf(index) >= fullRows()) {
                setTop(index, 0);
            } else {
                setTop(line, Math.max(0, row));
            }
        }
        redraw();
    }

    /** With wrap on: true when the line at {@code index} (at or after the top) ends below the rows wholly on screen. */
    private boolean below(int index) {
        int rows = fullRows();
        if (index - top >= rows) {
            return true;
        }
        int used = -topRow;
        for (int i = top; i <= index; i++) {
            used += rowsOf(i);
            if (used > rows) {
                return true;
            }
        }
        return false;
    }

    // Layout and drawing

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double width = Math.max(0, getWidth() - in.getLeft() - in.getRight());
        double height = Math.max(0, getHeight() - in.getTop() - in.getBottom());
        double barWidth = vertical.prefWidth(-1);
        double barHeight = horizontal.prefHeight(-1);
        boolean wide = !wrap && widest * columnWidth + 2 * PAD > width - barWidth;
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
            int[] end = end();
            if (follow || compare(top, topRow, end) > 0) {
                top = end[0];
                topRow = end[1];
            }
            top = Math.clamp(top, 0, Math.max(0, lines.size() - 1));
            topRow = lines.isEmpty() ? 0 : Math.clamp(topRow, 0, rowsOf(top) - 1);
            draw();
            bars(end);
            if (!wrap && widest * columnWidth + 2 * PAD > width - barWidth != wide && !relaying) {
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

    /** The vertical bar moved to {@code value}: a line's index, with wrap on and a fraction for the row in it. */
    private void scrollToValue(double value) {
        if (!wrap) {
            scrollTo((int) Math.round(value));
            return;
        }
        if (lines.isEmpty()) {
            return;
        }
        int line = Math.clamp((int) Math.floor(value), 0, lines.size() - 1);
        int rows = rowsOf(line);
        setTop(line, Math.min(rows - 1, (int) Math.round((value - line) * rows)));
    }

    private void bars(int[] end) {
        adjusting = true;
        try {
            // With wrap on, the bar counts lines (a line's rows are a fraction of one): the rows of all the lines are never counted.
            double max = wrap && !lines.isEmpty() ? end[0] + (double) end[1] / rowsOf(end[0]) : end[0];
            int onScreen = wrap ? Math.max(1, drawnLines) : fullRows();
            vertical.setMin(0);
            vertical.setMax(max);
            // The thumb's share of the track is the lines on screen's share, but never under 24 px (a million lines).
            double share = lines.isEmpty() ? 1 : Math.max((double) onScreen / lines.size(), 24 / Math.max(24, canvas.getHeight()));
            vertical.setVisibleAmount(max * Math.min(1, share));
            vertical.setUnitIncrement(1);
            vertical.setBlockIncrement(onScreen);
            vertical.setValue(wrap && !lines.isEmpty() ? top + (double) topRow / rowsOf(top) : top);
            // All the lines fit: no bar (its place stays, so the lines do not move when it comes).
            vertical.setVisible(max > 0);
            double extent = wrap ? 0 : widest * columnWidth + 2 * PAD;
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

    /** The line at {@code index}, measured: from the lines drawn lately, or read from the store. */
    private Shape shape(int index) {
        long seq = lines.at(index);
        Shape shape = shapes.get(seq);
        if (shape == null) {
            LogStore.Entry entry = store.get(seq);
            shape = new Shape(entry, breaks);
            if (entry != null) {
                shapes.put(seq, shape);
            }
        }
        return shape;
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double width = canvas.getWidth();
        double height = canvas.getHeight();
        g.clearRect(0, 0, width, height);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        if (lines.isEmpty()) {
            drawnRows = new int[0];
            drawnLines = 0;
            g.setFont(Font.font(font.getSize()));
            g.setFill(muted.getFill());
            g.fillText("No lines.", PAD, row / 2);
            return;
        }
        int from = wrap ? 0 : (int) Math.floor(Math.max(0, left - PAD) / columnWidth);
        int to = wrap ? Integer.MAX_VALUE : from + (int) Math.ceil(width / columnWidth) + 1;
        double x0 = wrap ? PAD : PAD - left;
        int wrapAt = wrapColumns();
        int[] chosen = selection();
        int screenRows = (int) Math.ceil(height / row);
        int[] rowLines = new int[screenRows];
        java.util.Arrays.fill(rowLines, -1);
        int r = 0;
        int count = 0;
        int firstRow = topRow;
        for (int index = top; r < screenRows && index < lines.size(); index++) {
            Shape shape = shape(index);
            count++;
            boolean isChosen = chosen != null && index >= chosen[0] && index < chosen[1];
            int rows = wrap ? shape.rows(wrapAt) : 1;
            List<Span> spans = shape.entry == null ? null : spans(shape);
            for (int k = firstRow; k < rows && r < screenRows; k++, r++) {
                double y = r * row;
                rowLines[r] = index;
                if (isChosen) {
                    g.setFill(selected.getFill());
                    g.fillRect(0, y, width, row);
                }
                if (spans != null) {
                    drawRow(g, shape, spans, k, wrapAt, x0, y + row / 2, from, to);
                }
            }
            firstRow = 0;
            widest = Math.max(widest, shape.columns.columns());
        }
        drawnRows = rowLines;
        drawnLines = count;
        if (isFocused() && chosen != null) {
            int caretAt = lines.indexOf(caret);
            int first = -1;
            int last = -1;
            for (int i = 0; i < rowLines.length; i++) {
                if (rowLines[i] == caretAt) {
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            if (first >= 0) {
                g.setStroke(accent.getFill());
                g.setLineWidth(1);
                g.strokeRect(0.5, first * row + 0.5, width - 1, (last - first + 1) * row - 1);
            }
        }
    }

    /** A part of a line drawn one way, up to (not including) the character {@code to} of its text. */
    private record Span(int to, Paint paint, Font face, boolean mark) {
    }

    /** How each part of the line is drawn: its time muted, its source in its colour, its text (what the search found in bold on a highlight). */
    private List<Span> spans(Shape shape) {
        LogStore.Entry entry = shape.entry;
        List<Span> out = new ArrayList<>(4);
        if (shape.timeEnd > 0) {
            out.add(new Span(shape.timeEnd, muted.getFill(), font, false));
        }
        if (shape.prefixEnd > shape.timeEnd) {
            out.add(new Span(shape.prefixEnd, sourceColour(entry.source()), font, false));
        }
        Paint text = entry.time() != null && entry.source() == null && entry.text().startsWith("— ") ? accent.getFill()
                : entry.level() == LogLevel.ERROR || entry.level() == LogLevel.FATAL ? danger.getFill()
                : entry.level() == LogLevel.WARN ? warning.getFill() : fg.getFill();
        int base = shape.prefixEnd;
        Matcher match = highlight == null ? null : highlight.matcher(shape.body);
        int at = 0;
        while (match != null && match.find() && match.end() > match.start()) {
            if (match.start() > at) {
                out.add(new Span(base + match.start(), text, font, false));
            }
            out.add(new Span(base + match.end(), text, bold, true));
            at = match.end();
        }
        out.add(new Span(base + shape.body.length() + 1, text, font, false));
        return out;
    }

    /**
     * Row {@code k} of a line (0 without wrap): each character at its column, only the columns from {@code from} to
     * {@code to}. Printable ASCII goes in runs (the monospace font's own advance is the column); any other character
     * alone at its column, squeezed into its columns if its glyph (perhaps from another font) is wider, so that it
     * never covers its neighbours.
     */
    private void drawRow(GraphicsContext g, Shape shape, List<Span> spans, int k, int wrapAt, double x0, double y, int from, int to) {
        TextColumns cells = shape.columns;
        String text = cells.text();
        int first = wrap ? shape.rowStart(k) : 0;
        int last = wrap ? shape.rowEnd(k) : cells.count();
        int column = k == 0 ? 0 : shape.indent(wrapAt);
        int span = 0;
        int runFrom = -1;
        int runColumn = 0;
        Span runSpan = null;
        int i = first;
        for (; i < last && column < to; i++) {
            int at = cells.start(i);
            while (spans.get(span).to() <= at) {
                span++;
            }
            Span now = spans.get(span);
            int w = cells.width(i);
            if (column >= from && cells.simple(i)) {
                if (runFrom >= 0 && runSpan != now) {
                    run(g, text, cells.start(runFrom), at, runColumn, runSpan, x0, y);
                    runFrom = -1;
                }
                if (runFrom < 0) {
                    runFrom = i;
                    runColumn = column;
                    runSpan = now;
                }
            } else {
                if (runFrom >= 0) {
                    run(g, text, cells.start(runFrom), at, runColumn, runSpan, x0, y);
                    runFrom = -1;
                }
                if (column + w > from && w > 0) {
                    double x = x0 + column * columnWidth;
                    if (now.mark()) {
                        g.setFill(found.getFill());
                        g.fillRect(x, y - row / 2 + 1, w * columnWidth, row - 2);
                    }
                    g.setFont(now.face());
                    g.setFill(now.paint() == null ? Color.BLACK : now.paint());
                    g.fillText(text.substring(at, cells.start(i + 1)), x, y, w * columnWidth);
                }
            }
            column += w;
        }
        if (runFrom >= 0) {
            run(g, text, cells.start(runFrom), cells.start(i), runColumn, runSpan, x0, y);
        }
    }

    /** Printable ASCII {@code text[from, to)} drawn from {@code column}, one column a character. */
    private void run(GraphicsContext g, String text, int from, int to, int column, Span span, double x0, double y) {
        double x = x0 + column * columnWidth;
        if (span.mark()) {
            g.setFill(found.getFill());
            g.fillRect(x, y - row / 2 + 1, (to - from) * columnWidth, row - 2);
        }
        g.setFont(span.face());
        g.setFill(span.paint() == null ? Color.BLACK : span.paint());
        g.fillText(text.substring(from, to), x, y);
    }

    /** Tabs as four spaces and other control characters as one space: characters of one column, as the row's arithmetic needs. */
    static String plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (control(text.charAt(i))) {
                StringBuilder out = new StringBuilder(text.length() + 8);
                for (int j = 0; j < text.length(); j++) {
                    char c = text.charAt(j);
                    out.append(c == '\t' ? "    " : control(c) ? " " : String.valueOf(c));
                }
                return out.toString();
            }
        }
        return text;
    }

    private static boolean control(char c) {
        return c < ' ' || c >= 0x7f && c < 0xa0;
    }

    private Paint sourceColour(String source) {
        int index = sourceIndex.computeIfAbsent(source, name -> sourceIndex.size());
        return sourceColours.get(index % sourceColours.size()).getFill();
    }

    /**
     * A line as the view draws it: its text (local time, source, the line's own text with its control characters as
     * spaces) cut into pieces of their columns, and, with wrap on, where each row starts for the width last asked.
     */
    private static final class Shape {
        /** The line; null when it was dropped before it was read. */
        final LogStore.Entry entry;
        final TextColumns columns;
        /** Where the time ends and where the source ends (the line's own text starts) in the text. */
        final int timeEnd;
        final int prefixEnd;
        final String body;
        /** The columns of the time and source: the rows after the first start there. */
        final int prefixColumns;
        private int[] rowStarts;
        private int rowsFor = -1;

        Shape(LogStore.Entry entry, java.text.BreakIterator breaks) {
            this.entry = entry;
            String time = entry == null || entry.time() == null ? "" : TIME.format(entry.time()) + "  ";
            String source = entry == null || entry.time() == null || entry.source() == null ? "" : plain(entry.source()) + "  ";
            body = entry == null ? "" : plain(entry.text());
            timeEnd = time.length();
            prefixEnd = timeEnd + source.length();
            columns = TextColumns.of(time + source + body, breaks);
            prefixColumns = columns.columnOf(columns.pieceAt(prefixEnd));
        }

        /** Where the rows after the first start, on rows {@code width} columns wide: under the text, if that leaves 20 columns. */
        int indent(int width) {
            return prefixColumns + 20 <= width ? prefixColumns : 0;
        }

        /** The rows of this line on rows {@code width} columns wide: a character that would cross the edge starts the next row. */
        int rows(int width) {
            if (rowsFor != width) {
                int indent = indent(width);
                int[] starts = new int[Math.max(1, columns.columns() / Math.max(1, width - indent) + 2)];
                int count = 1;
                int column = 0;
                int rowColumn = 0;
                for (int i = 0; i < columns.count(); i++) {
                    int w = columns.width(i);
                    if (column + w > width && column > rowColumn) {
                        if (count == starts.length) {
                            starts = java.util.Arrays.copyOf(starts, count * 2);
                        }
                        starts[count++] = i;
                        column = rowColumn = indent;
                    }
                    column += w;
                }
                rowStarts = java.util.Arrays.copyOf(starts, count);
                rowsFor = width;
            }
            return rowStarts.length;
        }

        /** The first piece of row {@code k} (of the width last asked). */
        int rowStart(int k) {
            return rowStarts[k];
        }

        /** The piece after the last of row {@code k}. */
        int rowEnd(int k) {
            return k + 1 < rowStarts.length ? rowStarts[k + 1] : columns.count();
        }
    }
}
