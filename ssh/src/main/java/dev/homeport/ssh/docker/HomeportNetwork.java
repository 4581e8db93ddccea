package dev.homeport.ssh.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Network;
import java.util.Comparator;
import java.util.List;

/**
 * The Docker network {@code homeport} that every Service's containers join. Provision creates it; a deploy
 * makes it again when it has gone (someone ran {@code docker network rm}, or the node was never provisioned by
 * this store), the same way, so a release never fails on Docker's bare "network homeport not found".
 *
 * <p>Docker 20.10 does not make "create unless the name exists" atomic: four deploys that find the network
 * missing at once make four networks of that name, and a container asked to join "homeport" then fails as
 * ambiguous. So the check and the create run under one lock in this process, and when another process won the
 * same race, every caller keeps the oldest network of that name and removes the others.
 */
public final class HomeportNetwork {
    public static final String NAME = "homeport";
    /**
     * The overlay network of a cluster's services, made through a manager: one per swarm, so the edge on every
     * node reaches every replica by its service's name. Not attachable: only Swarm services join it.
     */
    public static final String CLUSTER_NAME = "homeport-cluster";
    private static final Object CREATING = new Object();

    private HomeportNetwork() {
    }

    /** Makes the network if the node lacks it; true when this call made it. */
    public static boolean ensure(DockerClient docker) {
        return ensure(docker, NAME);
    }

    /** Makes the cluster's overlay network through a manager's Docker if the swarm lacks it; true when this call made it. */
    public static boolean ensureCluster(DockerClient manager) {
        return ensure(manager, CLUSTER_NAME, "overlay");
    }

    /** {@link #ensure(DockerClient)} for any name: tests use their own, never the network live services are on. */
    static boolean ensure(DockerClient docker, String name) {
        return ensure(docker, name, "bridge");
    }

    private static boolean ensure(DockerClient docker, String name, String driver) {
        if (named(docker, name).size() == 1) {
            return false;
        }
        boolean made = false;
        synchronized (CREATING) {
            if (named(docker, name).isEmpty()) {
                // What `docker network create [--driver overlay] NAME` sends.
                docker.createNetworkCmd().withName(name).withDriver(driver).withCheckDuplicate(true).exec();
                made = true;
            }
        }
        keepOldest(docker, name);
        return made;
    }

    /** The networks whose name is exactly this one (Docker's name filter also matches parts of names). */
    static List<Network> named(DockerClient docker, String name) {
        return docker.listNetworksCmd().withNameFilter(name).exec().stream()
                .filter(network -> name.equals(network.getName())).toList();
    }

    private static void keepOldest(DockerClient docker, String name) {
        List<Network> all = named(docker, name);
        all.stream().sorted(Comparator.comparing(Network::getCreated).thenComparing(Network::getId)).skip(1).forEach(extra -> {
            try {
                docker.removeNetworkCmd(extra.getId()).exec();
            } catch (DockerException e) {
                // Removed by another caller already, or a container joined it meanwhile: the next ensure tries again.
            }
        });
    }
}
