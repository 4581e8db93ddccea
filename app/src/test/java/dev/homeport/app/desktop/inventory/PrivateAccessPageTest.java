package dev.homeport.app.desktop.inventory;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.RegistryCredential;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.vault.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry logins and private git access in the app, as the command line keeps them: Settings → Registries adds a
 * login with its password sealed (a bad registry is refused as typed); the service dialog keeps a git token sealed,
 * generates a deploy key into the vault and shows its public key, and chooses an image's registry login.
 */
@NeedsDisplay
class PrivateAccessPageTest {
    private static final String TOKEN = "glpat-s3cr3t-token";
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;

    @BeforeEach
    void setUp() throws Exception {
        app = new AppDriver(folder.resolve("user"));
        home = folder.resolve("home");
    }

    @AfterEach
    void close() throws Exception {
        app.close();
    }

    @Test
    void keepsRegistryLoginsTokensAndDeployKeysAsTheCommandLineDoes() throws Exception {
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long org = inventory.createOrganisation("acme").id();
            long environment = inventory.createEnvironment(inventory.createApplication(org, "shop").id(), "prod").id();
            inventory.createService(new Service(0, environment, "api", new ServiceSource.Git("https://git.example.com/acme/api.git", null),
                    8080, null, null, null, DeployOptions.defaults()));
            inventory.createService(new Service(0, environment, "lib", new ServiceSource.Git("git@git.example.com:acme/lib.git", null),
                    8080, null, null, null, DeployOptions.defaults()));
            inventory.createService(new Service(0, environment, "web", new ServiceSource.Image("registry.example.com:5000/acme/web:1"),
                    8080, null, null, null, DeployOptions.defaults()));
        }

        // Settings → Registries: a bad registry is refused as typed; a good login is kept, its password sealed.
        launchAt(":settings");
        waitFor(() -> app.shows("#registries-section") && !app.inWindow("#add-registry").queryAs(Button.class).isDisabled());
        // The section is below the fold; fired later, as its dialog waits for an answer on the FX thread.
        Button add = app.inWindow("#add-registry").queryAs(Button.class);
        javafx.application.Platform.runLater(add::fire);
        waitFor(() -> app.showsAnywhere("#registry-host"));
        app.robot.clickOn("#registry-host").write("not a host!");
        app.robot.clickOn("#registry-user").write("ci");
        app.robot.clickOn("#registry-password").write("hunter2");
        waitFor(() -> app.<Label>anywhere("#registry-error").getText().startsWith("The registry "));
        assertThat(app.dialogButton("OK").isDisabled()).isTrue();
        app.fill("#registry-host", "registry.example.com:5000");
        waitFor(() -> app.<Label>anywhere("#registry-error").getText().isEmpty());
        app.clickDialogButton("OK");
        waitFor(() -> app.<TableView<RegistryCredential>>anywhere("#registries").getItems().size() == 1);
        RegistryCredential shown = app.<TableView<RegistryCredential>>anywhere("#registries").getItems().getFirst();
        assertThat(List.of(shown.registry(), shown.username())).containsExactly("registry.example.com:5000", "ci");

        // A git token, typed in the service dialog, never shown again.
        relaunchAt("acme/shop/prod/api");
        editSettings();
        choose("#access-token");
        assertThat(app.<Label>anywhere("#service-problem").getText()).startsWith("Token: type the token");
        type("#git-token", TOKEN);
        waitFor(() -> app.<Label>anywhere("#service-problem").getText().isEmpty());
        app.clickDialogButton("OK");
        waitFor(() -> !app.showsAnywhere("#git-token"));
        // Edited again, the token is kept without being shown.
        editSettings();
        assertThat(app.<TextField>anywhere("#git-token").getText()).isEmpty();
        assertThat(app.<TextField>anywhere("#git-token").getPromptText()).startsWith("kept");
        assertThat(app.<Label>anywhere("#service-problem").getText()).isEmpty();
        type("#git-ref", "release");
        app.clickDialogButton("OK");
        waitFor(() -> !app.showsAnywhere("#git-token"));

        // A deploy key generated in the dialog, its public key there to copy.
        relaunchAt("acme/shop/prod/lib");
        editSettings();
        choose("#access-deploy-key");
        assertThat(app.<Label>anywhere("#service-problem").getText()).startsWith("Deploy key: generate one");
        Button generate = app.anywhere("#generate-deploy-key");
        javafx.application.Platform.runLater(generate::fire); // its dialog waits for an answer on the FX thread
        waitFor(() -> app.showsAnywhere("#name-field"));
        assertThat(app.<TextField>anywhere("#name-field").getText()).isEqualTo("lib-deploy");
        app.robot.clickOn("#name-field").type(KeyCode.ENTER);
        waitFor(() -> app.<TextArea>anywhere("#deploy-public-key").getText().startsWith("ssh-ed25519 "));
        String publicKey = app.<TextArea>anywhere("#deploy-public-key").getText();
        waitFor(() -> app.<Label>anywhere("#service-problem").getText().isEmpty());
        app.clickDialogButton("OK");
        waitFor(() -> !app.showsAnywhere("#deploy-key"));

        // An image's registry login, chosen from the organisation's.
        relaunchAt("acme/shop/prod/web");
        editSettings();
        ChoiceBox<?> registry = app.anywhere("#image-registry");
        assertThat(registry.getItems()).hasSize(2);
        app.robot.interact(() -> registry.getSelectionModel().select(1));
        app.clickDialogButton("OK");
        waitFor(() -> !app.showsAnywhere("#image-registry"));
        app.close();

        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long org = inventory.organisations().getFirst().id();
            RegistryCredential login = inventory.registryCredential(org, "registry.example.com:5000").orElseThrow();
            assertThat(inventory.registryPassword(login)).isEqualTo(Secret.of("hunter2"));

            ServiceSource.Git api = (ServiceSource.Git) service(homeport, "api").source();
            assertThat(api.ref()).isEqualTo("release");
            assertThat(api.deployKeyId()).isNull();
            assertThat(inventory.gitToken(api.token())).isEqualTo(Secret.of(TOKEN));

            ServiceSource.Git lib = (ServiceSource.Git) service(homeport, "lib").source();
            assertThat(lib.token()).isNull();
            var key = homeport.keys().identity(lib.deployKeyId());
            assertThat(key.name()).isEqualTo("lib-deploy");
            assertThat(key.publicKey()).isEqualTo(publicKey);

            ServiceSource.Image web = (ServiceSource.Image) service(homeport, "web").source();
            assertThat(web.registryCredentialId()).isEqualTo(login.id());
        }
        // The token never reached the store in the clear.
        try (var files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(TOKEN).doesNotContain("hunter2");
            }
        }
    }

    /*
     * The service dialog's form scrolls on a small screen and its access fields are below the fold: they are chosen
     * and typed into through their controls rather than by clicks at their place.
     */
    private void choose(String toggle) {
        javafx.scene.control.ToggleButton button = app.anywhere(toggle);
        app.robot.interact(() -> button.setSelected(true));
    }

    private void type(String field, String text) {
        TextField input = app.anywhere(field);
        app.robot.interact(() -> input.setText(text));
    }

    private static Service service(Homeport homeport, String name) {
        return homeport.inventory().service(homeport.inventory().resolve(InventoryPath.parse("acme/shop/prod/" + name)).id());
    }

    private void editSettings() throws Exception {
        waitFor(() -> app.shows("#tab-settings"));
        app.click("#tab-settings");
        app.click("Edit settings…");
        waitFor(() -> app.showsAnywhere("#service-problem"));
    }

    private void launchAt(String place) throws Exception {
        Files.writeString(home.resolve("ui.properties"), "place=" + place + "\n");
        app.launch(home);
    }

    private void relaunchAt(String place) throws Exception {
        app.close();
        System.setProperty("user.home", folder.resolve("user").toString());
        launchAt(place);
    }
}
