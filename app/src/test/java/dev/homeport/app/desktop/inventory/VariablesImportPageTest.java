package dev.homeport.app.desktop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's {@code var import}: on an environment's Variables, "Import .env…" reads a file, says which line of a broken one
 * is wrong (and offers no Import), lists a good one's keys with the likely secrets ticked; the user's choice of secrets is
 * what the store seals. With {@code -Dhomeport.screenshots=FOLDER} it saves the dialog.
 */
@NeedsDisplay
class VariablesImportPageTest {
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;
    private long environment;

    @BeforeEach
    void setUp() throws Exception {
        app = new AppDriver(folder.resolve("user"));
        home = folder.resolve("home");
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(),
                    "prod").id();
            inventory.setVariable(VariableScope.ENVIRONMENT, environment, "REGION", "eu");
        }
        Files.writeString(home.resolve("ui.properties"), "place=acme/shop/prod\n");
    }

    @AfterEach
    void close() throws Exception {
        app.close();
    }

    @Test
    void importsAnEnvFileWithTheSecretsTheUserTicks() throws Exception {
        Path broken = Files.writeString(folder.resolve("broken.env"), "GOOD=1\nno equals sign here\n");
        Path good = Files.writeString(folder.resolve("shop.env"), """
                # the shop's settings
                export DATABASE_URL="postgres://shop:pw@db:5432/shop"
                DB_PASSWORD='s3cr3t #1'
                FEATURE_FLAGS=reviews,search # on in prod
                STRIPE_KEY=pk_test_public
                """);
        app.launch(home);
        app.await("the environment's variables", () -> app.showsAnywhere("#variables")
                && app.<TableView<?>>anywhere("#variables").getItems().size() == 1);

        // The section may sit below the fold of the environment's page: the button is pressed as the keyboard would
        // (later, on the FX thread: the dialog it opens waits for its answer).
        javafx.scene.control.Button importButton = app.anywhere("#variables-import");
        javafx.application.Platform.runLater(importButton::fire);
        app.await("the import dialog", () -> app.showsAnywhere("#env-file"));
        app.fill("#env-file", broken.toString());
        app.robot.clickOn(app.<javafx.scene.Node>anywhere("#env-read")); // in the dialog, not the main window
        app.await("the broken line named", () -> problem().contains("broken.env, line 2: no '=' on the line"));
        assertThat(problem()).doesNotContain("no equals sign here"); // a line may hold a secret: it is never repeated
        assertThat(app.dialogButton("Import").isDisabled()).isTrue();

        app.fill("#env-file", good.toString());
        app.robot.clickOn(app.<javafx.scene.Node>anywhere("#env-read")); // in the dialog, not the main window
        app.await("the file's keys", () -> app.showsAnywhere("#env-secret-STRIPE_KEY"));
        assertThat(problem()).isEmpty();
        assertThat(box("DB_PASSWORD").isSelected()).as("a password starts ticked").isTrue();
        assertThat(box("STRIPE_KEY").isSelected()).as("a key starts ticked").isTrue();
        assertThat(box("DATABASE_URL").isSelected()).isFalse();
        assertThat(box("FEATURE_FLAGS").isSelected()).isFalse();
        // The user's choice: the URL holds a password; the Stripe key here is the public one.
        app.robot.clickOn(box("DATABASE_URL"));
        app.robot.clickOn(box("STRIPE_KEY"));
        String screenshots = System.getProperty("homeport.screenshots");
        if (screenshots != null) {
            app.capture(Path.of(screenshots, "variables-import.png"));
        }
        app.clickDialogButton("Import");
        app.await("the imported variables listed", () -> app.<TableView<?>>anywhere("#variables").getItems().size() == 5);
        app.close();

        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            Map<String, Variable> variables = inventory.variables(VariableScope.ENVIRONMENT, environment).stream()
                    .collect(Collectors.toMap(Variable::key, v -> v));
            assertThat(variables.keySet()).containsExactlyInAnyOrder("REGION", "DATABASE_URL", "DB_PASSWORD", "FEATURE_FLAGS", "STRIPE_KEY");
            assertThat(variables.get("DATABASE_URL").secret()).isTrue();
            assertThat(variables.get("DB_PASSWORD").secret()).isTrue();
            assertThat(variables.get("DATABASE_URL").plainValue()).isNull();
            assertThat(inventory.reveal(variables.get("DATABASE_URL")).reveal()).isEqualTo("postgres://shop:pw@db:5432/shop");
            assertThat(inventory.reveal(variables.get("DB_PASSWORD")).reveal()).isEqualTo("s3cr3t #1");
            assertThat(variables.get("FEATURE_FLAGS").secret()).isFalse();
            assertThat(variables.get("FEATURE_FLAGS").plainValue()).isEqualTo("reviews,search");
            assertThat(variables.get("STRIPE_KEY").secret()).isFalse();
            assertThat(variables.get("STRIPE_KEY").plainValue()).isEqualTo("pk_test_public");
            assertThat(variables.get("REGION").plainValue()).isEqualTo("eu");
        }
    }

    private String problem() {
        return app.<Label>anywhere("#env-problem").getText();
    }

    private CheckBox box(String key) {
        return app.anywhere("#env-secret-" + key);
    }
}
