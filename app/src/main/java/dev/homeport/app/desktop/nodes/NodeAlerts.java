package dev.homeport.app.desktop.nodes;

import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which watches see each node down now: its SSH check, and its cluster's managers (while its
 * environment's page is open). A node that both see go down (its machine died) is announced
 * down once, and back once, when the last of them sees it again. FX thread only.
 */
final class NodeAlerts {
    enum Watch { SSH_CHECK, CLUSTER }

    private final Map<String, Set<Watch>> down = new HashMap<>();

    /** {@code watch} sees the node down; true when no watch did before, so the user hears of it now. */
    boolean down(String node, Watch watch) {
        Set<Watch> seen = down.computeIfAbsent(node, n -> EnumSet.noneOf(Watch.class));
        boolean first = seen.isEmpty();
        seen.add(watch);
        return first;
    }

    /** {@code watch} sees the node again; true when it was the last watch that saw it down. */
    boolean back(String node, Watch watch) {
        Set<Watch> seen = down.get(node);
        if (seen == null || !seen.remove(watch)) {
            return false;
        }
        if (seen.isEmpty()) {
            down.remove(node);
            return true;
        }
        return false;
    }

    /** {@code watch} stops watching these nodes (the page closed, the node was removed): what it saw is forgotten, silently. */
    void forget(Watch watch, Collection<String> nodes) {
        for (String node : nodes) {
            Set<Watch> seen = down.get(node);
            if (seen != null && seen.remove(watch) && seen.isEmpty()) {
                down.remove(node);
            }
        }
    }
}
