package dev.homeport.app.desktop.inventory;

import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.Organisation;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The organisation's ACME email, which Caddy gives the certificate authority for automatic HTTPS. */
final class AcmeEmailRow {
    private final MainModel model;
    private final Organisation organisation;

    AcmeEmailRow(MainModel model, Organisation organisation) {
        this.model = model;
        this.organisation = organisation;
    }

    Node build() {
        TextField email = new TextField(organisation.acmeEmail() == null ? "" : organisation.acmeEmail());
        email.setPromptText("ops@example.com");
        email.setPrefColumnCount(26);
        email.setId("acme-email");
        Label status = Ui.muted("");
        Button save = new Button("Save");
        save.setDisable(true);
        email.textProperty().addListener((obs, old, now) -> save.setDisable(now.strip().equals(
                organisation.acmeEmail() == null ? "" : organisation.acmeEmail())));
        save.setOnAction(e -> model.tasks().run("Saving the ACME email", () -> model.homeport().inventory().setAcmeEmail(organisation.id(), email.getText()))
                .onSuccess(saved -> {
                    status.setText("Saved.");
                    model.refresh(new Ref(Level.ORGANISATION, organisation.id()));
                })
                .start());
        HBox row = new HBox(8, email, save, status);
        row.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, Ui.sectionTitle("ACME email"),
                Ui.muted("Let's Encrypt and other certificate authorities use it to warn about expiring certificates of this organisation's domains."),
                row);
    }
}
