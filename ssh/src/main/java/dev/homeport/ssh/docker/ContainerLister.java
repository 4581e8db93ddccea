package dev.homeport.ssh.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ListContainersCmd;
import java.util.List;

/** A node's containers, stopped ones included. */
public final class ContainerLister {
    private final DockerClient docker;

    public ContainerLister(DockerClient docker) {
        this.docker = docker;
    }

    /** Every container on the node. */
    public List<ContainerSummary> all() {
        return list(docker.listContainersCmd());
    }

    /** The containers with a label: {@code key}, or {@code key=value}. */
    public List<ContainerSummary> withLabel(String label) {
        return list(docker.listContainersCmd().withLabelFilter(List.of(label)));
    }

    private static List<ContainerSummary> list(ListContainersCmd command) {
        return command.withShowAll(true).exec().stream().map(ContainerSummary::of).toList();
    }
}
