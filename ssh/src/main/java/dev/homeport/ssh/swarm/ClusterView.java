package dev.homeport.ssh.swarm;

import java.util.List;
import java.util.Map;

/**
 * An environment's cluster as one of its managers reports it: every member with its role,
 * state and availability, and the replicas of Homeport's services on each ({@code replicas},
 * by member ID; {@code unplaced} counts those Swarm has given no member yet). {@code problems}
 * says what could not be read (no manager answered, an attached node that is not a member), in
 * the operator's words; empty when all is well.
 */
public record ClusterView(String environment, String engine, String clusterId, List<SwarmMember> members, List<String> problems,
                          Map<String, Replicas> replicas, int unplaced) {
    public ClusterView {
        members = List.copyOf(members);
        problems = List.copyOf(problems);
        replicas = Map.copyOf(replicas);
    }

    /** A view with no replica counted. */
    public ClusterView(String environment, String engine, String clusterId, List<SwarmMember> members, List<String> problems) {
        this(environment, engine, clusterId, members, problems, Map.of(), 0);
    }

    public long managers() {
        return members.stream().filter(SwarmMember::manager).count();
    }

    /** The first 12 characters of the cluster's ID, as Docker shows IDs. */
    public String shortClusterId() {
        return SwarmClusters.shortId(clusterId);
    }

    public long ready() {
        return members.stream().filter(SwarmMember::ready).count();
    }

    /** The replicas on {@code member}: running there, and starting there. */
    public Replicas replicasOn(SwarmMember member) {
        return replicas.getOrDefault(member.id(), Replicas.NONE);
    }

    /** Replicas Swarm wants running that do not run yet: starting on a member, or not placed on one yet. */
    public int starting() {
        return unplaced + members.stream().mapToInt(member -> replicasOn(member).starting()).sum();
    }

    /**
     * A line for people while replicas are placed or restarted, such as "n3 is down: 2 replicas are starting
     * on the other nodes."; empty when every replica runs.
     */
    public String placing() {
        int starting = starting();
        if (starting == 0) {
            return "";
        }
        List<String> down = members.stream().filter(member -> !member.ready()).map(SwarmMember::name).toList();
        StringBuilder line = new StringBuilder();
        if (!down.isEmpty()) {
            line.append(String.join(", ", down)).append(down.size() == 1 ? " is down: " : " are down: ");
        }
        line.append(starting).append(starting == 1 ? " replica is starting" : " replicas are starting");
        if (!down.isEmpty()) {
            line.append(" on the other nodes");
        }
        if (unplaced > 0) {
            line.append(" (").append(unplaced).append(unplaced == 1 ? " waits" : " wait").append(" for a node to run on)");
        }
        return line.append('.').toString();
    }
}
