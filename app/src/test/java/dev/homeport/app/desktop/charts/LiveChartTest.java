package dev.homeport.app.desktop.charts;

import dev.homeport.ssh.netdata.Sample;
import dev.homeport.ssh.netdata.MetricsRange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.homeport.app.desktop.NeedsDisplay;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** LiveCharts in a real window under the X display: data in, window trims, axes, messages, themes. */
@NeedsDisplay
class LiveChartTest {
    private static final long NOON = 1_764_158_400L; // 2025-11-26 12:00:00 UTC

    private final FxRobot robot = new FxRobot();
    private final List<Throwable> fxErrors = new CopyOnWriteArrayList<>();
    private Stage stage;
    private Thread.UncaughtExceptionHandler fxHandler;
    private LiveChart cpu;
    private LiveChart memory;
    private LiveChart network;

    @BeforeEach
    void showCharts() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        robot.interact(() -> {
            fxHandler = Thread.currentThread().getUncaughtExceptionHandler();
            Thread.currentThread().setUncaughtExceptionHandler((t, e) -> fxErrors.add(e));
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            cpu = chart("CPU", UnitFormat.PERCENT, "user", "system");
            memory = chart("Memory", UnitFormat.BYTES, "used", "cached", "buffers");
            network = chart("Network", UnitFormat.BYTES_PER_SECOND, "received", "sent");
            GridPane grid = new GridPane(8, 8);
            grid.add(cpu, 0, 0);
            grid.add(memory, 1, 0);
            grid.add(network, 0, 1);
            for (LiveChart chart : List.of(cpu, memory, network)) {
                GridPane.setHgrow(chart, Priority.ALWAYS);
                GridPane.setVgrow(chart, Priority.ALWAYS);
            }
            stage.setScene(new Scene(grid));
            // The primary stage is shared between test classes: undo what the app's tests leave on it.
            stage.setMaximized(false);
            stage.setMinWidth(0);
            stage.setMinHeight(0);
            stage.setWidth(1000);
            stage.setHeight(600);
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void noErrorOnTheFxThread() throws Exception {
        robot.interact(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            Thread.currentThread().setUncaughtExceptionHandler(fxHandler);
        });
        assertThat(fxErrors).isEmpty();
    }

    private static LiveChart chart(String title, UnitFormat unit, String... series) {
        LiveChart chart = new LiveChart(title, unit);
        chart.setZone(ZoneOffset.UTC);
        chart.setSeries(List.of(series));
        return chart;
    }

    @Test
    void aLiveChartKeepsTheLastMinuteAndLabelsItInSeconds() {
        robot.interact(() -> {
            for (int s = 0; s < 120; s++) {
                cpu.append(NOON + s, 20 + s % 7, 5);
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cpu.pointCount()).as("points from 60 s before the newest to the newest").isEqualTo(61);
        assertThat(cpu.valueAxisLabels()).startsWith("0 %").endsWith("100 %");
        assertThat(cpu.timeAxisLabels()).isNotEmpty().allMatch(l -> l.matches("12:0[12]:[0-5][05]"));
        assertThat(cpu.timeAxisLabels()).contains("12:01:30");
    }

    @Test
    void deployMarkersInsideTheWindowAreDrawnAndAClickOnOneOpensIt() {
        List<ChartMarker> clicked = new CopyOnWriteArrayList<>();
        ChartMarker before = new ChartMarker(NOON - 600, "#1", ChartMarker.Kind.LIVE, 1, "went live");
        ChartMarker live = new ChartMarker(NOON + 20, "#2", ChartMarker.Kind.LIVE, 2, "went live");
        ChartMarker failed = new ChartMarker(NOON + 40, "#3 ✗", ChartMarker.Kind.FAILED, 3, "failed");
        robot.interact(() -> {
            for (int s = 0; s <= 60; s++) {
                cpu.append(NOON + s, 20, 5);
            }
            cpu.setMarkers(List.of(before, live, failed));
            cpu.setOnMarker(clicked::add);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cpu.markersShown()).as("the one before the window is left out").containsExactly(live, failed);
        assertThat(cpu.markerPoint(before)).isNull();
        robot.clickOn(cpu.localToScreen(cpu.markerPoint(failed)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(clicked).containsExactly(failed);
        // A red dashed line where the failed release's marker is.
        Image image = snapshot(cpu);
        int x = (int) Math.round(cpu.markerPoint(failed).getX());
        boolean red = false;
        for (int dx = -1; dx <= 1 && !red; dx++) {
            red = columnHas(image, x + dx, 40, (int) image.getHeight() - 30, Color.web("#cf222e"));
        }
        assertThat(red).isTrue();
        robot.interact(() -> cpu.setMarkers(List.of()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cpu.markersShown()).isEmpty();
    }

    @Test
    void aPointNotNewerThanTheNewestIsIgnored() {
        robot.interact(() -> {
            cpu.append(NOON, 10, 1);
            cpu.append(NOON + 1, 11, 1);
            cpu.append(NOON + 1, 99, 99);
            cpu.append(NOON - 5, 99, 99);
        });
        assertThat(cpu.pointCount()).isEqualTo(2);
    }

    @Test
    void switchingToADayShowsHistoryInHoursAndANarrowerWindowTrimsIt() {
        robot.interact(() -> {
            memory.setWindow(MetricsRange.HOURS_24.span());
            memory.replace(history(1440, 60, 3));
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(memory.pointCount()).isEqualTo(1440);
        assertThat(memory.timeAxisLabels()).isNotEmpty().allMatch(l -> l.matches("\\d\\d:00"));
        assertThat(memory.valueAxisLabels()).isNotEmpty().allMatch(l -> l.endsWith("GiB"));

        robot.interact(() -> memory.setWindow(MetricsRange.HOUR_1.span()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(memory.pointCount()).as("an hour of minutes, both ends included").isEqualTo(61);
        assertThat(memory.getWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(memory.timeAxisLabels()).isNotEmpty().allMatch(l -> l.matches("\\d\\d:[0-5][05]"));
    }

    @Test
    void aDayKeepsEveryPeakAndAJoinedLineInsideThePlot() {
        List<Sample> day = new ArrayList<>();
        for (int i = 0; i < 1440; i++) {
            day.add(new Sample(NOON - (1439 - i) * 60L, new double[] {i == 700 ? 100 : 20 + i % 3, Double.NaN}));
        }
        robot.interact(() -> {
            cpu.setWindow(MetricsRange.HOURS_24.span());
            cpu.replace(day);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Plot plot = robot.from(cpu).lookup(".live-chart-plot").queryAs(Plot.class);
        Color user = swatchColour(cpu);
        Image image = snapshot(plot);
        PlotFrame f = plot.frame();
        assertThat(f.width()).as("the plot is narrower than a day of minutes, so it draws columns").isLessThan(1440);
        int from = (int) Math.ceil(f.x0()) + 1;
        int to = (int) Math.floor(f.x1()) - 1;
        for (int x = from; x < to; x++) {
            assertThat(columnHas(image, x, 0, (int) image.getHeight(), user)).as("the line is joined at x=%d", x).isTrue();
        }
        int spike = (int) Math.floor(f.x(NOON - (1439 - 700) * 60L));
        int top = (int) Math.round(f.y(100));
        assertThat(columnHas(image, spike, top - 2, top + 2, user) || columnHas(image, spike + 1, top - 2, top + 2, user))
                .as("the one-minute peak at 100 %% is drawn").isTrue();
        for (int x = 0; x < (int) f.x0() - 1; x++) {
            assertThat(columnHas(image, x, 0, (int) image.getHeight(), user)).as("nothing drawn left of the plot, x=%d", x).isFalse();
        }
    }

    private Image snapshot(Node node) {
        Image[] image = new Image[1];
        robot.interact(() -> image[0] = node.snapshot(null, null));
        return image[0];
    }

    /** Whether a pixel of column {@code x} between rows {@code y0} and {@code y1} has the hue of {@code colour}. */
    private static boolean columnHas(Image image, int x, int y0, int y1, Color colour) {
        for (int y = Math.max(0, y0); y <= Math.min((int) image.getHeight() - 1, y1); y++) {
            Color pixel = image.getPixelReader().getColor(x, y);
            if (pixel.getSaturation() > 0.3 && Math.abs(pixel.getHue() - colour.getHue()) < 15) {
                return true;
            }
        }
        return false;
    }

    @Test
    void replaceTakesSamplesInAnyOrderAndDropsThoseBeyondTheWindow() {
        List<Sample> samples = new ArrayList<>(history(30, 60, 2));
        java.util.Collections.reverse(samples);
        robot.interact(() -> {
            network.setWindow(MetricsRange.MINUTES_15.span());
            network.replace(samples);
        });
        assertThat(network.pointCount()).as("15 minutes of points a minute apart").isEqualTo(16);
    }

    @Test
    void anEmptyChartSaysSoAndACallersMessageReplacesTheLines() {
        assertThat(network.shownMessage()).isEqualTo(LiveChart.NO_DATA);
        assertThat(visibleMessage(network)).isEqualTo(LiveChart.NO_DATA);

        robot.interact(() -> network.append(NOON, 1000, 2000));
        assertThat(network.shownMessage()).isNull();
        assertThat(visibleMessage(network)).isNull();

        robot.interact(() -> network.setMessage("Netdata not available"));
        assertThat(visibleMessage(network)).isEqualTo("Netdata not available");
        robot.interact(() -> network.setMessage(null));
        assertThat(network.shownMessage()).isNull();

        robot.interact(() -> network.setSeries(List.of("in", "out")));
        assertThat(network.pointCount()).isZero();
        assertThat(network.shownMessage()).isEqualTo(LiveChart.NO_DATA);
    }

    @Test
    void theLegendNamesTheSeriesInTheThemesColoursAndFollowsATheme() {
        assertThat(robot.from(memory).lookup(".live-chart-legend-entry").queryAllAs(Text.class))
                .extracting(Text::getText).containsExactly("used", "cached", "buffers");
        Color light = swatchColour(cpu);
        robot.interact(() -> Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet()));
        WaitForAsyncUtils.waitForFxEvents();
        Color dark = swatchColour(cpu);
        assertThat(dark).isNotEqualTo(light).isNotEqualTo(Color.GRAY);
        assertThat(light).isNotEqualTo(Color.GRAY);
    }

    @Test
    void resizingRedrawsTheAxesForTheNewWidth() {
        robot.interact(() -> {
            for (int s = 0; s <= 60; s++) {
                cpu.append(NOON + s, 30, 10);
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        int wide = cpu.timeAxisLabels().size();
        double wideWidth = cpu.getWidth();
        robot.interact(() -> stage.setWidth(420));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cpu.getWidth()).as("the chart narrowed with the window").isLessThan(wideWidth / 2);
        assertThat(cpu.timeAxisLabels().size()).isLessThan(wide).isPositive();
    }

    @Test
    void theHoverReadoutShowsTheValuesUnderTheMouse() {
        robot.interact(() -> {
            for (int s = 0; s <= 60; s++) {
                cpu.append(NOON + s, 42, 7);
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        Node plot = robot.from(cpu).lookup(".live-chart-plot").query();
        robot.moveTo(plot);
        WaitForAsyncUtils.waitForFxEvents();
        Label readout = robot.from(cpu).lookup(".live-chart-readout").queryAs(Label.class);
        assertThat(readout.isVisible()).isTrue();
        assertThat(readout.getText()).contains("user  42 %", "system  7 %").startsWith("12:00:");
    }

    @Test
    void usingAChartOffTheFxThreadIsRefused() {
        assertThatThrownBy(() -> cpu.append(NOON, 1, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Platform.runLater");
    }

    /** {@code count} samples {@code spacing} seconds apart up to noon, with values in the GiB. */
    private static List<Sample> history(int count, long spacing, int series) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double[] values = new double[series];
            for (int s = 0; s < series; s++) {
                values[s] = (1.5 + s + Math.sin(i / 40.0)) * 1024 * 1024 * 1024;
            }
            samples.add(new Sample(NOON - (count - 1 - i) * spacing, values));
        }
        return samples;
    }

    private String visibleMessage(LiveChart chart) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.from(chart).lookup(".live-chart-message").tryQueryAs(Label.class)
                .filter(Label::isVisible).map(Label::getText).orElse(null);
    }

    private Color swatchColour(LiveChart chart) {
        Region swatch = robot.from(chart).lookup(".live-chart-swatch").queryAs(Region.class);
        return (Color) swatch.getBackground().getFills().getFirst().getFill();
    }
}
