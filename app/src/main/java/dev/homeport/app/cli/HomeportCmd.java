package dev.homeport.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root: global options, help and version. Every subcommand inherits them. */
@Command(name = "homeport",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = HomeportCmd.Version.class,
        description = {"Keep the inventory of your organisations, applications, environments and services,"
                + " and the Worker Nodes and SSH keys they run on.",
                "Deploy services to their nodes, roll them back, and read their releases and logs."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:it worked", "1:the operation failed (store locked, not found, I/O error, a deployment FAILED)",
                "2:bad input (usage, invalid value, broken import file)",
                "3:a Worker Node is not ready (node probe or provision: a check FAILED; node status: a node is not UP)"},
        footer = {"%nItems are named by path: ORG, ORG/APP, ORG/APP/ENV or ORG/APP/ENV/SERVICE.",
                "Worker Nodes and SSH keys are named by their NAME alone.",
                "'homeport node exec' exits with the remote command's status."})
final class HomeportCmd extends GroupCmd {
    /** Read by {@link Cli} from the parse result, so its place in the command line does not matter. */
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
    boolean verbose;

    /** The version from the jar's manifest, or "dev" when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HomeportCmd.class.getPackage().getImplementationVersion();
            return new String[] {"homeport " + (version == null ? "dev" : version)};
        }
    }
}
