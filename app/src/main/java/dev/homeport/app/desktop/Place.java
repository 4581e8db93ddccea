package dev.homeport.app.desktop;

import dev.homeport.model.inventory.Ref;

/** Where the main window is: an inventory item, or one of the other sections. */
public sealed interface Place {
    /** The inventory with nothing selected: the welcome page. */
    record Overview() implements Place {
    }

    record Item(Ref ref) implements Place {
    }

    record Nodes() implements Place {
    }

    /** One Worker Node's page: its health, probe, provisioning, metrics and containers. */
    record NodeDetail(long nodeId) implements Place {
    }

    record Deployments() implements Place {
    }

    /** The alarms raised on every node, their history and mutes. */
    record Alerts() implements Place {
    }

    /** The saved tunnels, with their state. */
    record Tunnels() implements Place {
    }

    record Settings() implements Place {
    }
}
