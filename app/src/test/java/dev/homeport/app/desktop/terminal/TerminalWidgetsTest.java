package dev.homeport.app.desktop.terminal;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.techsenger.jeditermfx.core.model.TerminalTextBuffer;
import com.techsenger.jeditermfx.ui.JediTermFxWidget;
import dev.homeport.app.desktop.NeedsDisplay;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The terminal widget under a flood of lines (no node: the lines come from a string): it keeps the last
 * {@link TerminalSettings#SCROLLBACK_LINES} lines or up to {@link TerminalWidgets#TRIM_SLACK} more, none lost or
 * out of order between the oldest kept and the screen, and shows the last line written.
 */
@NeedsDisplay
class TerminalWidgetsTest {
    private final FxRobot robot = new FxRobot();

    @Test
    void aFloodKeepsTheLastScrollbackLinesInOrderAndShowsTheLastLine() throws Exception {
        FxToolkit.registerPrimaryStage();
        int total = 25_000;
        String flood = IntStream.rangeClosed(1, total).mapToObj(i -> "line " + i).collect(Collectors.joining("\r\n", "", "\r\n"));
        AtomicReference<JediTermFxWidget> made = new AtomicReference<>();
        Stage[] stage = new Stage[1];
        robot.interact(() -> {
            JediTermFxWidget widget = TerminalWidgets.create(new SimpleBooleanProperty(false));
            stage[0] = new Stage();
            stage[0].setScene(new Scene(widget.getPane(), 640, 400));
            stage[0].show();
            widget.setTtyConnector(new OutputConnector(new StringReader(flood), "flood"));
            widget.start();
            made.set(widget);
        });
        JediTermFxWidget widget = made.get();
        TerminalTextBuffer buffer = widget.getTerminalTextBuffer();
        waitFor(() -> screen(buffer).contains("line " + total));
        buffer.lock();
        try {
            int history = buffer.getHistoryLinesCount();
            assertThat(history).isBetween(TerminalSettings.SCROLLBACK_LINES, TerminalSettings.SCROLLBACK_LINES + TerminalWidgets.TRIM_SLACK - 1);
            // From the oldest line kept to the last one on the screen, every line is there, in order.
            int first = Integer.parseInt(buffer.getLine(-history).getText().strip().substring("line ".length()));
            for (int row = -history; row < buffer.getHeight(); row++) {
                String text = buffer.getLine(row).getText().strip();
                if (text.isEmpty()) {
                    assertThat(first + row + history - 1).as("the line before the empty rows").isEqualTo(total);
                    break;
                }
                assertThat(text).isEqualTo("line " + (first + row + history));
            }
        } finally {
            buffer.unlock();
        }
        robot.interact(() -> {
            widget.close();
            stage[0].close();
        });
    }

    private static List<String> screen(TerminalTextBuffer buffer) {
        return Arrays.stream(buffer.getScreenLines().split("\n")).map(String::strip).toList();
    }
}
