package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import dev.homeport.model.Deployment;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import dev.homeport.model.transfer.InventoryExporter;
import dev.homeport.model.transfer.InventoryImporter;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigHttp;
import dev.homeport.ssh.rig.TestApps;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A new laptop: the old store's export, imported into a fresh store, owns what the old one
 * deployed on the rig. Its first deploy takes the route and replaces the old container, with
 * no "already leads to another service".
 */
class ImportedStoreTest extends RigDeployTest {
    private static final char[] PASSPHRASE = "moving to a new laptop".toCharArray();
    private DeployFixture laptop;

    @BeforeEach
    void openTheNewLaptop(Rig rig) {
        laptop = new DeployFixture(rig, folder.resolve("laptop"));
        // A fresh store: what the fixture set up would clash with the file.
        laptop.inventory.delete(new Ref(Level.ORGANISATION, laptop.inventory.organisations().getFirst().id()));
        laptop.nodes.remove(laptop.node.id());
    }

    @AfterEach
    void closeTheNewLaptop() {
        laptop.close();
    }

    @Test
    void anImportedServiceTakesOverItsRouteAndContainersOnItsFirstDeploy() throws Exception {
        String domain = fixture.domain("moved");
        Service old = fixture.service(new Service(0, 0, "web", new ServiceSource.Image(apps.image("v1")), TestApps.PORT, "/health", null, null,
                dev.homeport.model.DeployOptions.defaults().withDrainSeconds(0)));
        fixture.inventory.addDomain(old.id(), domain);
        Deployment first = fixture.deployLive(old.id());
        assertThat(RigHttp.get("http", domain, "/", null).body()).isEqualTo("testapp v1");

        StringWriter file = new StringWriter();
        new InventoryExporter(fixture.store, fixture.vault).exportWithSecrets(file, PASSPHRASE);
        new InventoryImporter(laptop.store, laptop.vault).apply(InventoryImporter.parse(file.toString()), PASSPHRASE);
        long moved = laptop.inventory.resolve(InventoryPath.parse("acme/shop/" + fixture.environment.name() + "/web")).id();
        long key = laptop.inventory.serviceNodeKey(moved);
        assertThat(key).isEqualTo(fixture.inventory.serviceNodeKey(old.id()));
        laptop.inventory.updateService(new Service(moved, laptop.inventory.service(moved).environmentId(), "web",
                new ServiceSource.Image(apps.image("v2")), TestApps.PORT, "/health", null, null,
                dev.homeport.model.DeployOptions.defaults().withDrainSeconds(0)));

        Deployment live = laptop.deployLive(moved);
        // Numbered on from the old store: the new release's container never takes the old one's name.
        assertThat(live.id()).isGreaterThan(first.id());
        assertThat(RigHttp.get("http", domain, "/", null).body()).isEqualTo("testapp v2");
        List<Container> running = laptop.clients.docker(laptop.connection()).client().listContainersCmd()
                .withLabelFilter(java.util.Map.of(Labels.SERVICE, Long.toString(key))).exec();
        // The old laptop's release was stopped by the new one's: one service, one running release.
        assertThat(running).singleElement().satisfies(c -> assertThat(c.getLabels()).containsEntry(Labels.DEPLOYMENT, Long.toString(live.id())));
        assertThat(fixture.container(old.id(), first.id())).hasValueSatisfying(c -> assertThat(c.getState()).isNotEqualTo("running"));
    }
}
