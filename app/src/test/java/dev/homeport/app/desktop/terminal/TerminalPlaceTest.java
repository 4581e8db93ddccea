package dev.homeport.app.desktop.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

/** Where the terminal window opens from its saved bounds, given the screens there are now. */
class TerminalPlaceTest {
    private static final Rectangle2D MAIN = new Rectangle2D(0, 0, 1600, 1000);
    private static final Rectangle2D LEFT = new Rectangle2D(-1280, 0, 1280, 1024);

    @Test
    void aPlaceOnAScreenIsKept() {
        Rectangle2D onMain = new Rectangle2D(130, 90, 700, 420);
        assertThat(TerminalWindow.onScreen(onMain, List.of(MAIN))).isEqualTo(onMain);
        Rectangle2D onLeft = new Rectangle2D(-1000, 200, 900, 560);
        assertThat(TerminalWindow.onScreen(onLeft, List.of(MAIN, LEFT))).isEqualTo(onLeft);
        // Mostly off the right edge, but its top strip can still be grabbed there.
        Rectangle2D hanging = new Rectangle2D(1500, 960, 900, 560);
        assertThat(TerminalWindow.onScreen(hanging, List.of(MAIN))).isEqualTo(hanging);
    }

    @Test
    void aPlaceOnNoScreenNowMovesToTheMiddleOfTheMainScreenCutToFit() {
        // The left monitor is unplugged since.
        assertThat(TerminalWindow.onScreen(new Rectangle2D(-1000, 200, 900, 560), List.of(MAIN)))
                .isEqualTo(new Rectangle2D(350, 220, 900, 560));
        // Its top strip is below the screen's bottom, or less than the strip's width is on it.
        assertThat(TerminalWindow.onScreen(new Rectangle2D(200, 970, 900, 560), List.of(MAIN)))
                .isEqualTo(new Rectangle2D(350, 220, 900, 560));
        assertThat(TerminalWindow.onScreen(new Rectangle2D(1550, 100, 900, 560), List.of(MAIN)))
                .isEqualTo(new Rectangle2D(350, 220, 900, 560));
        // Bigger than the main screen: cut to it.
        assertThat(TerminalWindow.onScreen(new Rectangle2D(5000, 3000, 2400, 1400), List.of(MAIN, LEFT))).isEqualTo(MAIN);
    }
}
