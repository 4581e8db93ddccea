package dev.homeport.ssh.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Docker on the rig, reached as a node would be: through the rig's sshd. Every
 * container it makes is labelled {@code dev.homeport.test=true}, has a unique
 * name, and is removed on {@link #close()}.
 */
final class DockerRigFixture implements AutoCloseable {
    static final String TEST_LABEL = "dev.homeport.test";
    static final List<String> TICKING = List.of("sh", "-c", "while true; do echo tick; sleep 0.2; done");

    final Rig rig;
    final NodeConnections connections;
    final NodeConnection node;
    final NodeDocker docker;
    private final List<String> containers = new ArrayList<>();
    private final List<String> images = new ArrayList<>();

    DockerRigFixture(Rig rig, Path folder) {
        this.rig = rig;
        this.connections = new NodeConnections(RigTargets.settings(rig, folder));
        this.node = connections.to(RigTargets.rig(rig), Prompts.NONE);
        this.docker = new NodeDocker(node);
    }

    DockerClient client() {
        return docker.client();
    }

    static String uniqueName(String what) {
        return "homeport-test-docker-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A create command for the rig's base image, named and labelled, with the container remembered for removal. */
    CreateContainerCmd create(String name, List<String> command) {
        containers.add(name);
        return client().createContainerCmd(rig.baseImage())
                .withName(name)
                .withLabels(Map.of(TEST_LABEL, "true"))
                .withCmd(command);
    }

    /** A started container that prints "tick" five times a second until stopped. */
    String ticking(String name) {
        String id = create(name, TICKING).withStopSignal("SIGKILL").exec().getId();
        client().startContainerCmd(id).exec();
        return id;
    }

    /** Remembers an image the test builds, for removal. */
    void removeImageLater(String tag) {
        images.add(tag);
    }

    @Override
    public void close() {
        try {
            for (String name : containers) {
                try {
                    client().removeContainerCmd(name).withForce(true).exec();
                } catch (NotFoundException alreadyGone) {
                    // removed by the test itself
                }
            }
            for (String tag : images) {
                try {
                    client().removeImageCmd(tag).withForce(true).exec();
                } catch (NotFoundException neverBuilt) {
                    // the build failed before tagging
                }
            }
        } finally {
            try {
                docker.close();
            } finally {
                connections.close();
            }
        }
    }
}
