package dev.homeport.app.cli;

import dev.homeport.app.cli.Shapes.VariableValue;
import dev.homeport.model.Check;
import dev.homeport.model.EnvFile;
import dev.homeport.model.ValidationException;
import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.vault.Secret;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "var", description = {"Set, unset and list the variables of an environment or a service.",
        "A service gets its environment's variables and its own; its own win where the keys are the same."
                + " Changes apply from the next deploy."})
final class VarCmd extends GroupCmd {
    private static final String PATH_LABEL = "ORG/APP/ENV[/SERVICE]";
    private static final String PATH_HELP = "An environment, or a service.";

    private final CliContext context;
    private final Items items;

    VarCmd(CliContext context) {
        this.context = context;
        this.items = new Items(context);
    }

    @Command(name = "set", description = {
            "Set plain variables: KEY=VALUE, each value exactly as the shell passes it.",
            "Set a secret with --secret and the KEY alone: the value is typed at the terminal without echo, read from"
                    + " piped input, or read from --from-file. A secret is never taken from the command line, where the"
                    + " process list and shell history would keep it. It is stored encrypted and never shown again.",
            "A file or piped input is taken byte for byte, except one line ending at its very end."})
    void set(@Parameters(index = "0", paramLabel = PATH_LABEL, description = PATH_HELP) String pathText,
             @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE",
                     description = "KEY=VALUE for plain variables; the KEY alone with --secret or --from-file.") List<String> arguments,
             @Option(names = "--secret", description = "Keep the value encrypted in the vault; it is never shown.") boolean secret,
             @Option(names = "--from-file", paramLabel = "FILE",
                     description = "Read the value of the one KEY from this file ('-' for standard input).") Path file) {
        Owner owner = owner(pathText);
        Inventory inventory = context.inventory();
        if (!secret && file == null) {
            Map<String, String> values = assignments(arguments);
            inventory.setVariables(owner.scope(), owner.id(), values, Map.of());
            context.output().line("Set " + String.join(", ", values.keySet()) + " on " + owner + "; " + owner.whenApplied());
            return;
        }
        String key = singleKey(arguments, secret);
        if (secret) {
            Secret value = Secret.of(ValueInput.secret(file, context.terminal(), "Value of " + key + " (not shown): "));
            inventory.setSecret(owner.scope(), owner.id(), key, value);
            context.output().line("Set secret " + key + " on " + owner + "; " + owner.whenApplied());
        } else {
            inventory.setVariable(owner.scope(), owner.id(), key, ValueInput.fromFile(file, context.terminal(), "the file"));
            context.output().line("Set " + key + " on " + owner + "; " + owner.whenApplied());
        }
    }

    @Command(name = "import", description = {
            "Set the variables of a .env file in one step: all of them, or (when one line is wrong) none.",
            "KEY=VALUE per line; blank lines and # comments are skipped; 'export ' before a key is allowed; values may be"
                    + " quoted (\"...\" with \\n escapes, or '...' as written). The keys given with --secret are kept"
                    + " encrypted in the vault, as with 'var set --secret'; each must be in the file."})
    void importFile(@Parameters(index = "0", paramLabel = PATH_LABEL, description = PATH_HELP) String pathText,
                    @Parameters(index = "1", paramLabel = "FILE", description = "The .env file, or - for standard input.") Path file,
                    @Option(names = "--secret", paramLabel = "KEY", description = "A key whose value is a secret; repeat for each.")
                    List<String> secretKeys) {
        Map<String, String> values = EnvFile.parse(CliFiles.readText(file, context.terminal().stdin(), "the env file"),
                file.toString().equals("-") ? "standard input" : file.toString());
        Set<String> secrets = new java.util.LinkedHashSet<>(secretKeys == null ? List.of() : secretKeys);
        for (String key : secrets) {
            if (!values.containsKey(key)) {
                throw new CliException(Cli.BAD_INPUT, "--secret " + Output.printable(key, false) + ": the file sets no such key;"
                        + " nothing was changed.");
            }
        }
        if (values.isEmpty()) {
            throw new CliException(Cli.BAD_INPUT, "The file sets no variables; nothing was changed.");
        }
        Owner owner = owner(pathText);
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, Secret> sealed = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (secrets.contains(key)) {
                sealed.put(key, Secret.of(value));
            } else {
                plain.put(key, value);
            }
        });
        context.inventory().setVariables(owner.scope(), owner.id(), plain, sealed);
        context.output().line("Set " + values.size() + (values.size() == 1 ? " variable" : " variables")
                + (sealed.isEmpty() ? "" : " (" + sealed.size() + " secret)") + " on " + owner + "; " + owner.whenApplied());
    }

    @Command(name = "unset", description = "Remove variables from an environment or a service.")
    void unset(@Parameters(index = "0", paramLabel = PATH_LABEL, description = PATH_HELP) String pathText,
               @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY") List<String> keys) {
        Owner owner = owner(pathText);
        Inventory inventory = context.inventory();
        Set<String> present = inventory.variables(owner.scope(), owner.id()).stream().map(Variable::key).collect(Collectors.toSet());
        for (String key : keys) {
            if (!present.contains(key)) {
                throw new CliException(Cli.FAILED, "No variable " + Output.printable(key, false) + " on " + owner + "; nothing was removed.");
            }
        }
        keys.forEach(key -> inventory.unsetVariable(owner.scope(), owner.id(), key));
        context.output().line("Unset " + String.join(", ", keys.stream().distinct().toList()) + " on " + owner + "; "
                + owner.whenApplied());
    }

    @Command(name = "list", description = "List the variables of an environment or a service; secret values show as (secret).")
    void list(@Parameters(paramLabel = PATH_LABEL, description = PATH_HELP) String pathText,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        Owner owner = owner(pathText);
        context.output().list(json, context.inventory().variables(owner.scope(), owner.id()).stream().map(VariableValue::of).toList());
    }

    /** KEY=VALUE arguments, in order; a key given twice keeps its last value. Checked before anything is written. */
    private static Map<String, String> assignments(List<String> arguments) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            if (equals < 0) {
                throw new CliException(Cli.BAD_INPUT, "Give KEY=VALUE, got '" + Output.printable(argument, false)
                        + "'. For a secret, give the KEY alone with --secret; nothing was changed.");
            }
            String key = Check.variableKey("key", argument.substring(0, equals));
            values.remove(key);
            values.put(key, Variable.checkValue(key, argument.substring(equals + 1)));
        }
        return values;
    }

    /**
     * The one KEY of {@code --secret} or {@code --from-file}. A secret given as KEY=VALUE is refused
     * without repeating it: it is already in the shell's history, and need not be on the screen too.
     */
    private static String singleKey(List<String> arguments, boolean secret) {
        String option = secret ? "--secret" : "--from-file";
        if (arguments.size() != 1) {
            throw new CliException(Cli.BAD_INPUT, option + " sets one variable: give its KEY alone; nothing was changed.");
        }
        String argument = arguments.getFirst();
        if (argument.contains("=")) {
            throw new CliException(Cli.BAD_INPUT, secret
                    ? "A secret value is never taken from the command line, where the process list and shell history keep it."
                    + " Give the KEY alone, then type the value, pipe it in, or pass --from-file FILE; nothing was changed."
                    : "With --from-file the value comes from the file: give the KEY alone; nothing was changed.");
        }
        return Check.variableKey("key", argument);
    }

    /** What a path names: an environment (three parts) or a service (four). */
    private Owner owner(String pathText) {
        InventoryPath path = InventoryPath.parse(pathText);
        VariableScope scope = switch (path.level()) {
            case ENVIRONMENT -> VariableScope.ENVIRONMENT;
            case SERVICE -> VariableScope.SERVICE;
            default -> throw new ValidationException("path", "'" + pathText + "' names an " + path.level().singular()
                    + "; variables belong to an environment (ORG/APP/ENV) or a service (ORG/APP/ENV/SERVICE)");
        };
        return new Owner(scope, items.resolve(path).id(), path);
    }

    private record Owner(VariableScope scope, long id, InventoryPath path) {
        String whenApplied() {
            return scope == VariableScope.SERVICE ? "it applies from the service's next deploy."
                    : "it applies from each service's next deploy.";
        }

        @Override
        public String toString() {
            return (scope == VariableScope.SERVICE ? Level.SERVICE : Level.ENVIRONMENT).singular() + " '" + path + "'";
        }
    }
}
