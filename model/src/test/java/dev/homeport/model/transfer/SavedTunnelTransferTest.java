package dev.homeport.model.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.Environment;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Organisation;
import dev.homeport.model.SavedTunnel;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.store.WorkerNodeDao;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved tunnels in the export file: written by name and target, read back in the import's one transaction. */
class SavedTunnelTransferTest {
    @TempDir
    Path first;
    @TempDir
    Path second;
    private TransferTest.Opened source;
    private TransferTest.Opened target;

    @AfterEach
    void close() {
        if (source != null) {
            source.store().close();
        }
        if (target != null) {
            target.store().close();
        }
    }

    /** acme/shop/prod with the services db (5432) and web (8080), and the node n1. */
    private static void fill(TransferTest.Opened o) {
        Inventory inv = o.inventory();
        Organisation acme = inv.createOrganisation("acme");
        Environment prod = inv.createEnvironment(inv.createApplication(acme.id(), "shop").id(), "prod");
        Service db = inv.createService(new Service(0, prod.id(), "db", new ServiceSource.Image("postgres:16"), 5432, null, null, null));
        Service web = inv.createService(new Service(0, prod.id(), "web", new ServiceSource.Image("nginx"), 8080, null, null, null));
        long n1 = o.store().write(h -> h.attach(WorkerNodeDao.class).insert(new WorkerNode(0, "n1", "10.0.0.5", 22, "deploy",
                new NodeIdentity.Agent(), null)));
        var tunnels = inv.savedTunnels();
        tunnels.add(SavedTunnel.toService("shop-db", db.id(), 5432, 15432, true));
        tunnels.add(SavedTunnel.toService("shop-web", web.id(), null, 18080, false));
        tunnels.add(SavedTunnel.toNode("n1-netdata", n1, 19999, 29999, false));
    }

    /** Each saved tunnel as name, target (by name), local port and start-with-app, to compare across stores. */
    private static List<String> described(TransferTest.Opened o) {
        Inventory inv = o.inventory();
        return inv.savedTunnels().all().stream().map(t -> t.name() + " -> "
                + (t.serviceId() != null ? inv.pathOf(new dev.homeport.model.inventory.Ref(dev.homeport.model.inventory.Level.SERVICE, t.serviceId()))
                : o.store().read(h -> h.attach(WorkerNodeDao.class).find(t.nodeId())).orElseThrow().name())
                + ":" + t.remotePort() + " on " + t.localPort() + (t.withApp() ? " with the app" : "")).toList();
    }

    @Test
    void savedTunnelsRoundTripWithTheirTargetsLocalPortsAndStartWithApp() {
        source = TransferTest.Opened.at(first);
        fill(source);
        String exported = source.export();
        assertThat(exported).endsWith("""
                tunnels:
                - name: n1-netdata
                  target: n1:19999
                  localPort: 29999
                - name: shop-db
                  target: acme/shop/prod/db:5432
                  localPort: 15432
                  startWithApp: true
                - name: shop-web
                  target: acme/shop/prod/web
                  localPort: 18080
                """);

        target = TransferTest.Opened.at(second);
        ImportReport report = target.importFrom(exported, null);
        assertThat(report.summary()).isEqualTo("Imported 1 organisation(s), 1 application(s), 1 environment(s), 2 service(s), 1 node(s),"
                + " 0 SSH identities and 3 saved tunnel(s).");
        assertThat(described(target)).containsExactly(
                "n1-netdata -> n1:19999 on 29999",
                "shop-db -> acme/shop/prod/db:5432 on 15432 with the app",
                "shop-web -> acme/shop/prod/web:null on 18080").isEqualTo(described(source));
        assertThat(target.export()).isEqualTo(exported);
    }

    @Test
    void aTunnelMayLeadToAServiceOrNodeTheStoreHasAlready() {
        target = TransferTest.Opened.at(second);
        fill(target);
        target.inventory().savedTunnels().all().forEach(t -> target.inventory().savedTunnels().delete(t.id()));

        ImportReport report = target.importFrom("""
                homeport: 1
                tunnels:
                - name: db
                  target: acme/shop/prod/db
                  localPort: 25432
                - name: netdata
                  target: n1:19999
                  localPort: 29999
                  startWithApp: true
                """, null);
        assertThat(report.tunnels()).isEqualTo(2);
        assertThat(described(target)).containsExactly("db -> acme/shop/prod/db:null on 25432", "netdata -> n1:19999 on 29999 with the app");
    }

    @Test
    void aBadTargetOrALocalPortClashIsNamedAndNothingIsWritten() {
        target = TransferTest.Opened.at(second);
        fill(target);
        String before = target.export();
        String newOrg = "homeport: 1\norganisations:\n- name: other\n  applications:\n  - name: app\n    environments:\n    - name: prod\n"
                + "      services:\n      - name: api\n        image: nginx\n        port: 80\n";

        assertBroken(newOrg + "tunnels:\n- name: api\n  target: other/app/prod/nope\n  localPort: 30080\n",
                "tunnels/api/target: no service 'other/app/prod/nope' in the file or the store");
        assertBroken(newOrg + "tunnels:\n- name: api\n  target: n9:22\n  localPort: 30080\n",
                "tunnels/api/target: no node 'n9' in the file or the store");
        assertBroken(newOrg + "tunnels:\n- name: api\n  target: other/app:80\n  localPort: 30080\n",
                "tunnels/api/target: 'other/app' names an application, but a service is needed");
        assertBroken(newOrg + "tunnels:\n- name: api\n  target: other/app/prod/api:http\n  localPort: 30080\n",
                "tunnels/api/target: 'other/app/prod/api:http': the port after ':' must be a number from 1 to 65535");
        assertBroken(newOrg + "tunnels:\n- name: api\n  target: other/app/prod/api\n  localPort: 15432\n",
                "tunnels/api/localPort: the saved tunnel 'shop-db' of this store already uses local port 15432");
        assertBroken(newOrg + "tunnels:\n- name: shop-db\n  target: other/app/prod/api\n  localPort: 30080\n",
                "tunnels/shop-db: this store already has a saved tunnel named 'shop-db'");
        assertBroken(newOrg + "tunnels:\n- name: a\n  target: other/app/prod/api\n  localPort: 30080\n"
                        + "- name: b\n  target: n1:22\n  localPort: 30080\n",
                "tunnels/b/localPort: the file has two of local port '30080'");
        assertBroken(newOrg + "tunnels:\n- name: api\n  target: other/app/prod/api\n  localPort: 70000\n",
                "tunnels/api/localPort: must be 1–65535, got 70000");
        assertBroken(newOrg + "tunnels:\n- name: api\n  target: other/app/prod/api\n",
                "tunnels/api/localPort: is required");
        assertBroken(newOrg + "tunnels:\n- name: Api\n  target: other/app/prod/api\n  localPort: 30080\n",
                "tunnels/Api/name: must be lower-case, got 'Api'");
        assertThat(target.export()).as("nothing half-written").isEqualTo(before);
        assertThat(target.inventory().organisations()).extracting(Organisation::name).containsExactly("acme");

        // The same file with a good tunnel goes in whole.
        target.importFrom(newOrg + "tunnels:\n- name: api\n  target: other/app/prod/api\n  localPort: 30080\n", null);
        assertThat(target.inventory().savedTunnels().named("api").serviceId())
                .isEqualTo(target.inventory().resolve(InventoryPath.parse("other/app/prod/api")).id());
    }

    private void assertBroken(String yaml, String expectedMessage) {
        assertThatThrownBy(() -> target.importFrom(yaml, null))
                .isInstanceOf(TransferException.class)
                .hasMessageStartingWith(expectedMessage);
    }
}
