package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.desktop.settings.TransferActions;
import dev.homeport.model.inventory.InventoryTree;
import dev.homeport.model.inventory.Level;
import javafx.scene.Node;
import org.kordamp.ikonli.feather.Feather;

/** What the inventory shows with nothing selected: a first-run welcome, or a summary. */
public final class WelcomePage {
    private final MainModel model;
    private final InventoryActions actions;
    private final TransferActions transfer;

    public WelcomePage(MainModel model, InventoryActions actions, TransferActions transfer) {
        this.model = model;
        this.actions = actions;
        this.transfer = transfer;
    }

    public Node build() {
        InventoryTree tree = model.treeProperty().get();
        if (tree.isEmpty()) {
            return Ui.emptyState(Feather.ANCHOR, "Welcome to Homeport",
                    "Homeport runs your services on your own servers, from this laptop. "
                            + "Start with an organisation: it holds your applications, their environments (such as production and staging) and their services. "
                            + "Already use Homeport elsewhere? Import its inventory.",
                    Ui.button("Create organisation", Feather.PLUS, actions::createOrganisation, Styles.ACCENT),
                    Ui.button("Import inventory…", Feather.UPLOAD, transfer::importInventory));
        }
        return Ui.emptyState(Feather.ANCHOR, "Your inventory",
                Level.ORGANISATION.count(tree.organisations().size()) + ", " + Level.APPLICATION.count(tree.applications().size()) + ", "
                        + Level.ENVIRONMENT.count(tree.environments().size()) + " and " + Level.SERVICE.count(tree.services().size())
                        + ". Pick one in the tree on the left, or create another organisation.",
                Ui.button("New organisation", Feather.PLUS, actions::createOrganisation));
    }
}
