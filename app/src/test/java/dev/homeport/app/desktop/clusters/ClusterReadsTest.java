package dev.homeport.app.desktop.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.Tasks;
import dev.homeport.app.desktop.ThemeChoice;
import dev.homeport.app.desktop.ThemeManager;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.ssh.swarm.ClusterView;
import dev.homeport.ssh.swarm.Replicas;
import dev.homeport.ssh.swarm.SwarmMember;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Pane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The Nodes section fed reads of a three-node cluster, as its poll would feed it (no cluster is
 * needed): the Replicas column, the line while replicas start on other nodes, and a notice when a
 * member goes down and when it comes back. The section is not on screen, so it does not poll.
 */
@NeedsDisplay
class ClusterReadsTest {
    private static final String PROD = "acme/shop/prod";
    private final FxRobot robot = new FxRobot();
    @TempDir
    Path folder;
    private Homeport homeport;
    private Tasks tasks;
    private MainModel main;
    private EnvironmentNodesPane pane;
    private Pane section;
    private final List<WorkerNode> attached = List.of(node(1), node(2), node(3));

    @BeforeEach
    void aSection() throws Exception {
        FxToolkit.registerPrimaryStage();
        homeport = Homeport.open(new HomeportHome(folder.resolve("home")), null);
        Inventory inventory = homeport.inventory();
        long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(),
                "prod").id();
        tasks = new Tasks();
        robot.interact(() -> {
            main = new MainModel(homeport, tasks, new ThemeManager(ThemeChoice.LIGHT));
            pane = new EnvironmentNodesPane(main, environment, PROD);
            section = (Pane) pane.build();
        });
    }

    @AfterEach
    void close() throws Exception {
        main.poller().close();
        tasks.close();
        homeport.close();
    }

    @Test
    void aMemberGoesDownItsReplicaStartsElsewhereAndItComesBack() {
        ClusterView allReady = view(Map.of("n1", "ready", "n2", "ready", "n3", "ready"),
                Map.of("id-1", new Replicas(1, 0), "id-2", new Replicas(1, 0), "id-3", new Replicas(1, 0)));
        ClusterView n3Down = view(Map.of("n1", "ready", "n2", "ready", "n3", "down"),
                Map.of("id-1", new Replicas(1, 1), "id-2", new Replicas(1, 0)));
        ClusterView moved = view(Map.of("n1", "ready", "n2", "ready", "n3", "down"),
                Map.of("id-1", new Replicas(2, 0), "id-2", new Replicas(1, 0)));
        ClusterView n3Back = view(Map.of("n1", "ready", "n2", "ready", "n3", "ready"),
                Map.of("id-1", new Replicas(2, 0), "id-2", new Replicas(1, 0)));

        robot.interact(() -> pane.showRead(attached, allReady));
        List<String> columns = table().getColumns().stream().filter(TableColumn::isVisible).map(TableColumn::getText).toList();
        List<String> before = table().getItems().stream().map(NodeRow::replicaCount).toList();
        boolean lineBefore = placing().isVisible();
        List<Notice> noticesBefore = List.copyOf(main.notices());

        robot.interact(() -> pane.showRead(attached, n3Down));
        List<String> down = table().getItems().stream().map(NodeRow::replicaCount).toList();
        String line = placing().getText();
        boolean lineShown = placing().isVisible();
        List<Notice> noticesDown = List.copyOf(main.notices());

        robot.interact(() -> pane.showRead(attached, moved));
        boolean lineAfterMove = placing().isVisible();
        int noticesStillDown = main.notices().size();

        robot.interact(() -> pane.showRead(attached, n3Back));
        List<Notice> noticesBack = List.copyOf(main.notices());

        assertThat(columns).containsExactly("Node", "Role", "State", "Availability", "Replicas", "Address", "Engine", "");
        assertThat(before).containsExactly("1", "1", "1");
        assertThat(lineBefore).isFalse();
        assertThat(noticesBefore).as("the first read tells nothing").isEmpty();
        assertThat(down).containsExactly("1 (+1 starting)", "1", "0");
        assertThat(lineShown).isTrue();
        assertThat(line).isEqualTo("n3 is down: 1 replica is starting on the other nodes.");
        assertThat(noticesDown).singleElement().satisfies(notice -> {
            assertThat(notice.title()).isEqualTo("Node n3 is down");
            assertThat(notice.text()).isEqualTo("The cluster of acme/shop/prod lost it; 1 replica is starting on the other nodes.");
            assertThat(notice.problem()).isTrue();
        });
        assertThat(lineAfterMove).isFalse();
        assertThat(noticesStillDown).as("still down: no second notice").isEqualTo(1);
        assertThat(noticesBack).hasSize(2);
        assertThat(noticesBack.get(1).title()).isEqualTo("Node n3 is back");
        assertThat(noticesBack.get(1).problem()).isFalse();
    }

    private TableView<NodeRow> table() {
        return (TableView<NodeRow>) section.lookup("#environment-node-table");
    }

    private Label placing() {
        return (Label) section.lookup("#replicas-moving");
    }

    private static ClusterView view(Map<String, String> states, Map<String, Replicas> replicas) {
        List<SwarmMember> members = states.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(state -> {
            String n = state.getKey().substring(1);
            return new SwarmMember("id-" + n, state.getKey(), "node-" + n, "10.78.0.1" + n, true, n.equals("1"), true, state.getValue(),
                    "active", "20.10.24");
        }).toList();
        return new ClusterView(PROD, "Docker Swarm", "lqv2xgx0gdom7s3k", members, List.of(), replicas, 0);
    }

    private static WorkerNode node(int n) {
        return new WorkerNode(n, "n" + n, "10.78.0.1" + n, 22, "homeport", new NodeIdentity.KeyFile("/home/you/.ssh/id_ed25519"), null);
    }
}
