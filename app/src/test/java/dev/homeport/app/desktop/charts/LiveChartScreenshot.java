package dev.homeport.app.desktop.charts;

import dev.homeport.ssh.netdata.Sample;
import dev.homeport.ssh.netdata.MetricsRange;
import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.homeport.app.desktop.NeedsDisplay;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Draws a grid of LiveCharts with plausible node metrics and writes it as PNG, light and
 * dark, into the folder HOMEPORT_CHART_SCREENSHOTS names (charts.png and charts-dark.png),
 * for docs/charts.md.
 */
@NeedsDisplay
@EnabledIfEnvironmentVariable(named = "HOMEPORT_CHART_SCREENSHOTS", matches = ".+")
class LiveChartScreenshot {
    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final double MIB = 1024.0 * 1024;

    private final FxRobot robot = new FxRobot();
    private final Random random = new Random(7);

    @Test
    void drawsAGridOfNodeCharts() throws Exception {
        Path out = Path.of(System.getenv("HOMEPORT_CHART_SCREENSHOTS"));
        Stage stage = FxToolkit.registerPrimaryStage();
        long now = System.currentTimeMillis() / 1000;
        robot.interact(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            GridPane grid = new GridPane(12, 12);
            grid.setPadding(new Insets(16));
            grid.setStyle("-fx-background-color: -color-bg-subtle;");
            for (int c = 0; c < 2; c++) {
                ColumnConstraints column = new ColumnConstraints();
                column.setPercentWidth(50);
                column.setHgrow(Priority.ALWAYS);
                grid.getColumnConstraints().add(column);
            }
            grid.add(live("CPU", UnitFormat.PERCENT, now, List.of("user", "system", "iowait"), new double[] {22, 6, 2}, 1), 0, 0);
            grid.add(live("Memory", UnitFormat.BYTES, now, List.of("used", "cached", "buffers"),
                    new double[] {2.6 * GIB, 1.1 * GIB, 0.2 * GIB}, 0.01 * GIB), 1, 0);
            grid.add(live("Network", UnitFormat.BYTES_PER_SECOND, now, List.of("received", "sent"),
                    new double[] {3.2 * MIB, 0.8 * MIB}, 0.6 * MIB), 0, 1);
            grid.add(live("Disk I/O", UnitFormat.BYTES_PER_SECOND, now, List.of("read", "written"),
                    new double[] {0.4 * MIB, 1.5 * MIB}, 0.4 * MIB), 1, 1);
            LiveChart day = chart("CPU · 24 h", UnitFormat.PERCENT, List.of("user", "system"));
            day.setWindow(MetricsRange.HOURS_24.span());
            day.replace(history(now, 1440, 60, new double[] {30, 8}, 1.2));
            grid.add(day, 0, 2);
            LiveChart down = chart("Container api · CPU", UnitFormat.PERCENT, List.of("cpu"));
            down.setMessage("Netdata not available");
            grid.add(down, 1, 2);
            grid.getChildren().forEach(n -> GridPane.setVgrow(n, Priority.ALWAYS));
            stage.setScene(new Scene(grid));
            stage.setMaximized(false);
            stage.setMinWidth(0);
            stage.setMinHeight(0);
            stage.setWidth(1280);
            stage.setHeight(820);
            stage.show();
        });
        write(stage, out.resolve("charts.png"));
        robot.interact(() -> Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet()));
        write(stage, out.resolve("charts-dark.png"));
        robot.interact(() -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet()));
    }

    private LiveChart live(String title, UnitFormat unit, long now, List<String> series, double[] level, double noise) {
        LiveChart chart = chart(title, unit, series);
        for (Sample sample : history(now, 61, 1, level, noise)) {
            chart.append(sample.epochSecond(), sample.values());
        }
        return chart;
    }

    private static LiveChart chart(String title, UnitFormat unit, List<String> series) {
        LiveChart chart = new LiveChart(title, unit);
        chart.setSeries(series);
        return chart;
    }

    /** A mean-reverting random walk per series around {@code level}, with an occasional burst. */
    private List<Sample> history(long now, int count, long spacing, double[] level, double noise) {
        double[] value = level.clone();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (int s = 0; s < value.length; s++) {
                double burst = random.nextDouble() < 0.015 ? level[s] * random.nextDouble() * 1.5 : 0;
                value[s] = Math.max(0, value[s] + random.nextGaussian() * noise + (level[s] - value[s]) * 0.2 + burst);
            }
            samples.add(new Sample(now - (count - 1 - i) * spacing, value));
        }
        return samples;
    }

    private void write(Stage stage, Path file) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = stage.getScene().snapshot(null));
        int width = (int) image[0].getWidth();
        int height = (int) image[0].getHeight();
        int[] pixels = new int[width * height];
        image[0].getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), pixels, 0, width);
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        png.setRGB(0, 0, width, height, pixels, 0, width);
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(png, "png", file.toFile());
    }
}
