package dev.homeport.app.cli;

import dev.homeport.model.Service;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.ssh.deploy.DeployRun;
import dev.homeport.ssh.deploy.DeployService;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "deploy", description = {
        "Deploy a new release of a service from its source: pull or build the image on the node, start it, check its"
                + " health, move its domains to it, then retire the previous release.",
        "It goes to the node named with --node, else to the node the service runs on now, else to its environment's"
                + " only node. The deployment's log is shown as it comes, and homeport waits for the end:"
                + " nothing of Homeport's carries a deployment on once this command exits.",
        "Ctrl-C cancels the deployment and the previous release keeps serving; once traffic is moving, the switch is"
                + " let finish."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the new release is LIVE",
                "1:it FAILED or was INTERRUPTED (the reason is on stderr), or could not start",
                "2:bad input"})
final class DeployCmd implements Callable<Integer> {
    static final String QUIET_HELP = "Show only how it ended, not the deployment's log.";
    static final String JSON_HELP = "Print the release as JSON when it ends; the log goes to stderr (unless --quiet).";
    static final String WAIT_HELP = "Wait for the end. Always on: nothing of Homeport's carries a deployment on"
            + " once this command exits; accepted for scripts that say so.";

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ORG/APP/ENV/SERVICE")
    String pathText;

    @Option(names = "--node", paramLabel = "NODE", description = "Deploy to this Worker Node.")
    String nodeName;

    @Option(names = "--wait", description = WAIT_HELP)
    boolean waitForEnd;

    @Option(names = {"-q", "--quiet"}, description = QUIET_HELP)
    boolean quiet;

    @Option(names = "--json", description = JSON_HELP)
    boolean json;

    DeployCmd(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        Service service = context.inventory().service(context.inventory().resolve(path).id());
        DeployService deploys = context.homeport().deployService();
        List<WorkerNode> nodes = deploys.nodesFor(service, nodeName);
        DeployCalls calls = new DeployCalls(context, spec.commandLine().getErr());
        NodeCalls connecting = new NodeCalls(context, spec.commandLine().getErr());
        TerminalPrompts prompts = null;
        for (WorkerNode node : nodes) { // a host key to confirm or a login to type comes now, node by node
            prompts = connecting.connectNow(node);
        }
        DeployRun run = deploys.deploy(service.id(), nodeName, prompts, calls.progress(json, quiet));
        calls.await(run, service.id(), path.toString(), json);
        return Cli.OK;
    }
}
