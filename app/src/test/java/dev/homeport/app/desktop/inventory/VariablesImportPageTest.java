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
import org.testfx.util.WaitForAsyncUtils;
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
        // Where a user's data folder is (the status bar shows it as ~/.local/share/homeport).
        home = folder.resolve("user/.local/share/homeport");
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
        // In the user's home, typed as ~/…, as a user would.
        Path good = Files.writeString(Files.createDirectories(folder.resolve("user/shop")).resolve("prod.env"), """
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

        app.fill("#env-file", "~/shop/prod.env");
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
        // The keys are all seen in their bordered list; the help follows it, with no gap (there was one of 150 px).
        javafx.scene.control.ScrollPane list = app.anywhere("#env-list");
        javafx.scene.layout.Region keys = app.anywhere("#env-keys");
        javafx.scene.Node help = app.anywhere("#env-help");
        assertThat(list.getViewportBounds().getHeight()).as("the list's height, for keys of " + keys.getHeight())
                .isGreaterThanOrEqualTo(keys.getHeight() - 1);
        double listBottom = list.localToScreen(list.getBoundsInLocal()).getMaxY();
        double helpTop = help.localToScreen(help.getBoundsInLocal()).getMinY();
        assertThat(helpTop - listBottom).as("the space between the keys and the help").isBetween(0.0, 24.0);
        assertThat(app.<Label>anywhere("#status-store").getText()).isEqualTo("~/.local/share/homeport");
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

    /**
     * {@code var set KEY --from-file FILE} in the app: From file… reads a PEM key in the background into a secret's
     * value, named by its lines and file (the key is in no field); Set seals it, the final line ending dropped as the
     * CLI drops it. An empty file and one over 128 KiB are refused by the CLI's rules, naming the file.
     */
    @Test
    void aSecretValueOfSeveralLinesComesFromAFile() throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIBvvEq7lTnFf0jDP6OzpFvbKrCrXJqDrGCXHbwWtRyCa\n-----END PRIVATE KEY-----";
        Path key = Files.writeString(folder.resolve("signing.pem"), pem + "\n");
        Path empty = Files.writeString(folder.resolve("empty.txt"), "\n");
        Path large = Files.write(folder.resolve("large.bin"), new byte[dev.homeport.model.ValueFile.MAX_BYTES + 1]);
        app.launch(home);
        app.await("the environment's variables", () -> mainWindowShows("#variables")
                && app.inWindow("#variables").<TableView<?>>query().getItems().size() == 1);
        try {
            VariablesPane.fileInTests = empty::toFile;
            fromFile();
            app.await("the empty file refused", () -> variableProblem().equals("empty.txt: is empty, so there is no value to set"));
            assertThat(mainWindowShows("#variable-file")).isFalse();
            VariablesPane.fileInTests = large::toFile;
            fromFile();
            app.await("the large file refused", () -> variableProblem().startsWith("large.bin: is larger than 128 KiB"));
            assertThat(mainWindowShows("#variable-file")).isFalse();

            app.robot.interact(() -> {
                app.inWindow("#variable-key").<javafx.scene.control.TextField>query().setText("SIGNING_KEY");
                app.inWindow("#variable-secret").<CheckBox>query().setSelected(true);
            });
            VariablesPane.fileInTests = key::toFile;
            fromFile();
            app.await("the file's value named", () -> mainWindowShows("#variable-file"));
            assertThat(app.inWindow("#variable-file-name").<Label>query().getText()).isEqualTo("3 lines from signing.pem");
            assertThat(variableProblem()).isEmpty();
            assertThat(mainWindowShows("#variable-secret-value")).as("the typed field gives way to the file").isFalse();
            assertThat(app.inWindow("#variable-secret-value").<javafx.scene.control.PasswordField>query().getText()).isEmpty();
            javafx.scene.control.Button set = app.inWindow("#variable-set").query();
            javafx.application.Platform.runLater(set::fire);
            app.await("the secret listed", () -> app.inWindow("#variables").<TableView<?>>query().getItems().size() == 2);
            app.await("the form emptied", () -> !mainWindowShows("#variable-file"));
        } finally {
            VariablesPane.fileInTests = null;
        }
        app.close();

        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            Variable sealed = inventory.variables(VariableScope.ENVIRONMENT, environment).stream()
                    .filter(v -> v.key().equals("SIGNING_KEY")).findFirst().orElseThrow();
            assertThat(sealed.secret()).isTrue();
            assertThat(sealed.plainValue()).isNull();
            assertThat(inventory.reveal(sealed).reveal()).as("as the file holds it, but its final line ending").isEqualTo(pem);
        }
    }

    /** From file… of the main window's Variables (the lookups stay in that window: a dialog could hold a match). */
    private void fromFile() {
        javafx.scene.control.Button button = app.inWindow("#variable-from-file").query();
        javafx.application.Platform.runLater(button::fire);
    }

    private String variableProblem() {
        return app.inWindow("#variable-problem").<Label>query().getText();
    }

    /** The main window's node is shown: it and every parent visible. */
    private boolean mainWindowShows(String query) {
        WaitForAsyncUtils.waitForFxEvents();
        for (javafx.scene.Node node = app.inWindow(query).query(); node != null; node = node.getParent()) {
            if (!node.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private String problem() {
        return app.<Label>anywhere("#env-problem").getText();
    }

    private CheckBox box(String key) {
        return app.anywhere("#env-secret-" + key);
    }
}
