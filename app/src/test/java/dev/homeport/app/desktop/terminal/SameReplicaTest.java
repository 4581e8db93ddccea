package dev.homeport.app.desktop.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.NodeIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.deploy.ContainerShell;
import dev.homeport.ssh.deploy.DeployException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which container a service's shell opens in again: the same replica, else the one in its slot, else none. */
class SameReplicaTest {
    private static ContainerShell shell(String label, String container) {
        String node = label.substring(label.indexOf('@') + 1);
        return new ContainerShell(new WorkerNode(0, node, node + ".example", 22, "root", new NodeIdentity.Agent(), null), container, label);
    }

    @Test
    void theSameReplicaElseTheOneInItsSlot() {
        List<ContainerShell> now = List.of(shell("web.1@n1", "a"), shell("web.2@n1", "b"), shell("web.12@n3", "c"));
        assertThat(TerminalWindow.sameReplica(now, "web.2@n1", "acme/shop/prod/web").containerId()).isEqualTo("b");
        // Swarm moved slot 2 from n3 to n1.
        assertThat(TerminalWindow.sameReplica(now, "web.2@n3", "acme/shop/prod/web").containerId()).isEqualTo("b");
        // One node: the live release's container, wherever the service runs now.
        assertThat(TerminalWindow.sameReplica(List.of(shell("web@n2", "d")), "web@n1", "acme/shop/prod/web").containerId()).isEqualTo("d");
        assertThatThrownBy(() -> TerminalWindow.sameReplica(now, "web.3@n2", "acme/shop/prod/web"))
                .isInstanceOf(DeployException.class)
                .hasMessage("web.3 of acme/shop/prod/web is not running now; the running replicas are web.1@n1, web.2@n1, web.12@n3."
                        + " Open a shell in one from the service's page.");
    }
}
