package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Place;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.inventory.InventoryTree;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import org.kordamp.ikonli.feather.Feather;

/**
 * The navigation tree: Organisation → Application → Environment → Service.
 * Rebuilt from each new snapshot of the inventory, keeping what was expanded;
 * selecting an item shows its page, and the page's place selects it back.
 */
public final class InventoryTreeView extends TreeView<InventoryTreeView.Entry> {
    /** A tree item: the item's reference and its name. */
    public record Entry(Ref ref, String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final MainModel model;
    private final InventoryActions actions;
    private boolean syncing;

    public InventoryTreeView(MainModel model, InventoryActions actions) {
        super(new TreeItem<>());
        this.model = model;
        this.actions = actions;
        setId("inventory-tree");
        setShowRoot(false);
        getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        setCellFactory(tree -> new EntryCell());
        model.treeProperty().addListener((obs, old, now) -> rebuild(now));
        model.placeProperty().addListener((obs, old, now) -> select(now));
        getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (!syncing && now != null && now.getValue() != null) {
                model.go(new Place.Item(now.getValue().ref()));
            }
        });
        rebuild(model.treeProperty().get());
    }

    private void rebuild(InventoryTree tree) {
        Set<Ref> expanded = new HashSet<>();
        collectExpanded(getRoot(), expanded);
        boolean first = getRoot().getChildren().isEmpty();
        syncing = true;
        try {
            getRoot().getChildren().setAll(tree.organisations().stream().map(org -> {
                TreeItem<Entry> orgItem = item(Level.ORGANISATION, org.id(), org.name(), expanded, first);
                orgItem.getChildren().setAll(tree.applicationsOf(org.id()).stream().map(app -> {
                    TreeItem<Entry> appItem = item(Level.APPLICATION, app.id(), app.name(), expanded, first);
                    appItem.getChildren().setAll(tree.environmentsOf(app.id()).stream().map(env -> {
                        TreeItem<Entry> envItem = item(Level.ENVIRONMENT, env.id(), env.name(), expanded, first);
                        envItem.getChildren().setAll(tree.servicesOf(env.id()).stream()
                                .map(svc -> item(Level.SERVICE, svc.id(), svc.name(), expanded, first)).toList());
                        return envItem;
                    }).toList());
                    return appItem;
                }).toList());
                return orgItem;
            }).toList());
        } finally {
            syncing = false;
        }
        select(model.placeProperty().get());
    }

    private static TreeItem<Entry> item(Level level, long id, String name, Set<Ref> expanded, boolean expandAll) {
        Ref ref = new Ref(level, id);
        TreeItem<Entry> item = new TreeItem<>(new Entry(ref, name), Ui.icon(Icons.of(level)));
        item.setExpanded(expandAll || expanded.contains(ref));
        return item;
    }

    private static void collectExpanded(TreeItem<Entry> item, Set<Ref> into) {
        for (TreeItem<Entry> child : item.getChildren()) {
            if (child.isExpanded()) {
                into.add(child.getValue().ref());
            }
            collectExpanded(child, into);
        }
    }

    /** Selects the tree item of the current place, opening its parents; clears the selection elsewhere. */
    private void select(Place place) {
        syncing = true;
        try {
            TreeItem<Entry> target = place instanceof Place.Item item ? find(getRoot(), item.ref()) : null;
            if (target == null) {
                getSelectionModel().clearSelection();
                return;
            }
            for (TreeItem<Entry> parent = target.getParent(); parent != null; parent = parent.getParent()) {
                parent.setExpanded(true);
            }
            getSelectionModel().select(target);
        } finally {
            syncing = false;
        }
    }

    private static TreeItem<Entry> find(TreeItem<Entry> item, Ref ref) {
        for (TreeItem<Entry> child : item.getChildren()) {
            if (child.getValue().ref().equals(ref)) {
                return child;
            }
            TreeItem<Entry> deeper = find(child, ref);
            if (deeper != null) {
                return deeper;
            }
        }
        return null;
    }

    /** A tree cell with a context menu offering the actions of its item. */
    private final class EntryCell extends TreeCell<Entry> {
        @Override
        protected void updateItem(Entry entry, boolean empty) {
            super.updateItem(entry, empty);
            if (empty || entry == null) {
                setText(null);
                setGraphic(null);
                setContextMenu(null);
                return;
            }
            setText(entry.name());
            setGraphic(getTreeItem().getGraphic());
            setContextMenu(menu(entry));
        }

        private ContextMenu menu(Entry entry) {
            List<MenuItem> items = new java.util.ArrayList<>();
            Level child = entry.ref().level().child();
            if (child != null) {
                items.add(menuItem("New " + child.singular() + "…", Feather.PLUS, () -> actions.createChild(entry.ref())));
            }
            if (child == Level.SERVICE) {
                items.add(menuItem("New database…", Feather.DATABASE, () -> actions.createDatabase(entry.ref())));
            }
            items.add(menuItem("Rename…", Feather.EDIT_2, () -> actions.rename(entry.ref(), entry.name())));
            items.add(new SeparatorMenuItem());
            items.add(menuItem("Delete…", Feather.TRASH_2, () -> actions.delete(entry.ref())));
            return new ContextMenu(items.toArray(MenuItem[]::new));
        }

        private static MenuItem menuItem(String text, Feather icon, Runnable action) {
            MenuItem item = new MenuItem(text, Ui.icon(icon));
            item.setOnAction(e -> action.run());
            return item;
        }
    }
}
