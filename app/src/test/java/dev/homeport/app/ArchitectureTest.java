package dev.homeport.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layering rules: model ← ssh ← app, no package cycles, the layers inside ssh, threads only
 * where docs/architecture.md lists them, and only the CLI writes to the console.
 */
class ArchitectureTest {
    private final JavaClasses all = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Under `verify` the ssh module's test classes come as its test jar, which DO_NOT_INCLUDE_TESTS does not know.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.homeport");

    @Test
    void onlyTheAppUsesJavaFx() {
        noClasses().that().resideInAnyPackage("dev.homeport.model..", "dev.homeport.ssh..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "atlantafx..", "dev.homeport.app..")
                .check(all);
    }

    @Test
    void theModelDoesNotUseSsh() {
        noClasses().that().resideInAPackage("dev.homeport.model..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.homeport.ssh..", "org.apache.sshd..")
                .check(all);
    }

    @Test
    void onlyTheCliWritesToTheConsole() {
        noClasses().that().resideOutsideOfPackage("dev.homeport.app.cli..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(all);
    }

    @Test
    void theDesktopAndTheCliDoNotCallEachOther() {
        noClasses().that().resideInAPackage("dev.homeport.app.desktop..")
                .should().dependOnClassesThat().resideInAPackage("dev.homeport.app.cli..")
                .check(all);
        noClasses().that().resideInAPackage("dev.homeport.app.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.homeport.app.desktop..")
                .check(all);
    }

    /** The feature packages of each module (and of the desktop) depend on each other without cycles. */
    @ParameterizedTest
    @ValueSource(strings = {"dev.homeport.model.(*)..", "dev.homeport.ssh.(*)..", "dev.homeport.app.(*)..", "dev.homeport.app.desktop.(*).."})
    void noPackageCycles(String feature) {
        slices().matching(feature).should().beFreeOfCycles().check(all);
    }

    /**
     * Inside ssh: the transport at the bottom; the clients of what runs on a node above it; the
     * node service above those; the operations on top, which nothing else in ssh uses, but for
     * the cluster's membership, which deploys to a cluster will use.
     */
    @Test
    void theSshLayers() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Transport").definedBy("dev.homeport.ssh.transport..")
                .layer("Clients").definedBy("dev.homeport.ssh.docker..", "dev.homeport.ssh.netdata..", "dev.homeport.ssh.proxy..",
                        "dev.homeport.ssh.keys..")
                .layer("Nodes").definedBy("dev.homeport.ssh.nodes..")
                .layer("Deploy").definedBy("dev.homeport.ssh.deploy..")
                .layer("Health").definedBy("dev.homeport.ssh.health..")
                .layer("Provision").definedBy("dev.homeport.ssh.provision..")
                .layer("Alerts").definedBy("dev.homeport.ssh.alerts..")
                .layer("Cluster").definedBy("dev.homeport.ssh.swarm..")
                .layer("Tunnel").definedBy("dev.homeport.ssh.tunnel..")
                .whereLayer("Deploy").mayNotBeAccessedByAnyLayer()
                .whereLayer("Health").mayNotBeAccessedByAnyLayer()
                .whereLayer("Provision").mayNotBeAccessedByAnyLayer()
                .whereLayer("Alerts").mayNotBeAccessedByAnyLayer()
                .whereLayer("Cluster").mayOnlyBeAccessedByLayers("Deploy")
                .whereLayer("Tunnel").mayOnlyBeAccessedByLayers("Deploy")
                .whereLayer("Nodes").mayOnlyBeAccessedByLayers("Deploy", "Health", "Provision", "Alerts", "Cluster", "Tunnel")
                .whereLayer("Clients").mayOnlyBeAccessedByLayers("Nodes", "Deploy", "Health", "Provision", "Alerts", "Cluster")
                .check(all);
    }

    /**
     * Threads are started (and executors made) only in the places docs/architecture.md lists:
     * everywhere else, work goes through the desktop's Tasks and Poller, or the ssh and store
     * classes that own a thread for a reason of their own.
     */
    @Test
    void threadsStartOnlyWhereTheArchitectureSays() {
        noClasses().that(DescribedPredicate.not(listedIn(
                        // the desktop: one-shot work, and periodic refresh
                        "dev.homeport.app.desktop.Tasks", "dev.homeport.app.desktop.Poller",
                        // the Logs tab's one worker: lines parsed, merged and filtered off the FX thread
                        "dev.homeport.app.desktop.services.LogIngest",
                        // the command line (no FX thread): shutdown hooks, and standard input copied to a remote process
                        "dev.homeport.app.cli.CancelOnExit", "dev.homeport.app.cli.LogsCmd", "dev.homeport.app.cli.RemoteExec",
                        // the command line's tunnel and shell: a shutdown hook, and standard input read (or typed into the shell)
                        "dev.homeport.app.cli.TunnelCmd", "dev.homeport.app.cli.ShellCmd",
                        // the command line while the app is open: the app's server (its accept loop, a thread per
                        // command and one reading the client's frames) and the client (Ctrl-C, and input sent on request)
                        "dev.homeport.app.cli.CliServer", "dev.homeport.app.cli.CliClient",
                        // start-up: the logger warmed up in the background
                        "dev.homeport.app.Main",
                        // the store's one thread
                        "dev.homeport.model.store.Store",
                        // ssh: a connection's idle janitor, and the readers of a channel's output
                        "dev.homeport.ssh.transport.NodeConnections", "dev.homeport.ssh.transport.RemoteProcess",
                        "dev.homeport.ssh.transport.QuickShell",
                        // docker-java over dial-stdio: stdin, stderr and the rest of a response, pumped; idle channels swept
                        "dev.homeport.ssh.docker.DialStdioChannel", "dev.homeport.ssh.docker.DialStdioHttpClient",
                        "dev.homeport.ssh.docker.DialStdioResponse", "dev.homeport.ssh.docker.DialStdioPool",
                        // an image copied between nodes: its source read once, each target loading on its own thread
                        "dev.homeport.ssh.docker.ImageTransfer",
                        // a Swarm service's logs, read with their details
                        "dev.homeport.ssh.docker.ServiceLogs",
                        // the health monitor: a watch per node, a check with a timeout, one event thread
                        "dev.homeport.ssh.health.NodeHealthMonitor", "dev.homeport.ssh.health.NodeWatch",
                        // a deployment's pipeline, and a build context filtered as it streams
                        "dev.homeport.ssh.deploy.DeployService", "dev.homeport.ssh.deploy.DockerIgnore",
                        // the crash watch: one Docker event stream per node, kept open
                        "dev.homeport.ssh.deploy.CrashWatch",
                        // a DNS lookup with a timeout
                        "dev.homeport.ssh.proxy.DnsCheck",
                        // the usage of each container, read side by side (for the CLI and the node page alike)
                        "dev.homeport.ssh.nodes.ContainerUsages",
                        // a tunnel: its accept loop, and two copying threads per connection
                        "dev.homeport.ssh.tunnel.Tunnel")))
                .should().callCodeUnitWhere(startsAThread())
                .check(all);
    }

    /** A class of that name, with its nested and anonymous classes. */
    private static DescribedPredicate<JavaClass> listedIn(String... names) {
        Set<String> listed = Set.of(names);
        return DescribedPredicate.describe("listed as a place that starts threads", javaClass -> {
            String name = javaClass.getName();
            int nested = name.indexOf('$');
            return listed.contains(nested < 0 ? name : name.substring(0, nested));
        });
    }

    private static DescribedPredicate<JavaCall<?>> startsAThread() {
        Set<String> threadFactories = Set.of("ofVirtual", "ofPlatform", "startVirtualThread");
        Set<String> commonPool = Set.of("runAsync", "supplyAsync", "delayedExecutor");
        return DescribedPredicate.describe("starts a thread or makes an executor", call -> {
            JavaClass owner = call.getTargetOwner();
            String name = call.getName();
            return owner.isAssignableTo(Thread.class) && (name.equals(JavaConstructor.CONSTRUCTOR_NAME) || threadFactories.contains(name))
                    || owner.isEquivalentTo(Executors.class)
                    || owner.isAssignableTo(ThreadPoolExecutor.class) && name.equals(JavaConstructor.CONSTRUCTOR_NAME)
                    || owner.isEquivalentTo(ForkJoinPool.class)
                    || owner.isEquivalentTo(CompletableFuture.class) && commonPool.contains(name);
        });
    }
}
