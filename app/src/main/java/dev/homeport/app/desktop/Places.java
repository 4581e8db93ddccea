package dev.homeport.app.desktop;

import dev.homeport.model.inventory.InventoryTree;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import java.util.List;

/**
 * Turns a place into the text kept in ui.properties and back, so the app
 * reopens where the user left it: an inventory path such as
 * {@code acme/shop/prod/web}, or the name of a section.
 */
final class Places {
    private Places() {
    }

    static String key(Place place, InventoryTree tree) {
        return switch (place) {
            case Place.Item item when MainModel.contains(tree, item.ref()) -> TreeNames.path(tree, item.ref());
            case Place.Nodes nodes -> ":nodes";
            case Place.NodeDetail node -> ":node:" + node.nodeId();
            case Place.Deployments deployments -> ":deployments";
            case Place.Alerts alerts -> ":alerts";
            case Place.Tunnels tunnels -> ":tunnels";
            case Place.Settings settings -> ":settings";
            default -> "";
        };
    }

    /** The place a key names in this tree; the overview when it names nothing that exists any more. */
    static Place parse(String key, InventoryTree tree) {
        if (key == null || key.isBlank()) {
            return new Place.Overview();
        }
        if (key.matches(":node:\\d{1,18}")) {
            return new Place.NodeDetail(Long.parseLong(key.substring(":node:".length())));
        }
        switch (key) {
            case ":nodes":
                return new Place.Nodes();
            case ":deployments":
                return new Place.Deployments();
            case ":alerts":
                return new Place.Alerts();
            case ":tunnels":
                return new Place.Tunnels();
            case ":settings":
                return new Place.Settings();
            default:
                break;
        }
        List<String> parts = List.of(key.split("/"));
        Ref ref = null;
        for (int depth = 0; depth < parts.size() && depth < Level.values().length; depth++) {
            Ref parent = ref;
            String name = parts.get(depth);
            ref = switch (Level.values()[depth]) {
                case ORGANISATION -> tree.organisations().stream().filter(o -> o.name().equals(name)).findFirst()
                        .map(o -> new Ref(Level.ORGANISATION, o.id())).orElse(null);
                case APPLICATION -> tree.applicationsOf(parent.id()).stream().filter(a -> a.name().equals(name)).findFirst()
                        .map(a -> new Ref(Level.APPLICATION, a.id())).orElse(null);
                case ENVIRONMENT -> tree.environmentsOf(parent.id()).stream().filter(e -> e.name().equals(name)).findFirst()
                        .map(e -> new Ref(Level.ENVIRONMENT, e.id())).orElse(null);
                case SERVICE -> tree.servicesOf(parent.id()).stream().filter(s -> s.name().equals(name)).findFirst()
                        .map(s -> new Ref(Level.SERVICE, s.id())).orElse(null);
            };
            if (ref == null) {
                return new Place.Overview();
            }
        }
        return ref == null ? new Place.Overview() : new Place.Item(ref);
    }
}
