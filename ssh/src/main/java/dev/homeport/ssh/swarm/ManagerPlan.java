package dev.homeport.ssh.swarm;

import java.util.ArrayList;
import java.util.List;

/**
 * How many of a cluster's members are managers, and which change role. Swarm's managers keep
 * the cluster's state by Raft, which needs a majority of them to agree: one manager is
 * enough for one or two nodes (two managers would stop the cluster if either went down, no
 * better than one); from three nodes on, three managers keep it running when any one node
 * dies. More than three would only matter to clusters far larger than one operator's.
 */
public record ManagerPlan(List<String> promote, List<String> demote) {
    public static final int MANAGERS_FROM_THREE_NODES = 3;

    public static int managersFor(int members) {
        return members >= MANAGERS_FROM_THREE_NODES ? MANAGERS_FROM_THREE_NODES : 1;
    }

    /**
     * The changes that bring {@code members} (in the order to prefer them as managers) to the right
     * number of managers. Members that are down are never promoted; managers that are down, and
     * then those last in the order, are demoted first; the leader is demoted last.
     */
    public static ManagerPlan of(List<SwarmMember> members) {
        int target = managersFor(members.size());
        List<SwarmMember> managers = members.stream().filter(SwarmMember::manager).toList();
        List<String> promote = new ArrayList<>();
        List<String> demote = new ArrayList<>();
        if (managers.size() < target) {
            members.stream().filter(member -> !member.manager() && member.ready())
                    .limit(target - managers.size())
                    .forEach(member -> promote.add(member.id()));
        } else if (managers.size() > target) {
            List<SwarmMember> order = new ArrayList<>(managers.reversed());
            order.sort((a, b) -> Boolean.compare(a.leader(), b.leader()) != 0 ? Boolean.compare(a.leader(), b.leader())
                    : Boolean.compare(a.ready(), b.ready()));
            order.stream().limit(managers.size() - target).forEach(member -> demote.add(member.id()));
        }
        return new ManagerPlan(List.copyOf(promote), List.copyOf(demote));
    }

    public boolean nothing() {
        return promote.isEmpty() && demote.isEmpty();
    }
}
