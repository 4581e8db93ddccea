package dev.homeport.app.desktop.inventory;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Take over in a service's Domains tab: another store on the same node (a reinstall, another
 * laptop) left a route holding the name; the button shows whose it is, asks, and moves it.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class DomainTakeoverPageTest {
    private final String domain = "takeover-" + UUID.randomUUID().toString().substring(0, 6) + ".test";
    @TempDir
    Path folder;
    private AppDriver app;
    private long otherKey;

    @BeforeEach
    void setUp() throws Exception {
        app = new AppDriver(folder.resolve("user"));
    }

    @AfterEach
    void close() throws Exception {
        app.close();
        try (Homeport other = Homeport.open(new HomeportHome(folder.resolve("other")), null)) {
            var connection = other.nodeService().connection(other.nodes().node("rig"), Prompts.NONE);
            DeployedServices.remove(connection, other.nodeClients().docker(connection).client(), otherKey);
        }
    }

    @Test
    void takeOverMovesANameLeftByAnotherStoreAfterAConfirmation(Rig rig) throws Exception {
        otherKey = store(rig, folder.resolve("other"), true);
        Path mine = folder.resolve("mine");
        store(rig, mine, false);
        Files.writeString(mine.resolve("ui.properties"), "place=acme/shop/prod/web\n");
        app.launch(mine);
        waitFor(() -> app.shows("#tab-domains"));

        app.click("#tab-domains");
        waitFor(() -> app.shows(domain));
        app.click(domain);
        app.click("#domain-takeover");
        waitFor(30, () -> app.showsAnywhere(".dialog-pane"));
        String question = app.<Label>anywhere(".dialog-pane .content").getText();
        assertThat(question).startsWith(domain + " leads to a service this store does not have, on node rig")
                .contains("homeport-service-" + otherKey);
        app.clickDialogButton("Take over");
        waitFor(30, () -> app.<Label>anywhere("#domain-takeover-result").getText().startsWith("Took " + domain + " over on rig"));
        app.close();

        try (Homeport homeport = Homeport.open(new HomeportHome(mine), null);
             CaddyAdmin admin = CaddyAdmin.over(homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE))) {
            assertThat(new CaddyRoutes(admin).current(otherKey)).isEmpty();
        }
    }

    /** A store with acme/shop/prod/web on the rig, answering on the domain; deployed if asked. Returns its node key. */
    private long store(Rig rig, Path home, boolean deploy) throws Exception {
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            Service web = inventory.createService(new Service(0, environment, "web", new ServiceSource.Image(new TestApps(rig).image("v1")),
                    TestApps.PORT, "/health", null, null, DeployOptions.defaults().withDrainSeconds(0)));
            inventory.addDomain(web.id(), domain);
            NodeService nodes = homeport.nodeService();
            WorkerNode node = nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
            try {
                nodes.test(node, Prompts.NONE);
            } catch (HostKeyException unknown) {
                nodes.acceptHostKey(node, unknown);
            }
            homeport.nodes().attach(node.id(), environment);
            if (deploy) {
                var live = homeport.deployService().deploy(web.id(), null, Prompts.NONE, DeployListener.NONE).await();
                assertThat(live.state()).as(live.reason()).isEqualTo(DeploymentState.LIVE);
            }
            return inventory.serviceNodeKey(web.id());
        }
    }
}
