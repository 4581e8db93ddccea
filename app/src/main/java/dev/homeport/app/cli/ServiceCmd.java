package dev.homeport.app.cli;

import dev.homeport.app.cli.Shapes.ServiceDetails;
import dev.homeport.app.cli.Shapes.ServiceRow;
import dev.homeport.app.cli.Shapes.VariableValue;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.Deployment;
import dev.homeport.model.Domain;
import dev.homeport.model.HealthGate;
import dev.homeport.model.RestartPolicy;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.ValidationException;
import dev.homeport.model.VariableScope;
import dev.homeport.model.Volume;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.vault.Sealed;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.deploy.DeployService;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "service", description = {"Create, list, show, change, rename and delete services.",
        "Start, stop and restart the container of a service's live release."})
final class ServiceCmd extends GroupCmd {
    private final CliContext context;
    private final Items items;

    ServiceCmd(CliContext context) {
        this.context = context;
        this.items = new Items(context);
    }

    @Command(name = "create", description = {"Create a service. Give exactly one source: --image, --git or --folder.",
            "A private git repository is reached with a deploy key from 'homeport key' (for an ssh URL) or a token"
                    + " (for an https URL). A token is read from a file or from input, never from the command line."})
    void create(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText, @Mixin Source sourceOptions,
                @Mixin Settings settings) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        ServiceSource source = withRegistry(sourceOptions.source(), sourceOptions.registry, path);
        if (!(source instanceof ServiceSource.Git) && settings.gitAccessGiven()) {
            throw new ValidationException(settings.gitAccessOption(), "applies only with --git");
        }
        Integer memoryMb = settings.memory == null ? null : Settings.named(() -> Service.parseMemoryLimitMb(settings.memory));
        long environmentId = items.resolve(path.parent()).id();
        DeployOptions options = settings.options(DeployOptions.defaults());
        Service draft = Settings.named(() -> new Service(0, environmentId, path.name(), source, settings.port, settings.healthPath,
                settings.cpus, memoryMb, options));
        if (source instanceof ServiceSource.Git git && settings.gitAccessGiven()) {
            draft = withSource(draft, withAccess(git, settings));
        }
        Service service = context.inventory().createService(draft);
        context.output().line("Created service '" + path + "' (" + service.kind().label() + " " + source.describe() + ")."
                + deployKeyHint(service.source()));
    }

    @Command(name = "set", description = {"Change a service's settings; only the options given change, and they apply from"
            + " the next deploy.",
            "The kind of source stays: --image for an image service; --git (a new URL), --ref, --context and --dockerfile"
                    + " for a git service; --folder and --dockerfile for a folder service."})
    void set(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText, @Mixin Source sourceOptions,
             @Mixin Settings settings,
             @Option(names = "--no-volumes", description = "Mount no volumes.") boolean noVolumes,
             @Option(names = "--no-git-access", description = "Forget the git deploy key or token: the repository is public.")
             boolean noGitAccess) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        if (!sourceOptions.given() && !settings.given() && !noVolumes && !noGitAccess) {
            throw new CliException(Cli.BAD_INPUT, "Nothing to change: give at least one option (see 'homeport service set --help').");
        }
        if (noVolumes && settings.volumes != null) {
            throw new ValidationException("--no-volumes", "give it or --volume, not both");
        }
        if (noGitAccess && settings.gitAccessGiven()) {
            throw new ValidationException("--no-git-access", "give it or " + settings.gitAccessOption() + ", not both");
        }
        Inventory inventory = context.inventory();
        Service current = inventory.service(items.resolve(path).id());
        boolean newAccess = settings.gitAccessGiven() || noGitAccess;
        if (newAccess && !(current.source() instanceof ServiceSource.Git)) {
            throw new ValidationException(noGitAccess ? "--no-git-access" : settings.gitAccessOption(), "applies only to git services");
        }
        // Access that is replaced is dropped first: a token does not fit a new ssh URL, but the deploy key given with it does.
        ServiceSource source = withRegistry(sourceOptions.changed(newAccess ? withoutAccess((ServiceSource.Git) current.source()) : current.source()),
                sourceOptions.registry, path);
        DeployOptions options = settings.options(current.options());
        Integer memoryMb = settings.memory == null ? current.memoryLimitMb() : Settings.named(() -> Service.parseMemoryLimitMb(settings.memory));
        // Everything else is checked here, before a token is asked for.
        Service changed = Settings.named(() -> new Service(current.id(), current.environmentId(), current.name(), source,
                settings.port == null ? current.port() : settings.port,
                settings.healthPath == null ? current.healthCheckPath() : settings.healthPath,
                settings.cpus == null ? current.cpuLimit() : settings.cpus, memoryMb,
                noVolumes ? options.withVolumes(List.of()) : options));
        if (settings.gitAccessGiven()) {
            changed = withSource(changed, withAccess((ServiceSource.Git) source, settings));
        }
        Service saved = inventory.updateService(changed);
        context.output().line("Changed service '" + path + "'; the changes apply from its next deploy." + deployKeyHint(
                settings.deployKey == null ? null : saved.source()));
    }

    @Command(name = "list", description = "List the services of an environment.")
    void list(@Parameters(paramLabel = "ORG/APP/ENV") String pathText,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        InventoryPath environment = InventoryPath.parse(pathText, Level.ENVIRONMENT);
        context.output().list(json, context.inventory().services(items.resolve(environment).id()).stream()
                .map(s -> ServiceRow.of(environment, s)).toList());
    }

    @Command(name = "show", description = "Show a service: source, port, health check, limits, restart policy, volumes,"
            + " releases kept, drain time, domains and variables (secret values and git tokens are never shown).")
    void show(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        Inventory inventory = context.inventory();
        Service service = inventory.service(items.resolve(path).id());
        context.output().details(json, ServiceDetails.of(path, service,
                inventory.domains(service.id()).stream().map(Domain::hostname).toList(),
                inventory.variables(VariableScope.SERVICE, service.id()).stream().map(VariableValue::of).toList(),
                id -> context.homeport().keys().identity(id).name(),
                id -> {
                    var login = inventory.registryCredential(id);
                    return login.username() + " on " + login.registry();
                }));
    }

    @Command(name = "start", description = "Start the container of a service's live release again, after 'service stop'.")
    void start(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText) {
        onLiveRelease(pathText, "Started", DeployService::start);
    }

    @Command(name = "stop", description = {"Stop the container of a service's live release.",
            "Its domains stay routed to it, so requests to them fail until 'homeport service start'."})
    void stop(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText) {
        onLiveRelease(pathText, "Stopped", DeployService::stop);
    }

    @Command(name = "restart", description = "Restart the container of a service's live release.")
    void restart(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText) {
        onLiveRelease(pathText, "Restarted", DeployService::restart);
    }

    @Command(name = "scale", description = {"Run N replicas of a service on its environment's cluster now, without a new release.",
            "The number is kept for later releases too (as 'service set --replicas'). In a one-node environment only the number"
                    + " is kept, for when its nodes form a cluster."})
    void scale(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText, @Parameters(paramLabel = "N") int replicas) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        long serviceId = items.resolve(path).id();
        TerminalPrompts prompts = new DeployCalls(context, spec.commandLine().getErr()).promptsForLiveNode(serviceId);
        context.output().line(context.homeport().deployService().scale(serviceId, replicas, prompts));
    }

    @Command(name = "rename", description = "Rename a service.")
    void rename(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String path, @Parameters(paramLabel = "NEW_NAME") String newName) {
        items.rename(Level.SERVICE, path, newName);
    }

    @Command(name = "delete", description = "Delete a service with its domains and variables, after showing what goes.")
    void delete(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String path,
                @Mixin Items.DeleteOptions options) {
        items.delete(Level.SERVICE, path, options);
    }

    private interface LiveAction {
        void run(DeployService deploys, long serviceId, Prompts prompts);
    }

    private void onLiveRelease(String pathText, String done, LiveAction action) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        long serviceId = items.resolve(path).id();
        DeployCalls calls = new DeployCalls(context, spec.commandLine().getErr());
        TerminalPrompts prompts = calls.promptsForLiveNode(serviceId);
        action.run(context.homeport().deployService(), serviceId, prompts);
        Optional<Deployment> live = context.homeport().deployments().live(serviceId);
        boolean cluster = context.homeport().nodes().cluster(context.inventory().service(serviceId).environmentId()).isPresent();
        context.output().line(done + " service '" + path + "'" + live.map(d -> " (deployment #" + d.id() + " on "
                + (cluster ? "the cluster" : calls.nodeName(d.nodeId())) + ")").orElse("") + ".");
    }

    /** How to let a repository in: its public key goes to the repository's deploy keys. */
    private String deployKeyHint(ServiceSource source) {
        if (!(source instanceof ServiceSource.Git git) || git.deployKeyId() == null) {
            return "";
        }
        String key = context.homeport().keys().identity(git.deployKeyId()).name();
        return " Add the public key of '" + key + "' to the repository as a read-only deploy key; 'homeport key show " + key
                + "' prints it.";
    }

    /** The git source with the deploy key or token the options give; a token is read now, from its file or from input. */
    private ServiceSource.Git withAccess(ServiceSource.Git git, Settings settings) {
        if (settings.deployKey != null) {
            long keyId = context.homeport().keys().identity(settings.deployKey).id();
            return new ServiceSource.Git(git.url(), git.ref(), git.dockerfile(), git.context(), keyId, null);
        }
        Terminal terminal = context.terminal();
        String token = settings.gitTokenFile != null
                ? ValueInput.fromFile(settings.gitTokenFile, terminal, "the token file")
                : ValueInput.secret(null, terminal, "Token for " + git.url() + " (not shown): ");
        Sealed sealed = context.inventory().sealGitToken(Secret.of(ValueInput.oneLine(token, "A git token")));
        return new ServiceSource.Git(git.url(), git.ref(), git.dockerfile(), git.context(), null, sealed);
    }

    private static ServiceSource.Git withoutAccess(ServiceSource.Git git) {
        return new ServiceSource.Git(git.url(), git.ref(), git.dockerfile(), git.context());
    }

    private static Service withSource(Service service, ServiceSource source) {
        return new Service(service.id(), service.environmentId(), service.name(), source, service.port(), service.healthCheckPath(),
                service.cpuLimit(), service.memoryLimitMb(), service.options());
    }

    /** A health gate as typed: http, tcp, image or running; {@code default} (null) lets the port decide. */
    static HealthGate healthGate(String text) {
        if (text.equalsIgnoreCase("default")) {
            return null;
        }
        try {
            return HealthGate.parse(text);
        } catch (ValidationException e) {
            throw new ValidationException("--health", "must be http, tcp, image, running or default, got '"
                    + Output.printable(text, false) + "'");
        }
    }

    /** Where the image comes from: for create, exactly one of --image, --git or --folder; for set, changes within its kind. */
    static final class Source {
        @Option(names = "--image", paramLabel = "REF", description = "Run this image, such as nginx:1.27.")
        String image;

        @Option(names = "--git", paramLabel = "URL", description = "Build this repository on the node.")
        String git;

        @Option(names = "--ref", paramLabel = "REF", description = "With --git: the branch, tag or commit (default: "
                + ServiceSource.Git.DEFAULT_REF + ").")
        String ref;

        @Option(names = "--context", paramLabel = "DIR", description = "With --git: the build context in the repository (default: "
                + ServiceSource.Git.DEFAULT_CONTEXT + ").")
        String buildContext;

        @Option(names = "--folder", paramLabel = "PATH", description = "Build this folder of this machine on the node.")
        Path folder;

        @Option(names = "--dockerfile", paramLabel = "FILE", description = "With --git or --folder: the Dockerfile (default: "
                + ServiceSource.DEFAULT_DOCKERFILE + ").")
        String dockerfile;

        @Option(names = "--registry", paramLabel = "REGISTRY",
                description = "With an image: pull with the organisation's login for this registry (see 'homeport registry').")
        String registry;

        boolean given() {
            return image != null || git != null || ref != null || buildContext != null || folder != null || dockerfile != null
                    || registry != null;
        }

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
            if (git != null) {
                return new ServiceSource.Git(git, ref, dockerfile, buildContext);
            }
            onlyWith("--git", "--ref", ref);
            onlyWith("--git", "--context", buildContext);
            return new ServiceSource.Folder(absolute(folder), dockerfile);
        }

        /** {@code current} with the changes given; an option for another kind of source is refused. */
        ServiceSource changed(ServiceSource current) {
            return switch (current) {
                case ServiceSource.Image i -> {
                    notFor("an image", "--git", git, "--ref", ref, "--context", buildContext, "--folder", folder, "--dockerfile", dockerfile);
                    yield image == null ? i : new ServiceSource.Image(image, i.registryCredentialId());
                }
                case ServiceSource.Git g -> {
                    notFor("a git", "--image", image, "--folder", folder);
                    yield new ServiceSource.Git(git == null ? g.url() : git, ref == null ? g.ref() : ref,
                            dockerfile == null ? g.dockerfile() : dockerfile, buildContext == null ? g.context() : buildContext,
                            g.deployKeyId(), g.token());
                }
                case ServiceSource.Folder f -> {
                    notFor("a folder", "--image", image, "--git", git, "--ref", ref, "--context", buildContext);
                    yield new ServiceSource.Folder(folder == null ? f.path() : absolute(folder), dockerfile == null ? f.dockerfile() : dockerfile);
                }
            };
        }

        private static String absolute(Path folder) {
            return folder.toAbsolutePath().normalize().toString();
        }

        private static void onlyWith(String source, String option, String value) {
            if (value != null) {
                throw new ValidationException(option, "applies only with " + source);
            }
        }

        /** Pairs of option name and value: any value given is refused for this kind of service. */
        private static void notFor(String kind, Object... optionsAndValues) {
            for (int i = 0; i < optionsAndValues.length; i += 2) {
                if (optionsAndValues[i + 1] != null) {
                    throw new ValidationException((String) optionsAndValues[i], "does not apply to " + kind
                            + " service; a service's kind of source cannot change (create another service instead)");
                }
            }
        }
    }

    /**
     * The settings create and set share. An option not given keeps the default (create)
     * or the current value (set).
     */
    static final class Settings {
        /** The model's field names for deploy options, as the options that set them are named. */
        private static final Map<String, String> OPTION_OF = Map.of("healthTimeout", "--health-timeout", "restart", "--restart",
                "volume", "--volume", "keepReleases", "--keep", "drain", "--drain", "healthGate", "--health", "memoryLimitMb", "--memory", "replicas", "--replicas", "pinnedNode", "--pin");

        @Option(names = "--port", paramLabel = "N", description = "The port the container listens on.")
        Integer port;

        @Option(names = "--health-path", paramLabel = "PATH",
                description = "The path an HTTP health check asks for, such as /healthz (default: /).")
        String healthPath;

        @Option(names = "--health", paramLabel = "GATE", description = "How a new release proves it works before traffic moves"
                + " to it: http (GET the health path, expect 2xx or 3xx), tcp (the port accepts a connection), image (the image's"
                + " own HEALTHCHECK), or running (still running a few seconds after it started). Default: http with a port,"
                + " running without; 'default' goes back to that.")
        String health;

        @Option(names = "--health-timeout", paramLabel = "SECONDS",
                description = "How long the health check may take before the release fails (default: 60).")
        Integer healthTimeout;

        @Option(names = "--cpus", paramLabel = "N", description = "The CPU limit, such as 0.5 or 2 (default: unlimited).")
        Double cpus;

        @Option(names = "--memory", paramLabel = "SIZE", description = "The memory limit, such as 256m, 1g or 512 (MB) (default: unlimited).")
        String memory;

        @Option(names = "--restart", paramLabel = "POLICY",
                description = "Docker's restart policy: no, always, unless-stopped or on-failure (default: unless-stopped).")
        String restart;

        @Option(names = "--volume", paramLabel = "SOURCE:TARGET[:ro]", description = "Mount a named volume or a folder of the"
                + " node, as docker run -v does, such as data:/var/lib/app or /srv/media:/media:ro. Repeat for more; with set,"
                + " the volumes given replace all others.")
        List<String> volumes;

        @Option(names = "--keep", paramLabel = "N", description = "How many releases to keep on the node for rollback (default: 5).")
        Integer keep;

        @Option(names = "--drain", paramLabel = "SECONDS", description = "How long the previous release keeps running after"
                + " traffic moved, so its requests finish (default: 5).")
        Integer drain;

        @Option(names = "--replicas", paramLabel = "N", description = "How many replicas run when the environment's nodes form a"
                + " cluster (default: 1). A one-node environment runs one container. To change it without a new release,"
                + " use 'homeport service scale'.")
        Integer replicas;

        @Option(names = "--pin", paramLabel = "NODE", description = "On a cluster, run every replica on this Worker Node of the"
                + " environment (a database that stays where its volume is), from the next release.")
        String pin;

        @Option(names = "--no-pin", description = "Let Swarm spread the replicas over the cluster's nodes again (the default).")
        boolean noPin;

        @Option(names = "--deploy-key", paramLabel = "KEY", description = "With --git: reach a private repository (ssh URL)"
                + " with this key from 'homeport key'.")
        String deployKey;

        @Option(names = "--git-token-file", paramLabel = "FILE", description = "With --git: reach a private repository"
                + " (https URL) with the token in this file; it is kept encrypted and never shown.")
        Path gitTokenFile;

        @Option(names = "--git-token-stdin", description = "Like --git-token-file, with the token typed at the terminal"
                + " (not shown) or piped to standard input.")
        boolean gitTokenStdin;

        boolean given() {
            return port != null || healthPath != null || health != null || healthTimeout != null || cpus != null || memory != null
                    || restart != null || volumes != null || keep != null || drain != null || replicas != null
                    || pin != null || noPin || gitAccessGiven();
        }

        boolean gitAccessGiven() {
            int given = (deployKey != null ? 1 : 0) + (gitTokenFile != null ? 1 : 0) + (gitTokenStdin ? 1 : 0);
            if (given > 1) {
                throw new ValidationException("git access", "give one of --deploy-key, --git-token-file or --git-token-stdin");
            }
            return given == 1;
        }

        String gitAccessOption() {
            return deployKey != null ? "--deploy-key" : gitTokenFile != null ? "--git-token-file" : "--git-token-stdin";
        }

        /** {@code base} with the options given; an error names the option. */
        DeployOptions options(DeployOptions base) {
            return named(() -> {
                DeployOptions options = base;
                if (health != null || healthTimeout != null) {
                    options = options.withHealth(health == null ? options.healthGate() : healthGate(health),
                            healthTimeout == null ? options.healthTimeoutSeconds() : healthTimeout);
                }
                if (restart != null) {
                    options = options.withRestart(RestartPolicy.parse(restart));
                }
                if (volumes != null) {
                    options = options.withVolumes(volumes.stream().map(Volume::parse).toList());
                }
                if (keep != null) {
                    options = options.withKeepReleases(keep);
                }
                if (drain != null) {
                    options = options.withDrainSeconds(drain);
                }
                if (replicas != null) {
                    options = options.withReplicas(replicas);
                }
                if (pin != null && noPin) {
                    throw new ValidationException("--pin", "and --no-pin cannot be given together");
                }
                if (pin != null || noPin) {
                    options = options.withPinnedNode(noPin ? null : pin);
                }
                return options;
            });
        }

        static <T> T named(Supplier<T> work) {
            try {
                return work.get();
            } catch (ValidationException e) {
                String option = OPTION_OF.get(e.field());
                throw option == null ? e : new ValidationException(option, e.rule());
            }
        }
    }

    /** An image source that pulls with the organisation's login for {@code registry}; unchanged when none is named. */
    private ServiceSource withRegistry(ServiceSource source, String registry, InventoryPath path) {
        if (registry == null) {
            return source;
        }
        if (!(source instanceof ServiceSource.Image image)) {
            throw new ValidationException("--registry", "applies only to image services");
        }
        String org = path.parts().getFirst();
        long organisationId = items.resolve(InventoryPath.parse(org, Level.ORGANISATION)).id();
        var credential = context.inventory().registryCredential(organisationId, registry)
                .orElseThrow(() -> new ValidationException("--registry", "organisation '" + org + "' has no login for " + registry
                        + "; add one with 'homeport registry add " + org + " " + registry + " --user NAME'"));
        return new ServiceSource.Image(image.image(), credential.id());
    }
}
