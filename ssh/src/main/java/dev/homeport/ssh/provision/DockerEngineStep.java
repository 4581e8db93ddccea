package dev.homeport.ssh.provision;

import dev.homeport.ssh.provision.ProvisionException.Reason;
import dev.homeport.ssh.transport.Command;
import java.time.Duration;

/**
 * Docker Engine: left alone when it answers (to this user or to root);
 * otherwise installed from the distribution's docker.io package, or with
 * Docker's get.docker.com script when the user chose that, then started.
 */
final class DockerEngineStep implements ProvisionStep {
    static final String GET_DOCKER_URL = "https://get.docker.com";
    /** Downloads the script to a private temporary file first, then runs that file: no pipe from the network into a root shell. */
    static final String GET_DOCKER_SCRIPT = """
            set -e
            f=$(mktemp /tmp/homeport-get-docker.XXXXXX)
            trap 'rm -f "$f"' EXIT
            curl -fsSL --proto '=https' --tlsv1.2 -o "$f" "$1"
            sh "$f"
            """;

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public String title() {
        return "Docker Engine";
    }

    @Override
    public void apply(StepContext context) {
        NodeFacts facts = context.facts();
        if (answers(facts)) {
            context.log("Docker Engine answers" + (facts.dockerReachable() ? " (" + facts.dockerVersion() + ")" : " (to root)") + "; nothing to install");
            return;
        }
        if (ServiceChecks.permissionDenied(facts.get("docker.out"))) {
            context.log("Docker Engine is installed; " + facts.user() + " may not use it yet (the next step sees to that)");
            return;
        }
        if (facts.get("docker.rc").equals("missing")) {
            install(context);
        }
        facts = context.refresh();
        if (!answers(facts)) {
            if (!facts.systemd()) {
                throw new ProvisionException(name(), Reason.STEP_FAILED, "Docker Engine is installed but its daemon does not run, and this host has no"
                        + " systemd to start it. Start dockerd yourself (and at boot), then run Provision again.");
            }
            context.runAsRoot(Command.of("systemctl", "enable", "--now", "docker"), "Starting Docker Engine");
            context.changed("started Docker Engine (systemctl enable --now docker)");
        }
        context.awaitFacts(DockerEngineStep::answers, Duration.ofSeconds(60),
                "Docker Engine did not answer within 60 s after it was installed and started; see 'journalctl -u docker' on the node.");
    }

    private void install(StepContext context) {
        switch (context.options().dockerSource()) {
            case DISTRIBUTION -> {
                context.aptInstall("docker.io");
                context.changed("installed docker.io " + context.refresh().installedVersion("docker.io"));
            }
            case GET_DOCKER_COM -> {
                if (!context.exec(Command.of("sh", "-c", "command -v curl")).ok()) {
                    context.aptInstall("curl", "ca-certificates");
                    context.changed("installed curl (to download get.docker.com)");
                }
                context.log("running Docker's script from " + GET_DOCKER_URL + ", as you chose");
                context.runAsRoot(Command.script(GET_DOCKER_SCRIPT, GET_DOCKER_URL), "Docker's get.docker.com script");
                context.changed("installed Docker Engine with " + GET_DOCKER_URL);
            }
        }
    }

    static boolean answers(NodeFacts facts) {
        return facts.dockerReachable() || facts.get("docker.as_root").equals("ok");
    }
}
