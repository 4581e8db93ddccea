package dev.homeport.app.desktop.clusters;

import dev.homeport.app.desktop.Notice;
import dev.homeport.ssh.swarm.ClusterView;
import dev.homeport.ssh.swarm.SwarmMember;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each read of a cluster compared with the one before: which members went down (Swarm lost them)
 * and which came back. A member's state other than ready, down or disconnected (unknown, while
 * Swarm has not heard from it yet) changes nothing. The first read of a member is no change, but
 * is reported as {@link Change#first()} so a member down from the start can be announced back later.
 */
final class MemberTransitions {
    private final Map<String, Boolean> ready = new HashMap<>();

    /** A member went down or came back; {@code first}: the first read of it, nothing to tell the user. */
    record Change(String node, boolean down, boolean first) {
        Notice notice(String environment, ClusterView view) {
            if (first) {
                return null;
            }
            if (down) {
                int starting = view.starting();
                return new Notice("Node " + node + " is down", "The cluster of " + environment + " lost it; " + (starting == 0
                        ? "Swarm starts its replicas on the other nodes."
                        : starting + (starting == 1 ? " replica is" : " replicas are") + " starting on the other nodes."), true);
            }
            return new Notice("Node " + node + " is back", "It is a ready member of the cluster of " + environment + " again. Swarm"
                    + " does not move replicas back to it by itself: new ones (a deploy, a restart) may run there.", false);
        }
    }

    List<Change> next(ClusterView view) {
        List<Change> changes = new ArrayList<>();
        for (SwarmMember member : view.members()) {
            String node = member.name();
            Boolean now = member.ready() ? Boolean.TRUE : "down".equals(member.state()) || "disconnected".equals(member.state()) ? Boolean.FALSE : null;
            if (node == null || now == null) {
                continue;
            }
            Boolean before = ready.put(node, now);
            if (before == null) {
                changes.add(new Change(node, !now, true));
            } else if (!before.equals(now)) {
                changes.add(new Change(node, !now, false));
            }
        }
        return changes;
    }

    /** The members read so far, by name. */
    Set<String> nodes() {
        return Set.copyOf(ready.keySet());
    }
}
