package dev.homeport.ssh.provision;

import dev.homeport.ssh.docker.HomeportNetwork;
import dev.homeport.ssh.transport.Command;

/**
 * The Docker network {@code homeport} that Services run on ({@link HomeportNetwork}, which a deploy also makes
 * when it is missing). This step uses the docker CLI, as root when the user cannot reach Docker yet: it runs
 * before the docker-java API is open to the user.
 */
final class HomeportNetworkStep implements ProvisionStep {
    static final String NETWORK = HomeportNetwork.NAME;

    @Override
    public String name() {
        return "network";
    }

    @Override
    public String title() {
        return "Docker network " + NETWORK;
    }

    static Command.Simple inspect() {
        return Command.of("docker", "network", "inspect", "--format", "{{.Name}}", NETWORK);
    }

    static Command.Simple create() {
        return Command.of("docker", "network", "create", NETWORK);
    }

    @Override
    public void apply(StepContext context) {
        if (exists(context)) {
            context.log("the Docker network " + NETWORK + " exists");
            return;
        }
        context.run(asNeeded(context, create()), "Creating the Docker network " + NETWORK);
        context.changed("created the Docker network " + NETWORK);
        if (!exists(context)) {
            throw new ProvisionException(name(), ProvisionException.Reason.STEP_FAILED,
                    "The Docker network " + NETWORK + " was created but cannot be found.");
        }
    }

    private static boolean exists(StepContext context) {
        return context.exec(asNeeded(context, inspect())).ok();
    }

    /** As the user when the user can use Docker (the usual case after the docker-group step), else as root. */
    private static Command.Simple asNeeded(StepContext context, Command.Simple command) {
        return context.facts().dockerReachable() ? command : context.asRoot(command);
    }
}
