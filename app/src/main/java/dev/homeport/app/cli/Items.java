package dev.homeport.app.cli;

import dev.homeport.model.inventory.DeletionPlan;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import java.util.Locale;

/** The steps all four levels share: finding an item by its path, renaming it and deleting it. */
final class Items {
    static final String YES_HELP = "Delete without asking; needed when input is not a terminal.";

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

    /** Shows what would go, asks unless {@code yes}, then deletes the item and everything under it. */
    void delete(Level level, String pathText, boolean yes) {
        InventoryPath path = InventoryPath.parse(pathText, level);
        Inventory inventory = context.inventory();
        Ref ref = resolve(path);
        DeletionPlan plan = inventory.planDeletion(ref);
        context.output().line(plan.describe());
        if (!yes) {
            confirm();
        }
        inventory.delete(ref);
        context.output().line("Deleted " + level.singular() + " '" + path + "'.");
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
