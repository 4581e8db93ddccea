package dev.homeport.app.desktop;

import dev.homeport.model.Application;
import dev.homeport.model.Environment;
import dev.homeport.model.Organisation;
import dev.homeport.model.Service;
import dev.homeport.model.inventory.InventoryTree;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;

/** Names and paths of items, read from the tree snapshot the window already holds (no store call). */
public final class TreeNames {
    private TreeNames() {
    }

    public static String name(InventoryTree tree, Ref ref) {
        return switch (ref.level()) {
            case ORGANISATION -> organisation(tree, ref.id()).name();
            case APPLICATION -> application(tree, ref.id()).name();
            case ENVIRONMENT -> environment(tree, ref.id()).name();
            case SERVICE -> service(tree, ref.id()).name();
        };
    }

    public static String path(InventoryTree tree, Ref ref) {
        return switch (ref.level()) {
            case ORGANISATION -> name(tree, ref);
            case APPLICATION -> path(tree, new Ref(Level.ORGANISATION, application(tree, ref.id()).organisationId())) + "/" + name(tree, ref);
            case ENVIRONMENT -> path(tree, new Ref(Level.APPLICATION, environment(tree, ref.id()).applicationId())) + "/" + name(tree, ref);
            case SERVICE -> path(tree, new Ref(Level.ENVIRONMENT, service(tree, ref.id()).environmentId())) + "/" + name(tree, ref);
        };
    }

    public static Organisation organisation(InventoryTree tree, long id) {
        return tree.organisations().stream().filter(o -> o.id() == id).findFirst().orElseThrow();
    }

    public static Application application(InventoryTree tree, long id) {
        return tree.applications().stream().filter(a -> a.id() == id).findFirst().orElseThrow();
    }

    public static Environment environment(InventoryTree tree, long id) {
        return tree.environments().stream().filter(e -> e.id() == id).findFirst().orElseThrow();
    }

    public static Service service(InventoryTree tree, long id) {
        return tree.services().stream().filter(s -> s.id() == id).findFirst().orElseThrow();
    }
}
