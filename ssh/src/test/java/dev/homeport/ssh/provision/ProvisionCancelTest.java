package dev.homeport.ssh.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Cancelling a run stops the command running on the node (apt-get, under sudo) and ends the run as CANCELLED. */
@ExtendWith(RigExtension.class)
class ProvisionCancelTest {
    @TempDir
    Path folder;

    @Test
    void cancellingStopsAptOnTheNode(Rig rig) throws Exception {
        try (NodeContainer container = NodeContainer.start(rig);
             NodeConnections connections = new NodeConnections(RigTargets.settings(rig, folder))) {
            connections.hostKeys().accept(container.ip(), 22, container.hostKey("ed25519"));
            Provisioner provisioner = new Provisioner(connections, RigTargets.node(rig, container), Prompts.NONE, ProvisionOptions.defaults());
            CountDownLatch aptIsRunning = new CountDownLatch(1);
            CompletableFuture<ProvisionResult> run = CompletableFuture.supplyAsync(() -> provisioner.run(new ProvisionListener() {
                @Override
                public void log(String step, String line) {
                    // Docker is missing on this node: its step starts with apt-get update.
                    if (step.equals("docker") && (line.startsWith("Get:") || line.startsWith("Hit:"))) {
                        aptIsRunning.countDown();
                    }
                }
            }));
            assertThat(aptIsRunning.await(120, TimeUnit.SECONDS)).as("apt-get update started").isTrue();

            provisioner.cancel();

            ExecutionException ended = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> run.get(60, TimeUnit.SECONDS));
            assertThat(ended.getCause()).isInstanceOf(ProvisionException.class);
            ProvisionException cancelled = (ProvisionException) ended.getCause();
            assertThat(cancelled.reason()).isEqualTo(ProvisionException.Reason.CANCELLED);
            assertThat(cancelled.step()).isEqualTo("docker");
            assertThat(awaitNoApt(container)).as("apt-get still runs on the node").isTrue();
            assertThat(Processes.call(List.of("docker", "exec", container.name(), "dpkg-query", "-W", "docker.io"), null).exit()).isNotZero();
        }
    }

    private static boolean awaitNoApt(NodeContainer container) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Processes.call(List.of("docker", "exec", container.name(), "pgrep", "-x", "apt-get"), null).exit() != 0) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
