package dev.homeport.ssh.provision;

import dev.homeport.ssh.provision.ProvisionException.Reason;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.ExecResult;

/**
 * Lets the SSH user use Docker without sudo, through the docker group. A new
 * group applies only to new SSH sessions: the step checks it with {@code sg}
 * (a new login group for one command), then reconnects, so the rest of the
 * run and everything after it see it.
 */
final class DockerGroupStep implements ProvisionStep {
    @Override
    public String name() {
        return "docker-group";
    }

    @Override
    public String title() {
        return "Docker access without sudo";
    }

    @Override
    public void apply(StepContext context) {
        NodeFacts facts = context.facts();
        String user = facts.user();
        if (facts.dockerReachable()) {
            context.log(user + " can use Docker" + (facts.root() ? " (root)" : ""));
            return;
        }
        if (!facts.inAccountGroup("docker")) {
            context.runAsRoot(Command.of("usermod", "-aG", "docker", user), "Adding " + user + " to the docker group");
            context.changed("added " + user + " to the docker group");
        } else {
            context.log(user + " is in the docker group already; this SSH session started before that");
        }
        ExecResult check = context.exec(Command.of("sg", "docker", "-c", "docker version --format '{{.Server.Version}}'"));
        if (!check.ok()) {
            throw new ProvisionException(name(), Reason.STEP_FAILED, user + " is in the docker group but still cannot use Docker: "
                    + (check.err().strip() + " " + check.out().strip()).strip());
        }
        context.log("checked with sg docker: Docker " + check.out().strip() + " answers to the docker group");
        context.log("group membership applies to new SSH sessions only");
        context.reconnect();
        if (!context.refresh().dockerReachable()) {
            throw new ProvisionException(name(), Reason.STEP_FAILED, "After reconnecting, " + user + " still cannot use Docker: "
                    + context.facts().get("docker.out"));
        }
        context.log("reconnected: " + user + " now uses Docker without sudo");
    }
}
