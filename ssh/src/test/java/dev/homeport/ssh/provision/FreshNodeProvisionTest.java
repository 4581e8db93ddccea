package dev.homeport.ssh.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeEvent;
import dev.homeport.model.NodeEventKind;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.NodeHistory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Vault;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One fresh node container, taken through its life in order: it has no Caddy and no Netdata, its user
 * has passwordless sudo but is not in the docker group, and Docker is the rig's, through the mounted
 * socket. Provisioning uses the real Debian archive through apt, and is killed once mid-install.
 */
@ExtendWith(RigExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FreshNodeProvisionTest {
    private Path folder;
    private NodeContainer container;
    private NodeConnections connections;
    private Store store;
    private NodeHistory history;
    private NodeSetupService setup;
    private WorkerNode node;

    @BeforeAll
    void startNode(Rig rig) throws IOException {
        folder = Files.createTempDirectory("homeport-provision-test");
        container = NodeContainer.startWithDockerSocket(rig);
        HomeportHome home = new HomeportHome(folder.resolve("home"));
        store = Store.open(home);
        Vault vault = Vault.openOrCreate(home.vaultKey(), null);
        NodeInventory nodes = new NodeInventory(store, vault);
        connections = new NodeConnections(RigTargets.settings(rig, folder));
        history = new NodeHistory(store);
        setup = new NodeSetupService(new NodeService(nodes, new KeyInventory(store, vault), connections), connections, history);
        node = nodes.add(new WorkerNode(0, "fresh", container.ip(), 22, container.user(),
                new NodeIdentity.KeyFile(rig.sshKey().toString()), container.hostKey("ed25519")));
    }

    @AfterAll
    void stopNode() throws IOException {
        if (connections != null) {
            connections.close();
        }
        if (store != null) {
            store.close();
        }
        if (container != null) {
            container.close();
        }
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    @Order(1)
    void aFreshNodeProbesWhatIsMissing() {
        ProbeReport report = setup.probe(node, Prompts.NONE);

        assertThat(report.check("os").status()).isEqualTo(CheckStatus.OK);
        assertThat(report.check("docker").status()).as(report.toString()).isEqualTo(CheckStatus.OK);
        assertThat(report.check("docker").detail()).isEqualTo("Docker Engine runs (seen as root)");
        assertThat(report.check("docker-access").status()).isEqualTo(CheckStatus.FAILED);
        assertThat(report.check("docker-access").nextAction()).isEqualTo("Add homeport to the docker group (Provision does it)");
        assertThat(report.check("caddy").status()).isEqualTo(CheckStatus.FAILED);
        assertThat(report.check("caddy").detail()).isEqualTo("not installed");
        assertThat(report.check("caddy-admin").status()).isEqualTo(CheckStatus.FAILED);
        assertThat(report.check("netdata").status()).isEqualTo(CheckStatus.FAILED);
        assertThat(report.check("netdata-api").status()).isEqualTo(CheckStatus.FAILED);
        assertThat(report.check("privileges").detail()).isEqualTo("homeport has passwordless sudo");
        assertThat(report.check("privileges").status()).isEqualTo(CheckStatus.OK);
        assertThat(report.check("package-manager").status()).isEqualTo(CheckStatus.OK);
        assertThat(history.of(node.id(), 10)).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(NodeEventKind.PROBE);
            assertThat(event.summary()).startsWith("probe: ").contains("caddy", "netdata");
        });
    }

    @Test
    @Order(2)
    void provisioningKilledMidInstallResumesWhenRunAgain() {
        // First run: apt, dpkg and the SSH session are killed as soon as netdata's packages start unpacking.
        AtomicBoolean killed = new AtomicBoolean();
        List<String> log = new CopyOnWriteArrayList<>();
        ProvisionListener killer = new ProvisionListener() {
            @Override
            public void log(String step, String line) {
                log.add(step + ": " + line);
                if (step.equals("netdata") && line.startsWith("Unpacking ") && killed.compareAndSet(false, true)) {
                    container.sh("pkill -KILL -x dpkg; pkill -KILL -x apt-get; pkill -KILL -u homeport; true");
                }
            }
        };
        Provisioner first = setup.provisioner(node, Prompts.NONE, ProvisionOptions.defaults());
        ProvisionException stopped = catchThrowableOfType(ProvisionException.class, () -> setup.provision(node, first, killer));

        assertThat(killed).as(String.join("\n", log)).isTrue();
        assertThat(stopped).isNotNull();
        assertThat(stopped.step()).isEqualTo("netdata");
        assertThat(stopped.reason()).isIn(ProvisionException.Reason.CONNECTION_LOST, ProvisionException.Reason.STEP_FAILED);
        assertThat(stopped.getMessage()).contains("Run Provision again");
        assertThat(stopped.steps()).extracting(StepResult::line).contains(
                "docker: nothing changed", "docker-group: added homeport to the docker group");
        assertThat(stopped.steps()).filteredOn(s -> s.step().equals("caddy")).singleElement()
                .satisfies(caddy -> assertThat(caddy.changes()).first().asString().matches("installed caddy \\d+\\.\\d+\\.\\d+"));

        // The node is left half-installed, and the probe says how to resume.
        ProbeReport broken = setup.probe(node, Prompts.NONE);
        assertThat(broken.check("package-manager").status()).as(broken.toString()).isEqualTo(CheckStatus.FAILED);
        assertThat(broken.check("package-manager").detail()).startsWith("dpkg was interrupted");
        assertThat(broken.check("package-manager").nextAction()).contains("dpkg --configure -a");

        // Second run: it finishes dpkg's work, installs and starts netdata, and the node probes clean.
        List<String> again = new CopyOnWriteArrayList<>();
        ProvisionResult resumed = withLog(again, "the killed run's log:\n" + String.join("\n", log),
                () -> setup.provision(node, setup.provisioner(node, Prompts.NONE, ProvisionOptions.defaults()), logTo(again)));

        assertThat(resumed.changes()).first().isEqualTo("finished an interrupted package installation (dpkg --configure -a)");
        assertThat(resumed.changes()).anySatisfy(c -> assertThat(c).matches("installed netdata \\d+\\.\\d+\\.\\d+"));
        assertThat(resumed.changes()).contains("started netdata in the background (no systemd: it will not come back after a reboot)");
        assertThat(resumed.after().problems()).as(resumed.after().toString()).isEmpty();
        assertThat(resumed.after().check("caddy-admin").detail()).contains("answers on 127.0.0.1:2019 only", "no systemd");
        assertThat(container.sh("ps -o user=,args= -C caddy")).contains("caddy run --environ --config /etc/caddy/Caddyfile --resume");

        List<NodeEvent> events = history.of(node.id(), 10);
        assertThat(events).extracting(NodeEvent::kind).containsExactly(NodeEventKind.PROVISION, NodeEventKind.PROBE,
                NodeEventKind.PROVISION, NodeEventKind.PROBE);
        assertThat(events.get(2).summary()).startsWith("failed at step netdata");
        assertThat(events.get(2).detail()).contains("docker-group: added homeport to the docker group", "caddy: installed caddy");
        assertThat(events.getFirst().summary()).startsWith("finished an interrupted package installation").contains("installed netdata");
    }

    @Test
    @Order(3)
    void provisioningAProvisionedNodeChangesNothing() {
        List<String> log = new CopyOnWriteArrayList<>();
        ProvisionResult again = withLog(log, "", () -> setup.provision(node, setup.provisioner(node, Prompts.NONE, ProvisionOptions.defaults()),
                logTo(log)));

        assertThat(again.changes()).isEmpty();
        assertThat(again.summary()).isEqualTo("nothing changed");
        assertThat(again.after().clean()).as(again.after().toString()).isTrue();
        assertThat(setup.probe(node, Prompts.NONE).clean()).isTrue();
        assertThat(history.of(node.id(), 2)).extracting(NodeEvent::summary).containsExactly("probe: all 16 checks OK", "nothing changed");
    }

    /** A listener that keeps every line of a provision's log in {@code lines}. */
    private static ProvisionListener logTo(List<String> lines) {
        return new ProvisionListener() {
            @Override
            public void log(String step, String line) {
                lines.add(step + ": " + line);
            }
        };
    }

    /** Runs a provision; when it fails, the failure carries its log (apt's own words), which the exception only points to. */
    private static ProvisionResult withLog(List<String> lines, String before, java.util.function.Supplier<ProvisionResult> provision) {
        try {
            return provision.get();
        } catch (RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + before + "\nthis run's log:\n" + String.join("\n", lines), e);
        }
    }
}
