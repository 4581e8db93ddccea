package dev.homeport.app.cli;

import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.ssh.deploy.DeployRun;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rollback", description = {
        "Run an earlier release of a service again: its image and its settings and variables as they were, on its node,"
                + " through the same health check; the domains are routed as they are now.",
        "Without --to, it goes back to the release before the live one. The log is shown as it comes, and Ctrl-C cancels,"
                + " as with deploy. 'homeport releases' lists the releases to choose from."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the earlier release is LIVE again",
                "1:it FAILED or was INTERRUPTED (the reason is on stderr), or there is nothing to roll back to",
                "2:bad input"})
final class RollbackCmd implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ORG/APP/ENV/SERVICE")
    String pathText;

    @Option(names = "--to", paramLabel = "ID", description = "The release to run again, by its ID in 'homeport releases'.")
    Long to;

    @Option(names = "--wait", description = DeployCmd.WAIT_HELP)
    boolean waitForEnd;

    @Option(names = {"-q", "--quiet"}, description = DeployCmd.QUIET_HELP)
    boolean quiet;

    @Option(names = "--json", description = DeployCmd.JSON_HELP)
    boolean json;

    RollbackCmd(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        long serviceId = context.inventory().resolve(path).id();
        DeployCalls calls = new DeployCalls(context, spec.commandLine().getErr());
        // The node is the earlier release's, which only the deploy service picks: it connects there itself.
        DeployRun run = context.homeport().deployService().rollback(serviceId, to, new TerminalPrompts(context.terminal()),
                calls.progress(json, quiet));
        calls.await(run, serviceId, path.toString(), json);
        return Cli.OK;
    }
}
