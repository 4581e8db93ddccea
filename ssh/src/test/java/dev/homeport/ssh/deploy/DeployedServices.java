package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.DockerClient;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.transport.NodeConnection;

/** For tests that deploy on the rig: removes what a service's deployments left on its node. */
public final class DeployedServices {
    private DeployedServices() {
    }

    /** Removes the service's Caddy route and every container of its releases, running or not. */
    public static void remove(NodeConnection connection, DockerClient docker, long serviceKey) {
        try (CaddyAdmin admin = CaddyAdmin.over(connection)) {
            new CaddyRoutes(admin).remove(serviceKey);
        }
        for (var container : new ReleaseContainers(docker).ofService(serviceKey)) {
            docker.removeContainerCmd(container.getId()).withForce(true).exec();
        }
    }
}
