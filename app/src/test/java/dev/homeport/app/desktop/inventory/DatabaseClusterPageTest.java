package dev.homeport.app.desktop.inventory;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.ClusterEngine;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.EnvironmentCluster;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.WorkerNode;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database's Settings tab in an environment whose nodes form a cluster (as the store records it; no node is asked):
 * it names the node the database is pinned to, and offers no public port, which a deploy there would refuse. With
 * {@code -Dhomeport.screenshots=FOLDER} it saves the tab.
 */
@NeedsDisplay
class DatabaseClusterPageTest {
    @TempDir
    Path folder;
    private AppDriver app;

    @AfterEach
    void close() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theSettingsTabNamesTheNodeOfADatabaseOnACluster() throws Exception {
        Path home = folder.resolve("home");
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(),
                    "prod").id();
            var db = inventory.databases().create(environment, "db", DatabaseEngine.POSTGRES, "postgres:16");
            for (String name : new String[] {"n1", "n2"}) {
                WorkerNode node = homeport.nodes().add(new WorkerNode(0, name, "192.0.2." + name.substring(1), 22, "deploy",
                        new NodeIdentity.Agent(), null));
                homeport.nodes().attach(node.id(), new EnvironmentCluster(environment, ClusterEngine.SWARM, "abc123"));
            }
            var service = inventory.service(db.serviceId());
            inventory.updateService(service.withOptions(service.options().withPinnedNode("n2")));
        }
        Files.writeString(home.resolve("ui.properties"), "place=acme/shop/prod/db\n");
        app = new AppDriver(folder.resolve("user"));
        app.launch(home);
        waitFor(() -> app.shows("#tab-settings"));
        app.click("#tab-settings");
        waitFor(() -> app.showsAnywhere("#database-node"));
        assertThat(app.<Label>anywhere("#database-node").getText())
                .contains("runs as one replica on n2, where its data volume is (pinned)").contains("A public port is not possible there yet");
        assertThat(app.<Button>anywhere("#database-public-port-button").isDisabled()).isTrue();
        String screenshots = System.getProperty("homeport.screenshots");
        if (screenshots != null) {
            app.capture(Path.of(screenshots, "database-cluster-light.png"));
        }
    }
}
