package dev.homeport.app.cli;

import dev.homeport.app.cli.Shapes.ServiceDetails;
import dev.homeport.app.cli.Shapes.ServiceRow;
import dev.homeport.app.cli.Shapes.VariableValue;
import dev.homeport.model.Domain;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.ValidationException;
import dev.homeport.model.VariableScope;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "service", description = "Create, list, show, rename and delete services.")
final class ServiceCmd extends GroupCmd {
    private static final Pattern MEMORY = Pattern.compile("(\\d{1,9})([mg]?)");

    private final CliContext context;
    private final Items items;

    ServiceCmd(CliContext context) {
        this.context = context;
        this.items = new Items(context);
    }

    @Command(name = "create", description = "Create a service. Give exactly one source: --image, --git or --folder.")
    void create(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText, @Mixin Settings settings) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        ServiceSource source = settings.source();
        Integer memoryMb = settings.memory == null ? null : memoryMb(settings.memory);
        long environmentId = items.resolve(path.parent()).id();
        Service service = context.inventory().createService(new Service(0, environmentId, path.name(), source,
                settings.port, settings.healthPath, settings.cpus, memoryMb));
        context.output().line("Created service '" + path + "' (" + service.kind().label() + " " + source.describe() + ").");
    }

    @Command(name = "list", description = "List the services of an environment.")
    void list(@Parameters(paramLabel = "ORG/APP/ENV") String pathText,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        InventoryPath environment = InventoryPath.parse(pathText, Level.ENVIRONMENT);
        context.output().list(json, context.inventory().services(items.resolve(environment).id()).stream()
                .map(s -> ServiceRow.of(environment, s)).toList());
    }

    @Command(name = "show", description = "Show a service: source, port, limits, domains and variables (secret values are never shown).")
    void show(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        Inventory inventory = context.inventory();
        Service service = inventory.service(items.resolve(path).id());
        context.output().details(json, ServiceDetails.of(path, service,
                inventory.domains(service.id()).stream().map(Domain::hostname).toList(),
                inventory.variables(VariableScope.SERVICE, service.id()).stream().map(VariableValue::of).toList()));
    }

    @Command(name = "rename", description = "Rename a service.")
    void rename(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String path, @Parameters(paramLabel = "NEW_NAME") String newName) {
        items.rename(Level.SERVICE, path, newName);
    }

    @Command(name = "delete", description = "Delete a service with its domains and variables, after showing what goes.")
    void delete(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String path,
                @Option(names = {"-y", "--yes"}, description = Items.YES_HELP) boolean yes) {
        items.delete(Level.SERVICE, path, yes);
    }

    /** A memory size in MB: {@code 512} and {@code 512m} are megabytes, {@code 1g} is 1024 MB. */
    static int memoryMb(String text) {
        Matcher size = MEMORY.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!size.matches()) {
            throw new ValidationException("memory", "must be a size such as 256m, 1g or 512 (megabytes), got '"
                    + Output.printable(text, false) + "'");
        }
        long megabytes = Long.parseLong(size.group(1)) * (size.group(2).equals("g") ? 1024 : 1);
        if (megabytes > Integer.MAX_VALUE) {
            throw new ValidationException("memory", "is too large: " + text);
        }
        return (int) megabytes;
    }

    /** The options of {@code service create}. */
    static final class Settings {
        @Option(names = "--image", paramLabel = "REF", description = "Run this image, such as nginx:1.27.")
        String image;

        @Option(names = "--git", paramLabel = "URL", description = "Build this repository on the node.")
        String git;

        @Option(names = "--ref", paramLabel = "REF", description = "With --git: the branch, tag or commit (default: main).")
        String ref;

        @Option(names = "--context", paramLabel = "DIR", description = "With --git: the build context in the repository (default: .).")
        String buildContext;

        @Option(names = "--folder", paramLabel = "PATH", description = "Build this folder of this machine on the node.")
        Path folder;

        @Option(names = "--dockerfile", paramLabel = "FILE", description = "With --git or --folder: the Dockerfile (default: Dockerfile).")
        String dockerfile;

        @Option(names = "--port", paramLabel = "N", description = "The port the container listens on.")
        Integer port;

        @Option(names = "--health-path", paramLabel = "PATH", defaultValue = Service.DEFAULT_HEALTH_CHECK_PATH,
                description = "The HTTP path that answers when the service is healthy (default: ${DEFAULT-VALUE}).")
        String healthPath;

        @Option(names = "--cpus", paramLabel = "N", description = "The CPU limit, such as 0.5 or 2 (default: unlimited).")
        Double cpus;

        @Option(names = "--memory", paramLabel = "SIZE", description = "The memory limit, such as 256m, 1g or 512 (MB) (default: unlimited).")
        String memory;

        ServiceSource source() {
            int given = (image != null ? 1 : 0) + (git != null ? 1 : 0) + (folder != null ? 1 : 0);
            if (given != 1) {
                throw new ValidationException("source", "give exactly one of --image, --git or --folder");
            }
            if (image != null) {
                onlyWith("--git or --folder", "--dockerfile", dockerfile);
                onlyWith("--git", "--ref", ref);
                onlyWith("--git", "--context", buildContext);
                return new ServiceSource.Image(image);
            }
            String file = dockerfile == null ? "Dockerfile" : dockerfile;
            if (git != null) {
                return new ServiceSource.Git(git, ref == null ? "main" : ref, file, buildContext == null ? "." : buildContext);
            }
            onlyWith("--git", "--ref", ref);
            onlyWith("--git", "--context", buildContext);
            return new ServiceSource.Folder(folder.toAbsolutePath().normalize().toString(), file);
        }

        private static void onlyWith(String source, String option, String value) {
            if (value != null) {
                throw new ValidationException(option, "applies only with " + source);
            }
        }
    }
}
