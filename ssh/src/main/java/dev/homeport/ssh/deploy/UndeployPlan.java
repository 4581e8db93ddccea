package dev.homeport.ssh.deploy;

import dev.homeport.model.inventory.Ref;
import dev.homeport.ssh.backup.BackupPaths;
import java.util.ArrayList;
import java.util.List;

/**
 * What taking services off their nodes removes, read from the nodes themselves
 * (containers and images by their {@code dev.homeport.service} label, routes from
 * Caddy's config), for the user to see before it happens. Nodes that could not
 * be asked are listed apart: nothing on them can be removed now. A service's
 * backup schedules (a database's dump, its named volumes' tars) are found by
 * their cron lines on the node: undeploying removes the lines, and the backups
 * made stay in {@link BackupPaths#ROOT}.
 */
public record UndeployPlan(Ref target, List<ClusterService> clusterServices, List<Found> found, List<Unreachable> unreachable,
                           boolean removeVolumes) {
    public UndeployPlan {
        clusterServices = List.copyOf(clusterServices);
        found = List.copyOf(found);
        unreachable = List.copyOf(unreachable);
    }

    /** The Swarm service that runs a service's replicas on its environment's cluster: removing it removes them all. */
    public record ClusterService(long environmentId, String id, String name, String service, long serviceKey) {
    }

    /** A container or image: its ID on the node, and the name shown for it. */
    public record Thing(String id, String name) {
    }

    /**
     * A backup schedule whose cron line the node has: {@code subject} as the user knows it ({@code db-main} for a
     * database's dumps, {@code web:uploads} for a named volume's tars), {@code volume} the one its line names.
     */
    public record BackupLine(String subject, String volume) {
    }

    /**
     * One service's leftovers on one node. {@code domains} are the names its Caddy route holds; {@code backups} the
     * backup schedules whose cron lines the node has.
     */
    public record Found(String node, long nodeId, String service, long serviceKey, List<Thing> containers, List<String> domains,
                        List<Thing> images, List<String> volumes, List<BackupLine> backups) {
        public Found {
            containers = List.copyOf(containers);
            domains = List.copyOf(domains);
            images = List.copyOf(images);
            volumes = List.copyOf(volumes);
            backups = List.copyOf(backups);
        }

        boolean isEmpty() {
            return containers.isEmpty() && domains.isEmpty() && images.isEmpty() && volumes.isEmpty() && backups.isEmpty();
        }
    }

    /** A node Homeport could not ask (down, a refused login, no Caddy): what is there stays. */
    public record Unreachable(String node, String reason) {
    }

    /** True when no node has anything of these services and every node answered. */
    public boolean isEmpty() {
        return clusterServices.isEmpty() && found.stream().allMatch(Found::isEmpty) && unreachable.isEmpty();
    }

    public UndeployPlan withRemoveVolumes(boolean remove) {
        return new UndeployPlan(target, clusterServices, found, unreachable, remove);
    }

    /** One line per kind of thing and node, such as {@code Containers on rig: prod-web-7ab12 (acme/shop/prod/web)}. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (ClusterService c : clusterServices) {
            lines.add("Swarm service on the cluster: " + c.name() + ", with its replicas on every node (" + c.service() + ")");
        }
        for (Found f : found) {
            if (f.isEmpty()) {
                continue;
            }
            String of = " (" + f.service() + ")";
            listed(lines, "Containers on " + f.node(), f.containers().stream().map(Thing::name).toList(), of);
            listed(lines, "Caddy route on " + f.node(), f.domains(), of);
            listed(lines, "Images on " + f.node(), f.images().stream().map(Thing::name).toList(), of);
            listed(lines, (removeVolumes ? "Volumes on " : "Volumes kept on ") + f.node(), f.volumes(), of);
            for (BackupLine b : f.backups()) {
                lines.add("Backup schedule on " + f.node() + ": removes the backup schedule of " + b.subject() + "; the backups made stay"
                        + of);
            }
        }
        for (Unreachable u : unreachable) {
            lines.add("Cannot reach node " + u.node() + " (" + u.reason() + "): what is there cannot be removed now.");
        }
        if (lines.isEmpty()) {
            lines.add("Nothing of it runs on any node.");
        }
        return lines;
    }

    private static void listed(List<String> lines, String heading, List<String> names, String of) {
        if (!names.isEmpty()) {
            lines.add(heading + ": " + String.join(", ", names) + of);
        }
    }
}
