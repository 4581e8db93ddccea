package dev.homeport.app.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.List;
import javafx.css.CssParser;
import javafx.css.Rule;
import javafx.css.Stylesheet;
import org.junit.jupiter.api.Test;

/** The build writes a binary stylesheet beside each CSS file, and JavaFX reads the same rules from it. */
class BinaryStylesheetsTest {
    @Test
    void eachStylesheetHasABinaryTwinWithTheSameRules() throws Exception {
        for (String css : List.of("homeport.css", "charts/live-chart.css")) {
            URL source = Ui.class.getResource(css);
            URL binary = Ui.class.getResource(css.replace(".css", ".bss"));
            assertThat(source).as(css).isNotNull();
            assertThat(binary).as("the build's binary twin of %s", css).isNotNull();
            assertThat(rules(Stylesheet.loadBinary(binary))).as(css).isEqualTo(rules(new CssParser().parse(source)));
        }
    }

    /** Each rule's selectors and declarations (asked for, as a binary rule decodes them only then). */
    private static List<String> rules(Stylesheet stylesheet) {
        return stylesheet.getRules().stream().map(BinaryStylesheetsTest::describe).toList();
    }

    private static String describe(Rule rule) {
        return rule.getSelectors() + " " + rule.getDeclarations().stream()
                .map(d -> d.getProperty() + ": " + d.getParsedValue()).toList();
    }
}
