package dev.homeport.app.desktop.services;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.ssh.logs.LogStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.geometry.Point2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Logs tab's own view (its worker, store, filters and {@link LogView}; no service, no stream) in a window, lines
 * given to it as a stream would: it follows the newest line, stops when scrolled up and follows again at End; lines
 * selected with the mouse and keys are copied by Ctrl+C; a search's matches are drawn highlighted; the bound on lines
 * kept keeps the newest.
 */
@NeedsDisplay
class LogViewTest {
    private static final String SCREENSHOTS = System.getenv("HOMEPORT_SCREENSHOTS") == null || System.getenv("HOMEPORT_SCREENSHOTS").isBlank()
            ? null : System.getenv("HOMEPORT_SCREENSHOTS");
    private static final Instant T0 = Instant.parse("2026-12-06T07:00:00Z");
    private final FxRobot robot = new FxRobot();
    private Stage stage;
    private LogsPane pane;
    private LogView view;

    private void open(LogStore.Bound bound) throws Exception {
        FxToolkit.registerPrimaryStage();
        robot.interact(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            pane = new LogsPane(bound);
            Parent root = (Parent) pane.build();
            root.getStylesheets().add(LogsPane.class.getResource("/dev/homeport/app/desktop/homeport.css").toExternalForm());
            stage = new Stage();
            stage.setScene(new Scene(root, 1200, 700));
            stage.setX(0);
            stage.setY(0);
            stage.show();
            view = (LogView) root.lookup("#service-log");
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() {
        if (stage != null) {
            robot.interact(stage::close);
        }
    }

    /** Lines {@code from} to {@code to} (inclusive) of two sources, a line in fifty an error, as Docker sends them. */
    private void offer(int from, int to) {
        for (int i = from; i <= to; i++) {
            pane.offer(i % 2 == 0 ? "web r12" : "web r13", T0.plusMillis(i) + " level=" + (i % 50 == 0 ? "error" : "info")
                    + " msg=\"order " + i + " placed\" customer=c" + (i % 977) + " path=/orders/" + i + " ms=" + (i % 300));
        }
    }

    private <T> T fx(Callable<T> read) {
        AtomicReference<T> value = new AtomicReference<>();
        robot.interact(() -> {
            try {
                value.set(read.call());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return value.get();
    }

    private long shown() {
        return fx(() -> pane.counts()[0]);
    }

    private List<String> lines() {
        return fx(() -> LogsPane.shownLines(view));
    }

    /** The middle of the row of the line at {@code index}, on screen (the line must be on screen). */
    private Point2D row(int index) {
        return fx(() -> {
            assertThat(index).isBetween(view.top(), view.top() + view.fullRows() - 1);
            return view.localToScreen(view.getInsets().getLeft() + 200, view.getInsets().getTop() + (index - view.top() + 0.5) * view.rowHeight());
        });
    }

    @Test
    void followsTheNewestLineUntilScrolledUpAndAgainAtEnd() throws Exception {
        open(LogStore.Bound.DEFAULT);
        offer(1, 20_000);
        waitFor(() -> shown() == 20_000);
        waitFor(() -> fx(() -> view.following() && view.showsNewest() && view.top() == 20_000 - view.fullRows()));
        assertThat(fx(() -> LogView.display(view.store().get(view.lines().at(view.top() + view.fullRows() - 1)))))
                .endsWith("order 20000 placed\" customer=c460 path=/orders/20000 ms=200");

        // The wheel, up: the view stays where it was taken while lines come.
        robot.moveTo(row(20_000 - 5));
        robot.scroll(5, javafx.geometry.VerticalDirection.UP);
        waitFor(() -> !fx(view::following));
        int top = fx(view::top);
        assertThat(top).isLessThan(20_000 - fx(view::fullRows));
        offer(20_001, 21_000);
        waitFor(() -> shown() == 21_000);
        assertThat(fx(view::top)).as("not following: the same lines stay on screen").isEqualTo(top);
        assertThat(fx(view::showsNewest)).isFalse();

        // End follows again, and new lines are shown as they come.
        robot.clickOn(row(top + 1));
        robot.type(KeyCode.END);
        waitFor(() -> fx(view::following));
        offer(21_001, 21_200);
        waitFor(() -> shown() == 21_200 && fx(() -> view.top() == 21_200 - view.fullRows()));

        // A click on a line stops following: the line stays under the pointer while lines come.
        int clicked = fx(view::top) + 3;
        robot.clickOn(row(clicked));
        assertThat(fx(view::following)).isFalse();
        offer(21_201, 21_300);
        waitFor(() -> shown() == 21_300);
        assertThat(fx(view::top)).isEqualTo(clicked - 3);
        assertThat(fx(view::selectedLines)).hasSize(1).allMatch(line -> line.contains("order " + (clicked + 1) + " placed"));
        robot.type(KeyCode.END);
        waitFor(() -> fx(view::following));
        offer(21_301, 21_500);
        waitFor(() -> shown() == 21_500 && fx(() -> view.top() == 21_500 - view.fullRows()));

        // Page Up and Home stop following; the scroll bar dragged to its end follows again.
        robot.type(KeyCode.PAGE_UP);
        waitFor(() -> !fx(view::following));
        robot.type(KeyCode.HOME);
        waitFor(() -> fx(view::top) == 0);
        robot.interact(() -> view.scrollTo(Integer.MAX_VALUE));
        assertThat(fx(view::following)).isTrue();
        if (SCREENSHOTS != null) {
            capture("service-logs-many-light.png");
        }
    }

    @Test
    void linesSelectedWithTheMouseAndKeysAreCopiedAsShown() throws Exception {
        open(LogStore.Bound.DEFAULT);
        offer(1, 6_000);
        waitFor(() -> shown() == 6_000);
        int top = fx(view::top);
        robot.clickOn(row(top + 2));
        robot.press(KeyCode.SHIFT).clickOn(row(top + 5)).release(KeyCode.SHIFT);
        List<String> all = lines();
        assertThat(fx(view::selectedLines)).containsExactlyElementsOf(all.subList(top + 2, top + 6));
        robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        waitFor(() -> String.join("\n", all.subList(top + 2, top + 6)).equals(fx(() -> Clipboard.getSystemClipboard().getString())));
        assertThat(fx(() -> Clipboard.getSystemClipboard().getString())).contains("msg=\"order " + (top + 3) + " placed\"");
        assertThat(fx(() -> ((Label) stage.getScene().lookup("#logs-status")).getText())).isEqualTo("Copied 4 lines.");

        // Shift+Up takes one line off the end of the selection; a drag selects from where it starts.
        robot.press(KeyCode.SHIFT).type(KeyCode.UP).release(KeyCode.SHIFT);
        assertThat(fx(view::selectedLines)).containsExactlyElementsOf(all.subList(top + 2, top + 5));
        robot.drag(row(top + 10), MouseButton.PRIMARY).moveTo(row(top + 7)).release(MouseButton.PRIMARY);
        assertThat(fx(view::selectedLines)).containsExactlyElementsOf(all.subList(top + 7, top + 11));
        robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        waitFor(() -> String.join("\n", all.subList(top + 7, top + 11)).equals(fx(() -> Clipboard.getSystemClipboard().getString())));

        // Every line, off the FX thread.
        robot.press(KeyCode.CONTROL).type(KeyCode.A).type(KeyCode.C).release(KeyCode.CONTROL);
        waitFor(() -> String.join("\n", all).equals(fx(() -> Clipboard.getSystemClipboard().getString())));
        assertThat(fx(() -> ((Label) stage.getScene().lookup("#logs-status")).getText())).isEqualTo("Copied 6000 lines.");
    }

    @Test
    void aSearchShowsItsMatchesHighlighted() throws Exception {
        open(LogStore.Bound.DEFAULT);
        offer(1, 3_000);
        waitFor(() -> shown() == 3_000);
        Color mark = fx(() -> (Color) view.matchFill());
        assertThat(pixels(mark)).as("nothing highlighted without a search").isZero();

        robot.interact(() -> pane.search("customer=c4[0-9]\\b", true));
        waitFor(() -> shown() == 40);
        assertThat(lines()).allMatch(line -> line.matches(".*customer=c4[0-9] .*"));
        assertThat(fx(() -> ((Label) stage.getScene().lookup("#logs-count")).getText())).isEqualTo("40 of 3000 lines match");
        // Each row on screen has its match drawn on the highlight: about 14 columns of it a row.
        int rows = fx(() -> Math.min(40, view.fullRows()));
        double columnWidth = fx(view::columnWidth);
        double rowHeight = fx(view::rowHeight);
        assertThat(pixels(mark)).as("highlighted pixels").isGreaterThan((int) (rows * 10 * columnWidth * (rowHeight - 6)));
        if (SCREENSHOTS != null) {
            capture("service-logs-search-light.png");
        }

        robot.interact(() -> pane.search("", false));
        waitFor(() -> shown() == 3_000);
        assertThat(pixels(mark)).as("nothing highlighted once the search is empty").isZero();
    }

    @Test
    void theBoundKeepsTheNewestLines() throws Exception {
        open(new LogStore.Bound(1_000, 64L << 20));
        offer(1, 4_000);
        waitFor(() -> fx(() -> pane.counts()[1]) == 1_000 && shown() == 1_000);
        List<String> lines = lines();
        assertThat(lines).hasSize(1_000);
        assertThat(lines.getFirst()).contains("order 3001 placed");
        assertThat(lines.getLast()).contains("order 4000 placed");
        assertThat(fx(view::following)).isTrue();
        assertThat(fx(() -> LogView.display(view.store().get(view.lines().at(view.top() + view.fullRows() - 1))))).contains("order 4000 placed");

        // Scrolled to the oldest line kept: as older lines are dropped, the view shows the oldest still kept.
        robot.interact(() -> view.scrollTo(0));
        offer(4_001, 4_500);
        waitFor(() -> fx(() -> LogsPane.shownLines(view).getFirst()).contains("order 3501 placed"));
        assertThat(fx(view::top)).isZero();
        assertThat(fx(view::following)).isFalse();
        assertThat(lines()).hasSize(1_000);
    }

    /** A line wider than the view: the horizontal scroll bar comes, and → scrolls the lines sideways. */
    @Test
    void aLongLineScrollsSideways() throws Exception {
        open(LogStore.Bound.DEFAULT);
        pane.offer("web r12", T0 + " level=info " + "x".repeat(400) + " the end");
        waitFor(() -> shown() == 1);
        javafx.scene.control.ScrollBar sideways = fx(() -> view.getChildrenUnmodifiable().stream()
                .filter(node -> node instanceof javafx.scene.control.ScrollBar bar && bar.getOrientation() == javafx.geometry.Orientation.HORIZONTAL)
                .map(node -> (javafx.scene.control.ScrollBar) node).findFirst().orElseThrow());
        waitFor(() -> fx(sideways::isVisible));
        assertThat(fx(sideways::getMax)).as("the part of the line off screen, px").isGreaterThan(1000);
        robot.clickOn(row(0));
        robot.type(KeyCode.RIGHT, 10);
        waitFor(() -> fx(sideways::getValue) > 0);
        robot.interact(() -> sideways.setValue(sideways.getMax()));
        assertThat(fx(() -> view.columnWidth() * (LogView.display(view.store().get(view.lines().at(0))).length()) + 12 - sideways.getMax()))
                .as("scrolled to its end, the line's end is at the view's right edge").isCloseTo(fx(() -> view.canvas().getWidth()), org.assertj.core.data.Offset.offset(2.0));
    }

    /**
     * CJK and emoji take two columns, a letter with its combining accent one, a zero-width space none: what follows them
     * lines up with what follows six ASCII characters, a search's highlight covers the characters it found, and a copy
     * is the line as it is.
     */
    @Test
    void wideCharactersTakeTwoColumnsAndLineUp() throws Exception {
        open(LogStore.Bound.DEFAULT);
        List<String> sixColumns = List.of("abcdef", "日本語", "🚀🎉✅", "cafe\u0301s!", "👨\u200D👩\u200D👧ok\u200Bxy");
        for (int i = 0; i < sixColumns.size(); i++) {
            pane.offer("web r12", T0.plusMillis(i) + " level=info user=" + sixColumns.get(i) + " marker=found");
        }
        waitFor(() -> shown() == sixColumns.size());
        Color mark = fx(() -> (Color) view.matchFill());
        double columnWidth = fx(view::columnWidth);
        String first = lines().getFirst();

        robot.interact(() -> pane.search("marker", false));
        waitFor(() -> marked(mark, 0) != null);
        double[] expected = {6 + first.indexOf("marker") * columnWidth, 6 + (first.indexOf("marker") + 6) * columnWidth};
        for (int r = 0; r < sixColumns.size(); r++) {
            double[] found = marked(mark, r);
            assertThat(found).as("the highlight of row " + r + " (" + sixColumns.get(r) + ")").isNotNull();
            assertThat(found[0]).as("where row " + r + "'s match starts, px").isCloseTo(expected[0], org.assertj.core.data.Offset.offset(2.0));
            assertThat(found[1]).as("where row " + r + "'s match ends, px").isCloseTo(expected[1], org.assertj.core.data.Offset.offset(2.0));
        }

        // A match among wide characters: 本語 is the third and fourth columns of 日本語 to the sixth.
        robot.interact(() -> pane.search("本語", false));
        waitFor(() -> shown() == 1);
        waitFor(() -> marked(mark, 0) != null);
        int start = lines().getFirst().indexOf("日本語");
        double[] wide = marked(mark, 0);
        assertThat(wide[0]).isCloseTo(6 + (start + 2) * columnWidth, org.assertj.core.data.Offset.offset(2.0));
        assertThat(wide[1]).isCloseTo(6 + (start + 6) * columnWidth, org.assertj.core.data.Offset.offset(2.0));
        // A letter and its accent: one column.
        robot.interact(() -> pane.search("e\u0301s", false));
        waitFor(() -> shown() == 1 && lines().getFirst().contains("cafe"));
        waitFor(() -> marked(mark, 0) != null);
        int cafe = lines().getFirst().indexOf("cafe");
        double[] accent = marked(mark, 0);
        assertThat(accent[0]).isCloseTo(6 + (cafe + 3) * columnWidth, org.assertj.core.data.Offset.offset(2.0));
        assertThat(accent[1]).isCloseTo(6 + (cafe + 5) * columnWidth, org.assertj.core.data.Offset.offset(2.0));

        // Copied as it is.
        robot.interact(() -> pane.search("", false));
        waitFor(() -> shown() == sixColumns.size());
        robot.clickOn(row(1));
        robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        waitFor(() -> lines().get(1).equals(fx(() -> Clipboard.getSystemClipboard().getString())));
        assertThat(fx(() -> Clipboard.getSystemClipboard().getString())).endsWith("level=info user=日本語 marker=found");

        robot.type(KeyCode.ESCAPE);
        assertThat(fx(view::selectedLines)).isEmpty();

        // Wrapped, with wide characters: a long line's rows after the first start under its text.
        java.time.Instant at = T0.plusSeconds(5);
        offerAt(at, "web r13", "level=info msg=\"注文を受け付けました\" order=1042 customer=田中太郎 total=¥4,800");
        offerAt(at.plusMillis(4), "web r13", "level=info msg=\"订单已发货 🚚\" order=1041 carrier=顺丰 eta=2d");
        offerAt(at.plusMillis(9), "web r12", "level=warn msg=\"支払いの確認が遅れています ⏳\" order=1043 waited=12s");
        offerAt(at.plusMillis(12), "web r13", "{\"level\":\"error\",\"msg\":\"payment failed\",\"order\":1043,\"customer\":\"Zoë Müller\","
                + "\"error\":\"upstream timeout after 30s: POST https://payments.example.com/v2/charges returned no answer\","
                + "\"retry\":{\"attempt\":3,\"of\":3,\"backoff_ms\":[250,1000,4000]},\"trace_id\":\"5f3c9a1e2b7d4c60a8e1f2d3c4b5a697\","
                + "\"note\":\"決済サービスが応答しません。3回目の再試行も失敗しました\"}");
        offerAt(at.plusMillis(20), "web r13", "level=info msg=\"deploy finished ✅ 🚀\" release=r13 took=41s");
        offerAt(at.plusMillis(25), "web r13", "level=info msg=\"리뷰가 등록되었습니다\" product=p-77 stars=★★★★☆");
        waitFor(() -> shown() == sixColumns.size() + 6);
        robot.clickOn("#logs-wrap");
        waitFor(() -> fx(view::wrapping));
        robot.interact(view::toEnd);
        waitFor(() -> fx(() -> view.following() && view.rowsOf(sixColumns.size() + 3) > 1));
        if (SCREENSHOTS != null) {
            capture("service-logs-wrap-light.png");
        }
    }

    /** A line as Docker sends it, at {@code at}. */
    private void offerAt(java.time.Instant at, String source, String text) {
        pane.offer(source, at + " " + text);
    }

    /** The middle of row {@code r} of the view (0: the top), on screen. */
    private Point2D screenRow(int r) {
        return fx(() -> view.localToScreen(view.getInsets().getLeft() + 200, view.getInsets().getTop() + (r + 0.5) * view.rowHeight()));
    }

    /**
     * With Wrap on, a long line is drawn in rows the width of the view (no sideways scrolling), its rows after the first
     * under its text; the view still follows the newest line (its last row at the bottom); a click on any of its rows
     * selects the whole line, and a copy is the line; the wheel scrolls rows; Wrap off puts the sideways bar back with
     * the same line at the top.
     */
    @Test
    void longLinesWrapIntoRowsAndTheViewFollowsTheNewest() throws Exception {
        open(LogStore.Bound.DEFAULT);
        offer(1, 300);
        String tail = "x".repeat(400) + " 日本語の終わり the end";
        offerAt(T0.plusMillis(300).plusNanos(500_000), "web r13", "level=warn " + tail);
        waitFor(() -> shown() == 301);
        javafx.scene.control.ScrollBar sideways = fx(() -> view.getChildrenUnmodifiable().stream()
                .filter(node -> node instanceof javafx.scene.control.ScrollBar bar && bar.getOrientation() == javafx.geometry.Orientation.HORIZONTAL)
                .map(node -> (javafx.scene.control.ScrollBar) node).findFirst().orElseThrow());
        waitFor(() -> fx(sideways::isVisible));
        assertThat(fx(view::wrapping)).as("off by default").isFalse();
        assertThat(fx(() -> view.rowsOf(300))).isEqualTo(1);

        robot.clickOn("#logs-wrap");
        waitFor(() -> fx(view::wrapping));
        waitFor(() -> !fx(sideways::isVisible));
        int columns = fx(view::wrapColumns);
        String longLine = lines().getLast();
        int indent = longLine.indexOf("level=warn");
        // 29 columns of time and source, then the text: 400 x's, 7 CJK characters of two columns each, " the end".
        int total = longLine.length() + 7;
        int rows = fx(() -> view.rowsOf(300));
        assertThat(rows).as("rows of a line of " + total + " columns on rows of " + columns)
                .isBetween(1 + (int) Math.ceil((total - columns) / (double) (columns - indent)), 2 + (int) Math.ceil((total - columns) / (double) (columns - indent)));
        assertThat(fx(() -> view.rowsOf(299))).as("a short line").isEqualTo(1);
        int fullRows = fx(view::fullRows);
        waitFor(() -> fx(() -> view.following() && view.screenRowOf(300) == fullRows - rows));

        // The wrapped text is drawn: the search's match is on the line's last row (the line alone, from the top), past its indent.
        Color mark = fx(() -> (Color) view.matchFill());
        double columnWidth = fx(view::columnWidth);
        robot.interact(() -> pane.search("the end", false));
        waitFor(() -> shown() == 1);
        waitFor(() -> marked(mark, rows - 1) != null);
        for (int r = 0; r < fullRows; r++) {
            if (r != rows - 1) {
                assertThat(marked(mark, r)).as("row " + r + " has no match").isNull();
            }
        }
        assertThat(marked(mark, rows - 1)[0]).isGreaterThan(6 + indent * columnWidth);
        robot.interact(() -> pane.search("", false));
        waitFor(() -> shown() == 301);

        // New lines, a long one last: still following, the newest line's last row at the bottom.
        offer(301, 400);
        offerAt(T0.plusMillis(400).plusNanos(500_000), "web r12", "level=info " + "y".repeat(300) + " newest");
        waitFor(() -> shown() == 402);
        int newestRows = fx(() -> view.rowsOf(401));
        assertThat(newestRows).isGreaterThan(1);
        waitFor(() -> fx(() -> view.following() && view.showsNewest() && view.screenRowOf(401) == fullRows - newestRows));

        // A click on the newest line's second row selects the line (following stops); a copy is the whole line.
        robot.clickOn(screenRow(fullRows - newestRows + 1));
        assertThat(fx(view::following)).isFalse();
        assertThat(fx(view::selectedLines)).containsExactly(lines().getLast());
        robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        waitFor(() -> lines().getLast().equals(fx(() -> Clipboard.getSystemClipboard().getString())));

        // The keys move the selection by lines: ↑ to the line before, Home to the first, at the top of the view.
        robot.type(KeyCode.UP);
        assertThat(fx(view::selectedLines)).containsExactly(lines().get(400));
        robot.type(KeyCode.HOME);
        waitFor(() -> fx(() -> view.top() == 0 && view.topRow() == 0));
        assertThat(fx(view::selectedLines)).containsExactly(lines().getFirst());

        // The wheel scrolls rows; the view stays where it was taken while lines come; End follows again.
        robot.type(KeyCode.END);
        waitFor(() -> fx(view::following));
        robot.moveTo(screenRow(fullRows / 2));
        robot.scroll(1, javafx.geometry.VerticalDirection.UP);
        waitFor(() -> !fx(view::following));
        int top = fx(view::top);
        int topRow = fx(view::topRow);
        offer(401, 450);
        waitFor(() -> shown() == 452);
        assertThat(fx(view::top)).isEqualTo(top);
        assertThat(fx(view::topRow)).isEqualTo(topRow);
        robot.type(KeyCode.END);
        waitFor(() -> fx(() -> view.following() && view.screenRowOf(451) == fullRows - 1));

        // Wrap off: the sideways bar is back, one row a line, the same line at the top.
        robot.interact(() -> view.scrollTo(200));
        int before = fx(view::top);
        robot.clickOn("#logs-wrap");
        waitFor(() -> !fx(view::wrapping) && fx(sideways::isVisible));
        assertThat(fx(() -> view.rowsOf(300))).isEqualTo(1);
        assertThat(fx(view::top)).isEqualTo(before);
        robot.clickOn("#logs-wrap");
        waitFor(() -> fx(view::wrapping) && !fx(sideways::isVisible));
        assertThat(fx(view::top)).isEqualTo(before);
    }

    /**
     * Where this colour (drawn over white) is on row {@code r} of the view's drawing: the left edge of its first pixel
     * and the right edge of its last, over all the row's pixel lines (glyphs drawn over it hide some); null when none.
     */
    private double[] marked(Color colour, int r) {
        Color over = Color.WHITE.interpolate(Color.color(colour.getRed(), colour.getGreen(), colour.getBlue()), colour.getOpacity());
        return fx(() -> {
            javafx.scene.SnapshotParameters white = new javafx.scene.SnapshotParameters();
            white.setFill(Color.WHITE);
            WritableImage image = view.canvas().snapshot(white, null);
            PixelReader reader = image.getPixelReader();
            int from = (int) Math.ceil(r * view.rowHeight());
            int to = Math.min((int) image.getHeight(), (int) Math.floor((r + 1) * view.rowHeight()));
            int least = Integer.MAX_VALUE;
            int most = -1;
            for (int y = from; y < to; y++) {
                for (int x = 0; x < (int) image.getWidth(); x++) {
                    Color pixel = reader.getColor(x, y);
                    if (Math.abs(pixel.getRed() - over.getRed()) <= 2 / 255.0 && Math.abs(pixel.getGreen() - over.getGreen()) <= 2 / 255.0
                            && Math.abs(pixel.getBlue() - over.getBlue()) <= 2 / 255.0) {
                        least = Math.min(least, x);
                        most = Math.max(most, x);
                    }
                }
            }
            return most < 0 ? null : new double[] {least, most + 1};
        });
    }

    /** Pixels of this colour, drawn over white, in the view's drawing (within 2 of each channel, for rounding). */
    private int pixels(Color colour) {
        Color over = Color.WHITE.interpolate(Color.color(colour.getRed(), colour.getGreen(), colour.getBlue()), colour.getOpacity());
        return fx(() -> {
            javafx.scene.SnapshotParameters white = new javafx.scene.SnapshotParameters();
            white.setFill(Color.WHITE);
            WritableImage image = view.canvas().snapshot(white, null);
            PixelReader reader = image.getPixelReader();
            int count = 0;
            for (int y = 0; y < (int) image.getHeight(); y++) {
                for (int x = 0; x < (int) image.getWidth(); x++) {
                    Color pixel = reader.getColor(x, y);
                    if (Math.abs(pixel.getRed() - over.getRed()) <= 2 / 255.0 && Math.abs(pixel.getGreen() - over.getGreen()) <= 2 / 255.0
                            && Math.abs(pixel.getBlue() - over.getBlue()) <= 2 / 255.0) {
                        count++;
                    }
                }
            }
            return count;
        });
    }

    private void capture(String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.sleep(400, java.util.concurrent.TimeUnit.MILLISECONDS);
        javafx.geometry.Rectangle2D bounds = fx(() -> new javafx.geometry.Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()));
        javafx.scene.image.Image image = robot.capture(bounds).getImage();
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        java.awt.image.BufferedImage png = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        int[] pixels = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, javafx.scene.image.PixelFormat.getIntArgbInstance(), pixels, 0, width);
        png.setRGB(0, 0, width, height, pixels, 0, width);
        javax.imageio.ImageIO.write(png, "png", Path.of(SCREENSHOTS).resolve(name).toFile());
    }
}
