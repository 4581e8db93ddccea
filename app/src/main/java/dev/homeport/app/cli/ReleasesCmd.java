package dev.homeport.app.cli;

import dev.homeport.app.cli.DeployShapes.ReleaseLog;
import dev.homeport.app.cli.DeployShapes.ReleaseValue;
import dev.homeport.model.Deployment;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "releases", description = {
        "List a service's releases (its deployments), newest first: ID, state, when it started, how long it took, the image"
                + " it ran (short image ID), its node, and below, why it ended as it did and what changed since the release"
                + " before it. Secret values are compared, never shown.",
        "--log ID prints the stored log of one release."})
final class ReleasesCmd implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ORG/APP/ENV/SERVICE")
    String pathText;

    @Option(names = "--log", paramLabel = "ID", description = "Print the log of this release instead.")
    Long logOf;

    @Option(names = "--json", description = Output.JSON_HELP)
    boolean json;

    ReleasesCmd(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        long serviceId = context.inventory().resolve(path).id();
        if (logOf != null) {
            printLog(path, serviceId, logOf);
            return Cli.OK;
        }
        List<ReleaseValue> releases = new DeployCalls(context, spec.commandLine().getErr()).releases(serviceId, path.toString());
        if (json) {
            context.output().list(true, releases);
        } else if (releases.isEmpty()) {
            context.output().line("No releases of '" + path + "' yet; 'homeport deploy " + path + "' makes the first.");
        } else {
            List<Output.Row> table = new ArrayList<>();
            table.add(ReleaseValue.heading());
            table.addAll(releases);
            context.output().list(false, table);
        }
        return Cli.OK;
    }

    private void printLog(InventoryPath path, long serviceId, long deploymentId) {
        DeploymentHistory history = context.homeport().deployments();
        Deployment deployment = history.find(deploymentId);
        if (deployment.serviceId() != serviceId) {
            Inventory inventory = context.inventory();
            throw new CliException(Cli.FAILED, "Deployment #" + deploymentId + " is a release of '"
                    + inventory.pathOf(new Ref(Level.SERVICE, deployment.serviceId())) + "', not of '" + path + "'.");
        }
        List<String> lines = history.log(deploymentId);
        if (json) {
            context.output().json(new ReleaseLog(deploymentId, path.toString(), deployment.state().name(), lines));
            return;
        }
        lines.forEach(line -> context.output().line(Output.printable(line, false)));
    }
}
