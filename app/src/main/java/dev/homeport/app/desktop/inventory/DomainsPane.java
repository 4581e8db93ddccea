package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.Domain;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** The domains a service answers on; each deployment routes them to its release. */
final class DomainsPane {
    private final MainModel model;
    private final long serviceId;
    private final ListView<Domain> list = new ListView<>();

    DomainsPane(MainModel model, long serviceId) {
        this.model = model;
        this.serviceId = serviceId;
    }

    Node build() {
        list.setId("domains");
        list.getStyleClass().addAll(Styles.BORDERED, Tweaks.EDGE_TO_EDGE);
        list.setPlaceholder(Ui.muted("No domains yet."));
        list.setPrefHeight(160);
        list.setCellFactory(view -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(Domain domain, boolean empty) {
                super.updateItem(domain, empty);
                setText(empty || domain == null ? null : domain.hostname());
            }
        });
        load();
        TextField hostname = new TextField();
        hostname.setPromptText("shop.example.com");
        hostname.setPrefColumnCount(28);
        hostname.setId("domain-field");
        Label problem = Dialogs.errorLabel("domain-problem");
        Button add = new Button("Add", Ui.icon(Feather.PLUS));
        add.setId("domain-add");
        add.disableProperty().bind(hostname.textProperty().isEmpty());
        add.setOnAction(e -> model.tasks().run("Adding " + hostname.getText(), () -> model.homeport().inventory().addDomain(serviceId, hostname.getText()))
                .onSuccess(added -> {
                    hostname.clear();
                    problem.setText("");
                    load();
                })
                .onFailure(failure -> problem.setText(Dialogs.userMessage(failure)))
                .start());
        Button remove = new Button("Remove", Ui.icon(Feather.TRASH_2));
        remove.getStyleClass().add(Styles.DANGER);
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> model.tasks().run("Removing a domain", () -> model.homeport().inventory().removeDomain(list.getSelectionModel().getSelectedItem().id()))
                .onSuccess(done -> load())
                .start());
        Button takeOver = new Button("Take over…", Ui.icon(Feather.CORNER_DOWN_LEFT));
        takeOver.setId("domain-takeover");
        takeOver.setTooltip(new javafx.scene.control.Tooltip("Take the selected name back from a route on the node that no service of"
                + " this store owns (left by a reinstall, another computer or an import)"));
        takeOver.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        Label taken = new Label();
        taken.setId("domain-takeover-result");
        taken.getStyleClass().addAll(Styles.SUCCESS, Styles.TEXT_SMALL);
        takeOver.setOnAction(e -> takeOver(list.getSelectionModel().getSelectedItem().hostname(), taken, problem));
        Button suggest = new Button("Use the default name", Ui.icon(Feather.ZAP));
        suggest.setId("domain-default");
        suggest.setTooltip(new javafx.scene.control.Tooltip("<service>.<node address>.sslip.io: a name that leads to the node with no DNS set up"));
        suggest.setOnAction(e -> model.tasks().run("Finding the default name", () -> model.homeport().serviceDomains().defaultDomain(serviceId))
                .onSuccess(name -> {
                    hostname.setText(name);
                    problem.setText("");
                })
                .onFailure(failure -> problem.setText(Dialogs.userMessage(failure)))
                .start());
        VBox dnsResults = new VBox(4);
        dnsResults.setId("domain-dns");
        Button check = new Button("Check DNS", Ui.icon(Feather.GLOBE));
        check.setId("domain-check");
        check.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(list.getItems()));
        check.setOnAction(e -> {
            dnsResults.getChildren().setAll(Ui.muted("Checking…"));
            model.tasks().run("Checking the domains in DNS", () -> model.homeport().serviceDomains().check(serviceId))
                    .onSuccess(results -> dnsResults.getChildren().setAll(results.stream().map(DomainsPane::dnsLine).toList()))
                    .onFailure(failure -> dnsResults.getChildren().setAll(Ui.muted(Dialogs.userMessage(failure))))
                    .start();
        });
        HBox row = new HBox(8, hostname, add, remove, takeOver);
        row.setAlignment(Pos.CENTER_LEFT);
        HBox more = new HBox(8, suggest, check);
        more.setAlignment(Pos.CENTER_LEFT);
        return new VBox(10,
                Ui.muted("Caddy on the service's node routes each domain to this service, with automatic HTTPS. "
                        + "A change here takes effect at the next deployment."),
                list, row, problem, taken, more, dnsResults);
    }

    /** Finds who holds the name on the node, asks, then moves it off that route; the outcome shows under the list. */
    private void takeOver(String hostname, Label done, Label problem) {
        javafx.stage.Window owner = list.getScene().getWindow();
        var takeover = model.homeport().domainTakeover();
        model.tasks().run("Finding who holds " + hostname, () -> takeover.find(serviceId, hostname, new FxPrompts(owner)))
                .onSuccess(holder -> {
                    if (Dialogs.confirmDanger(owner, "Take " + hostname + " over?", holder.describe()
                            + "\n\nThe service gets the name with its next deployment.", "Take over")) {
                        model.tasks().run("Taking " + hostname + " over", () -> takeover.takeOver(holder, new FxPrompts(owner)))
                                .onSuccess(ignored -> {
                                    problem.setText("");
                                    done.setText("Took " + hostname + " over on " + holder.node() + "; deploy the service to route it.");
                                })
                                .onFailure(failure -> problem.setText(Dialogs.userMessage(failure)))
                                .start();
                    }
                })
                .onFailure(failure -> problem.setText(Dialogs.userMessage(failure)))
                .start();
    }

    private static Node dnsLine(dev.homeport.ssh.proxy.DnsCheck.Result result) {
        Label line = new Label(result.message(), Ui.icon(result.ok() ? Feather.CHECK_CIRCLE : Feather.ALERT_TRIANGLE));
        line.setWrapText(true);
        line.getStyleClass().add(result.ok() ? Styles.SUCCESS : Styles.WARNING);
        return line;
    }

    private void load() {
        model.tasks().run("Reading domains", () -> model.homeport().inventory().domains(serviceId))
                .onSuccess(domains -> list.getItems().setAll(domains))
                .start();
    }
}
