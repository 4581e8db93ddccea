package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.Check;
import dev.homeport.model.Organisation;
import dev.homeport.model.ValidationException;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import java.util.Objects;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The organisation's ACME settings for automatic HTTPS: the email Caddy gives the certificate authority, and
 * which ACME CA issues the certificates of its services' public names. Saved in the background; services get
 * them with their next deploy.
 */
final class AcmeRow {
    /** The CAs offered; {@link #OTHER} takes a directory URL. */
    enum Ca {
        LETS_ENCRYPT("Let's Encrypt"), STAGING("Let's Encrypt staging"), OTHER("Other ACME CA (directory URL)");

        private final String label;

        Ca(String label) {
            this.label = label;
        }

        static Ca of(String directory) {
            if (directory == null || directory.equals(Organisation.LETS_ENCRYPT)) {
                return LETS_ENCRYPT;
            }
            return directory.equals(Organisation.LETS_ENCRYPT_STAGING) ? STAGING : OTHER;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final MainModel model;
    private final Organisation organisation;
    private String savedEmail;
    private String savedDirectory;

    AcmeRow(MainModel model, Organisation organisation) {
        this.model = model;
        this.organisation = organisation;
        this.savedEmail = organisation.acmeEmail();
        this.savedDirectory = Ca.of(organisation.acmeDirectory()) == Ca.LETS_ENCRYPT ? null : organisation.acmeDirectory();
    }

    Node build() {
        TextField email = new TextField(organisation.acmeEmail() == null ? "" : organisation.acmeEmail());
        email.setPromptText("ops@example.com");
        email.setPrefColumnCount(26);
        email.setId("acme-email");
        ChoiceBox<Ca> ca = new ChoiceBox<>();
        ca.getItems().setAll(Ca.values());
        ca.setValue(Ca.of(organisation.acmeDirectory()));
        ca.setId("acme-ca");
        TextField directory = new TextField(ca.getValue() == Ca.OTHER ? organisation.acmeDirectory() : "");
        directory.setPromptText("https://acme.example.com/directory");
        directory.setPrefColumnCount(30);
        directory.setId("acme-directory");
        directory.visibleProperty().bind(ca.valueProperty().isEqualTo(Ca.OTHER));
        directory.managedProperty().bind(directory.visibleProperty());
        Label status = new Label();
        status.setWrapText(true);
        status.setId("acme-status");
        Button save = new Button("Save");
        save.setId("acme-save");
        save.setDisable(true);

        Runnable check = () -> {
            save.setDisable(true);
            String problem = problem(email.getText(), ca.getValue(), directory.getText());
            say(status, problem == null ? "" : problem, problem != null);
            if (problem != null) {
                return;
            }
            save.setDisable(Objects.equals(blankToNull(email.getText()), savedEmail)
                    && Objects.equals(directoryOf(ca.getValue(), directory.getText()), savedDirectory));
        };
        email.textProperty().addListener((obs, old, now) -> check.run());
        directory.textProperty().addListener((obs, old, now) -> check.run());
        ca.valueProperty().addListener((obs, old, now) -> check.run());
        save.setOnAction(e -> {
            String newEmail = blankToNull(email.getText());
            String newDirectory = directoryOf(ca.getValue(), directory.getText());
            save.setDisable(true);
            model.tasks().run("Saving the ACME settings", () -> model.homeport().inventory().setAcme(organisation.id(), newEmail, newDirectory))
                    .onSuccess(saved -> {
                        savedEmail = saved.acmeEmail();
                        savedDirectory = saved.acmeDirectory();
                        check.run();
                        say(status, "Saved. Services get it with their next deploy.", false);
                        model.refresh(new Ref(Level.ORGANISATION, organisation.id()));
                    })
                    .onFailure(failure -> {
                        check.run();
                        say(status, failure.getMessage(), true);
                    })
                    .start();
        });

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        email.setMaxWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(directory, Priority.ALWAYS);
        HBox caRow = new HBox(8, ca, directory);
        caRow.setAlignment(Pos.CENTER_LEFT);
        grid.addRow(0, caption("Email"), email);
        grid.addRow(1, caption("Certificate authority"), caRow);
        HBox actions = new HBox(8, save, status);
        actions.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, Ui.sectionTitle("Certificates (ACME)"),
                Ui.muted("The certificates of this organisation's public names come from this CA. It uses the email to warn"
                        + " about expiring certificates. Let's Encrypt staging is for trying things out: far higher rate limits, but"
                        + " browsers do not trust its certificates. A change applies to each service at its next deploy."),
                grid, actions);
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static void say(Label status, String text, boolean problem) {
        status.getStyleClass().removeAll(Styles.DANGER, Styles.TEXT_MUTED);
        status.getStyleClass().add(problem ? Styles.DANGER : Styles.TEXT_MUTED);
        status.setText(text);
    }

    /** What is wrong with the input, in words, or null. */
    static String problem(String email, Ca ca, String directory) {
        try {
            if (!email.isBlank()) {
                Check.email("acmeEmail", email.strip());
            }
        } catch (ValidationException e) {
            return "Email: " + e.rule();
        }
        if (ca == Ca.OTHER) {
            if (directory.isBlank()) {
                return "Enter the directory URL of the ACME CA, such as https://acme.zerossl.com/v2/DV90.";
            }
            try {
                Check.httpsUrl("acmeDirectory", directory.strip());
            } catch (ValidationException e) {
                return "Directory URL: " + e.rule();
            }
        }
        return null;
    }

    private static String directoryOf(Ca ca, String text) {
        return switch (ca) {
            case LETS_ENCRYPT -> null;
            case STAGING -> Organisation.LETS_ENCRYPT_STAGING;
            case OTHER -> blankToNull(text);
        };
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
