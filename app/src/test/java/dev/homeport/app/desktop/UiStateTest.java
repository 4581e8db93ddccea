package dev.homeport.app.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the window remembers between runs, written and read back through its file. */
class UiStateTest {
    @TempDir
    Path dir;

    @Test
    void theLogsWrapAndTheTerminalTabsAndBoundsAreRememberedAndOffWithoutThem() throws Exception {
        Path file = dir.resolve("ui.properties");
        UiState state = new UiState(10, 20, 1000, 700, false, ThemeChoice.DARK, "service:3", 60, true, List.of("node:1:rig"),
                new Rectangle2D(-1280, 35.5, 820, 510));
        state.save(file);
        assertThat(Files.readString(file)).contains("logs.wrap=true");
        assertThat(UiState.load(file)).isEqualTo(state);

        // A file written before the setting existed: long lines are not wrapped.
        Files.writeString(file, "window.width=1000\nwindow.height=700\ntheme=DARK\n");
        assertThat(UiState.load(file).logWrap()).isFalse();
        assertThat(UiState.load(file).terminals()).isEmpty();
        assertThat(UiState.load(file).terminalBounds()).isNull();
        // Half of the terminal's bounds, or one that is not a number, is no place: it opens where it would.
        Files.writeString(file, "logs.wrap=true\nterminal.x=10\nterminal.y=20\nterminal.width=800\n");
        assertThat(UiState.load(file).terminalBounds()).isNull();
        Files.writeString(file, "logs.wrap=true\nterminal.x=10\nterminal.y=20\nterminal.width=800\nterminal.height=wide\n");
        assertThat(UiState.load(file).terminalBounds()).isNull();
        assertThat(UiState.load(file).logWrap()).isTrue();
        assertThat(UiState.DEFAULT.logWrap()).isFalse();
    }
}
