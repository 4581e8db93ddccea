package dev.homeport.ssh.swarm;

import java.util.List;

/**
 * An environment's cluster as one of its managers reports it: every member with its role,
 * state and availability. {@code problems} says what could not be read (no manager answered,
 * an attached node that is not a member), in the operator's words; empty when all is well.
 */
public record ClusterView(String environment, String engine, String clusterId, List<SwarmMember> members, List<String> problems) {
    public ClusterView {
        members = List.copyOf(members);
        problems = List.copyOf(problems);
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
}
