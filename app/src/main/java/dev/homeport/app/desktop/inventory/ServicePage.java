package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.VariableScope;
import dev.homeport.model.inventory.Ref;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * A service: its settings, variables and domains, and the tabs that
 * deployments, logs and metrics will fill. Those say plainly that they are
 * not there yet.
 */
public final class ServicePage {
    private final MainModel model;
    private final InventoryActions actions;
    private final Service service;
    private final Ref ref;
    private final String path;

    public ServicePage(MainModel model, InventoryActions actions, Ref ref) {
        this.model = model;
        this.actions = actions;
        this.ref = ref;
        this.service = TreeNames.service(model.treeProperty().get(), ref.id());
        this.path = TreeNames.path(model.treeProperty().get(), ref);
    }

    public Node build() {
        Node header = Ui.header("SERVICE · " + path, service.name(),
                Ui.button("Rename", Feather.EDIT_2, () -> actions.rename(ref, service.name())),
                Ui.button("Delete", Feather.TRASH_2, () -> actions.delete(ref), Styles.DANGER));
        TabPane tabs = new TabPane(
                tab("Overview", overview()),
                tab("Deployments", notYet(Feather.CLOCK, "No deployments yet",
                        "Deploying services to worker nodes arrives in a later release. Every release will be listed here with its log, and can be rolled back.")),
                tab("Logs", notYet(Feather.FILE_TEXT, "No logs yet",
                        "Live container logs appear here once the service runs on a node. That arrives with deployments.")),
                tab("Metrics", notYet(Feather.ACTIVITY, "No metrics yet",
                        "CPU and memory charts of the running container appear here once the service runs on a node.")),
                tab("Variables", padded(new VBox(10, Ui.muted("This service's own variables. They override the environment's shared variables with the same key."),
                        new VariablesPane(model, VariableScope.SERVICE, service.id()).build()))),
                tab("Domains", padded(new DomainsPane(model, service.id()).build())),
                tab("Settings", settings()));
        tabs.setId("service-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        return Ui.page(header, tabs);
    }

    private Node overview() {
        GridPane grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(10);
        int row = 0;
        row = fact(grid, row, "Status", "Not deployed");
        row = fact(grid, row, "Kind", switch (service.kind()) {
            case IMAGE -> "Image, pulled on the node";
            case GIT -> "Git repository, built on the node";
            case FOLDER -> "Local folder, streamed to the node and built there";
        });
        switch (service.source()) {
            case ServiceSource.Image image -> row = fact(grid, row, "Image", image.image());
            case ServiceSource.Git git -> {
                row = fact(grid, row, "Repository", git.url());
                row = fact(grid, row, "Ref", git.ref());
                row = fact(grid, row, "Dockerfile", git.dockerfile() + " in " + git.context());
            }
            case ServiceSource.Folder folder -> {
                row = fact(grid, row, "Folder", folder.path());
                row = fact(grid, row, "Dockerfile", folder.dockerfile());
            }
        }
        row = fact(grid, row, "Container port", service.port() == null ? "none (not reachable over HTTP)" : service.port().toString());
        row = fact(grid, row, "Health check", "GET " + service.healthCheckPath());
        row = fact(grid, row, "CPUs", service.cpuLimit() == null ? "unlimited" : service.cpuLimit().toString());
        fact(grid, row, "Memory", service.memoryLimitMb() == null ? "unlimited" : service.memoryLimitMb() + " MB");
        grid.setId("service-overview");
        return padded(grid);
    }

    private Node settings() {
        VBox box = new VBox(12,
                Ui.muted("Change where the service comes from, its port, health check and limits. The next deployment uses them."),
                Ui.button("Edit settings…", Feather.SLIDERS, () -> actions.editService(service), Styles.ACCENT));
        return padded(box);
    }

    private static int fact(GridPane grid, int row, String label, String value) {
        Label caption = new Label(label);
        caption.getStyleClass().add(Styles.TEXT_MUTED);
        Label text = new Label(value);
        text.setWrapText(true);
        grid.add(caption, 0, row);
        grid.add(text, 1, row);
        return row + 1;
    }

    private static Node notYet(Feather icon, String title, String text) {
        return Ui.emptyState(icon, title, text);
    }

    private static Node padded(Node content) {
        VBox box = new VBox(content);
        box.setPadding(new Insets(16, 4, 4, 4));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private static Tab tab(String title, Node content) {
        Tab tab = new Tab(title, content);
        tab.setId("tab-" + title.toLowerCase(java.util.Locale.ROOT));
        return tab;
    }
}
