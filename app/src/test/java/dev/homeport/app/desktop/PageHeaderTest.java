package dev.homeport.app.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** A page header in a narrow window: the caption and title are cut short, never the actions' labels (seen on a node page at 1200 px). */
@NeedsDisplay
class PageHeaderTest {
    private final FxRobot robot = new FxRobot();

    @Test
    void actionsKeepTheirWholeLabelsWhenTheWindowIsNarrow() throws Exception {
        FxToolkit.registerPrimaryStage();
        // A stage of its own: the primary stage is shared by the test classes, and a narrow one would squeeze the next app's header.
        Stage[] stage = new Stage[1];
        List<Region> actions = List.of(new Label("up"), new Button("Check now"), new Button("Open tunnel…"), new Button("Open terminal"),
                new Button("All nodes"));
        robot.interact(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            StackPane root = new StackPane(Ui.header("WORKER NODE · homeport-test@203.0.113.200:2222 with a long caption",
                    "a-node-with-a-rather-long-name", actions.toArray(Region[]::new)));
            root.setMinWidth(0);
            stage[0] = new Stage();
            stage[0].setScene(new Scene(root));
            stage[0].setWidth(640);
            stage[0].setHeight(200);
            stage[0].show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            for (Region action : actions) {
                assertThat(action.getWidth()).as(action.toString()).isGreaterThanOrEqualTo(action.prefWidth(-1) - 0.5);
            }
            Label title = (Label) stage[0].getScene().lookup("#page-title");
            assertThat(title.getWidth()).as("the title gives way").isLessThan(title.prefWidth(-1));
            stage[0].close();
        });
    }
}
