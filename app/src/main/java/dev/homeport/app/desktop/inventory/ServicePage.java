package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.TreeNames;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.desktop.services.LogsPane;
import dev.homeport.app.desktop.services.OverviewPane;
import dev.homeport.app.desktop.services.ReleasesPane;
import dev.homeport.app.desktop.services.ServiceActions;
import dev.homeport.app.desktop.services.ServiceMetricsPane;
import dev.homeport.app.desktop.services.ServiceModel;
import dev.homeport.model.Service;
import dev.homeport.model.VariableScope;
import dev.homeport.model.inventory.Ref;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Subscription;
import org.kordamp.ikonli.feather.Feather;

/**
 * A service: how it runs now and the actions on it, its deployments with their
 * logs, its container's live log, its variables, domains and settings. What the
 * page follows (deployments, the log stream) it follows only while on screen.
 */
public final class ServicePage {
    private final MainModel model;
    private final InventoryActions actions;
    private final Service service;
    private final Ref ref;
    private final String path;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private VBox page;

    public ServicePage(MainModel model, InventoryActions actions, Ref ref) {
        this.model = model;
        this.actions = actions;
        this.ref = ref;
        this.service = TreeNames.service(model.treeProperty().get(), ref.id());
        this.path = TreeNames.path(model.treeProperty().get(), ref);
    }

    public Node build() {
        ServiceModel releases = new ServiceModel(model, service, path);
        ServiceActions deploy = new ServiceActions(releases, this::owner);
        LogsPane logs = new LogsPane(releases, this::owner);
        ReleasesPane history = new ReleasesPane(releases, deploy);
        TabPane[] holder = new TabPane[1];
        ServiceMetricsPane metrics = new ServiceMetricsPane(releases, deploy, id -> {
            holder[0].getSelectionModel().select(holder[0].getTabs().stream().filter(t -> "tab-deployments".equals(t.getId())).findFirst().orElseThrow());
            history.select(id);
        });
        Node header = Ui.header("SERVICE · " + path, service.name(),
                Ui.button("Rename", Feather.EDIT_2, () -> actions.rename(ref, service.name())),
                Ui.button("Delete", Feather.TRASH_2, () -> actions.delete(ref), Styles.DANGER));
        TabPane tabs = new TabPane(
                tab("Overview", padded(new OverviewPane(releases, deploy).build(subscriptions::add))),
                tab("Deployments", history.build(subscriptions::add)),
                tab("Logs", logs.build()),
                tab("Metrics", metrics.build()),
                tab("Variables", padded(new VBox(10, Ui.muted("This service's own variables. They override the environment's shared variables with the same key."),
                        new VariablesPane(model, VariableScope.SERVICE, service.id()).build()))),
                tab("Domains", padded(new DomainsPane(model, service.id()).build())),
                tab("Settings", settings()));
        tabs.setId("service-tabs");
        holder[0] = tabs;
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        page = Ui.page(header, tabs);
        // Follow deployments while the page is on screen, and the log while its tab is shown too.
        Runnable follow = () -> {
            String shown = page.getScene() == null ? null : tabs.getSelectionModel().getSelectedItem().getId();
            logs.setActive("tab-logs".equals(shown));
            metrics.setActive("tab-metrics".equals(shown));
        };
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> follow.run());
        page.sceneProperty().addListener((obs, old, now) -> {
            if (now == null) {
                releases.close();
                subscriptions.forEach(Subscription::unsubscribe);
                subscriptions.clear();
            }
            follow.run();
        });
        releases.open();
        String tab = model.takeServiceTab(service.id());
        tabs.getTabs().stream().filter(t -> t.getId().equals(tab)).findFirst().ifPresent(t -> tabs.getSelectionModel().select(t));
        Long asked = model.takeReleaseToOpen(service.id());
        if (asked != null) {
            metrics.openRelease(asked);
        }
        return page;
    }

    private Window owner() {
        return page == null || page.getScene() == null ? null : page.getScene().getWindow();
    }

    private Node settings() {
        VBox box = new VBox(12,
                Ui.muted("Change where the service comes from, its port, its health check, its limits and how its releases run. "
                        + "The next deployment uses them."),
                Ui.button("Edit settings…", Feather.SLIDERS, () -> actions.editService(service), Styles.ACCENT),
                new DatabasePane(model, actions, service, path).build(),
                new VolumeBackupsPane(model, service).build());
        return padded(box);
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
