package dev.homeport.app.cli;

import dev.homeport.model.ValidationException;
import dev.homeport.model.inventory.DeletionPlan;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import dev.homeport.ssh.deploy.Undeploy;
import dev.homeport.ssh.deploy.UndeployPlan;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The steps all four levels share: finding an item by its path, renaming it and deleting it. */
final class Items {
    static final String YES_HELP = "Delete without asking; needed when input is not a terminal.";

    /** The options of every delete: {@code --yes}, and whether to take what runs on the nodes away too. */
    static final class DeleteOptions {
        @Option(names = {"-y", "--yes"}, description = YES_HELP)
        boolean yes;

        @Option(names = "--undeploy", description = {"Also remove what its services run on their nodes: containers, Caddy routes"
                + " and the images Homeport built (asks the nodes first, and shows what goes).",
                "If a node cannot be reached or something cannot be removed, nothing is deleted from the inventory."})
        boolean undeploy;

        @Option(names = "--remove-volumes", description = "With --undeploy: remove the named volumes its containers mount too"
                + " (kept without it).")
        boolean removeVolumes;
    }

    private final CliContext context;

    Items(CliContext context) {
        this.context = context;
    }

    Ref resolve(InventoryPath path) {
        return context.inventory().resolve(path);
    }

    void rename(Level level, String pathText, String newName) {
        InventoryPath path = InventoryPath.parse(pathText, level);
        Ref ref = resolve(path);
        context.inventory().rename(ref, newName);
        context.output().line("Renamed " + level.singular() + " '" + path + "' to '" + context.inventory().pathOf(ref) + "'.");
    }

    /**
     * Shows what would go, asks unless {@code --yes}, then deletes the item and everything under it; with
     * {@code --undeploy}, takes its services off their nodes first (see {@link Undeploy#deleteAfter}).
     */
    void delete(Level level, String pathText, DeleteOptions options) {
        InventoryPath path = InventoryPath.parse(pathText, level);
        if (options.removeVolumes && !options.undeploy) {
            throw new ValidationException("--remove-volumes", "applies only with --undeploy");
        }
        Inventory inventory = context.inventory();
        Ref ref = resolve(path);
        DeletionPlan plan = inventory.planDeletion(ref);
        if (!options.undeploy) {
            context.output().line(plan.describe());
            if (plan.leavesRunning()) {
                context.output().line("To remove them too: homeport " + command(level) + " delete " + path + " --undeploy");
            }
            if (!options.yes) {
                confirm();
            }
            inventory.delete(ref);
            context.output().line("Deleted " + level.singular() + " '" + path + "'.");
            return;
        }
        TerminalPrompts prompts = new TerminalPrompts(context.terminal());
        Undeploy undeploy = context.homeport().undeploy();
        UndeployPlan onNodes = undeploy.plan(ref, options.removeVolumes, prompts);
        context.output().line(plan.undeploying().describe());
        context.output().line("On its nodes, this removes:");
        onNodes.describe().forEach(line -> context.output().line("  • " + line));
        if (!options.yes) {
            confirm();
        }
        Undeploy.Result result = undeploy.deleteAfter(onNodes, prompts, line -> context.output().line(line));
        if (!result.deleted()) {
            throw new CliException(Cli.FAILED, "'" + path + "' stays in the inventory: " + result.failed().size()
                    + " thing(s) on its nodes could not be removed:\n  " + String.join("\n  ", result.failed())
                    + "\nIts node keys are what find them, so nothing was deleted from the inventory. Run the delete again when"
                    + " the node is back, or delete without --undeploy to leave them running.");
        }
        context.output().line("Deleted " + level.singular() + " '" + path + "' and removed what it ran on its nodes.");
    }

    /** The command of a level, as {@code homeport <command> delete} takes it. */
    private static String command(Level level) {
        return switch (level) {
            case ORGANISATION -> "org";
            case APPLICATION -> "app";
            case ENVIRONMENT -> "env";
            case SERVICE -> "service";
        };
    }

    private void confirm() {
        Terminal terminal = context.terminal();
        if (!terminal.interactive()) {
            throw new CliException(Cli.BAD_INPUT, "Nothing was deleted: input is not a terminal, so pass --yes to confirm.");
        }
        String answer = terminal.readLine("Delete? [y/N] ");
        if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
            throw new CliException(Cli.FAILED, "Cancelled; nothing was deleted.");
        }
    }
}
