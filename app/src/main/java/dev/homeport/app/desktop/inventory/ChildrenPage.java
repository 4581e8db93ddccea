package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Place;
import dev.homeport.app.desktop.TreeNames;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.desktop.clusters.EnvironmentNodesPane;
import dev.homeport.app.desktop.services.EnvironmentServicesPane;
import dev.homeport.model.Organisation;
import dev.homeport.model.Service;
import dev.homeport.model.VariableScope;
import dev.homeport.model.inventory.InventoryTree;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The page of an organisation, application or environment: its children,
 * with create, rename and delete, and an empty state that says what to do
 * next. An environment is run from its page: its services with their state, live release, health, domains and
 * actions ({@link EnvironmentServicesPane}), its nodes (and their cluster) with Attach node…, and its shared variables.
 */
public final class ChildrenPage {
    private final MainModel model;
    private final InventoryActions actions;
    private final InventoryTree tree;
    private final Ref ref;
    private final String name;
    private final String path;

    public ChildrenPage(MainModel model, InventoryActions actions, Ref ref) {
        this.model = model;
        this.actions = actions;
        this.tree = model.treeProperty().get();
        this.ref = ref;
        this.name = TreeNames.name(tree, ref);
        this.path = TreeNames.path(tree, ref);
    }

    public Node build() {
        Level child = ref.level().child();
        List<Node> buttons = new java.util.ArrayList<>(List.of(
                Ui.button("New " + child.singular(), Feather.PLUS, () -> actions.createChild(ref), Styles.ACCENT)));
        if (child == Level.SERVICE) {
            javafx.scene.control.Button database = Ui.button("New database", Feather.DATABASE, () -> actions.createDatabase(ref));
            database.setId("new-database");
            buttons.add(database);
        }
        EnvironmentNodesPane nodes = ref.level() == Level.ENVIRONMENT ? new EnvironmentNodesPane(model, ref.id(), path) : null;
        if (nodes != null) {
            javafx.scene.control.Button attach = Ui.button("Attach node…", Feather.LINK, nodes::attachNode);
            attach.setId("attach-node-header");
            buttons.add(attach);
        }
        buttons.add(Ui.button("Rename", Feather.EDIT_2, () -> actions.rename(ref, name)));
        buttons.add(Ui.button("Delete", Feather.TRASH_2, () -> actions.delete(ref), Styles.DANGER));
        Node header = Ui.header(ref.level().singular().toUpperCase(java.util.Locale.ROOT) + " · " + path, name, buttons.toArray(Node[]::new));
        VBox body = new VBox(16);
        if (ref.level() == Level.ORGANISATION) {
            body.getChildren().add(new AcmeRow(model, organisation()).build());
        }
        List<Child> children = children();
        body.getChildren().add(Ui.sectionTitle(capitalised(child.plural())));
        VBox[] page = new VBox[1];
        body.getChildren().add(children.isEmpty() ? emptyState(child) : ref.level() == Level.ENVIRONMENT
                // An environment is run from here: each service's state, live release, health, domains and actions.
                ? new EnvironmentServicesPane(model, path, tree.servicesOf(ref.id()),
                        () -> page[0] == null || page[0].getScene() == null ? null : page[0].getScene().getWindow()).build()
                : list(children));
        if (nodes != null) {
            body.getChildren().add(nodes.build());
            body.getChildren().add(Ui.sectionTitle("Shared variables"));
            body.getChildren().add(Ui.muted("Every service in this environment gets these; a service's own variable with the same key wins."));
            body.getChildren().add(new VariablesPane(model, VariableScope.ENVIRONMENT, ref.id()).build());
        }
        // An environment's sections (services, nodes, variables) can be taller than the window.
        body.setPadding(new Insets(0, 4, 4, 0));
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        page[0] = Ui.page(header, scroll);
        return page[0];
    }

    private Organisation organisation() {
        return tree.organisations().stream().filter(o -> o.id() == ref.id()).findFirst().orElseThrow();
    }

    /** One row of the list: the child's reference, name and a one-line summary. */
    private record Child(Ref ref, String name, String summary) {
    }

    private List<Child> children() {
        return switch (ref.level()) {
            case ORGANISATION -> tree.applicationsOf(ref.id()).stream().map(a -> new Child(new Ref(Level.APPLICATION, a.id()), a.name(),
                    Level.ENVIRONMENT.count(tree.environmentsOf(a.id()).size()))).toList();
            case APPLICATION -> tree.environmentsOf(ref.id()).stream().map(e -> new Child(new Ref(Level.ENVIRONMENT, e.id()), e.name(),
                    Level.SERVICE.count(tree.servicesOf(e.id()).size()))).toList();
            case ENVIRONMENT -> tree.servicesOf(ref.id()).stream().map(s -> new Child(new Ref(Level.SERVICE, s.id()), s.name(),
                    summary(s))).toList();
            case SERVICE -> List.of();
        };
    }

    static String summary(Service service) {
        return service.kind().label() + " · " + service.source().describe() + (service.port() == null ? "" : " · port " + service.port());
    }

    private Node list(List<Child> children) {
        ListView<Child> list = new ListView<>();
        list.setId("children");
        list.getItems().setAll(children);
        list.getStyleClass().addAll(Styles.BORDERED, Tweaks.EDGE_TO_EDGE);
        list.setPrefHeight(Math.min(8, children.size()) * 52 + 4);
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(Child child, boolean empty) {
                super.updateItem(child, empty);
                if (empty || child == null) {
                    setGraphic(null);
                    return;
                }
                Label title = new Label(child.name());
                title.getStyleClass().add(Styles.TEXT_BOLD);
                Label summary = Ui.muted(child.summary());
                summary.getStyleClass().add(Styles.TEXT_SMALL);
                HBox row = new HBox(12, Ui.icon(Icons.of(child.ref().level())), new VBox(2, title, summary));
                row.setPadding(new Insets(6, 8, 6, 8));
                row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
                setGraphic(row);
            }
        });
        list.setOnMouseClicked(e -> {
            Child selected = list.getSelectionModel().getSelectedItem();
            if (selected != null) {
                model.go(new Place.Item(selected.ref()));
            }
        });
        return list;
    }

    private Node emptyState(Level child) {
        String text = switch (child) {
            case APPLICATION -> "An application is one product you run, such as a shop or a blog. Create one, then give it environments like production and staging.";
            case ENVIRONMENT -> "An environment is one stage of this application, such as production or staging. Each has its own services, variables and worker nodes.";
            case SERVICE -> "A service runs as a container: from an image, a git repository built on the node, or a folder on this machine.";
            case ORGANISATION -> "";
        };
        return Ui.emptyState(Icons.of(child), "No " + child.plural() + " yet", text,
                Ui.button("New " + child.singular(), Feather.PLUS, () -> actions.createChild(ref), Styles.ACCENT));
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
