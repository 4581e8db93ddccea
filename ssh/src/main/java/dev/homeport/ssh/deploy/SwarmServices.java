package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.Task;
import dev.homeport.ssh.swarm.SwarmMember;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading a cluster's Swarm services as Homeport labels them, through a manager's Docker. */
final class SwarmServices {
    private final DockerClient manager;

    SwarmServices(DockerClient manager) {
        this.manager = manager;
    }

    /** The Swarm service that runs a Homeport service's replicas, found by its node key. */
    Optional<Service> of(long serviceKey) {
        return manager.listServicesCmd().withLabelFilter(Map.of(Labels.SERVICE, Long.toString(serviceKey))).exec().stream().findFirst();
    }

    Service inspect(String serviceId) {
        return manager.inspectServiceCmd(serviceId).exec();
    }

    List<Task> tasks(String serviceId) {
        return manager.listTasksCmd().withServiceFilter(serviceId).exec();
    }

    /** The deployment a task runs (its container's label), or -1. */
    static long deploymentOf(Task task) {
        var spec = task.getSpec() == null ? null : task.getSpec().getContainerSpec();
        String label = spec == null || spec.getLabels() == null ? null : spec.getLabels().get(Labels.DEPLOYMENT);
        return label == null ? -1 : Long.parseLong(label);
    }

    /** The Homeport node a service's replicas are pinned to (its placement constraint on the node label), or null. */
    static String pinnedNode(Service service) {
        var task = service.getSpec() == null ? null : service.getSpec().getTaskTemplate();
        var placement = task == null ? null : task.getPlacement();
        if (placement == null || placement.getConstraints() == null) {
            return null;
        }
        String prefix = "node.labels." + SwarmMember.NODE_LABEL + "==";
        return placement.getConstraints().stream().filter(c -> c.startsWith(prefix)).map(c -> c.substring(prefix.length()))
                .findFirst().orElse(null);
    }

    /** Swarm node IDs to the Homeport node names they were labelled with (else their host names). */
    Map<String, String> nodeNames() {
        Map<String, String> names = new HashMap<>();
        for (SwarmNode node : manager.listSwarmNodesCmd().exec()) {
            SwarmMember member = SwarmMember.of(node);
            names.put(node.getId(), member.name());
        }
        return names;
    }
}
