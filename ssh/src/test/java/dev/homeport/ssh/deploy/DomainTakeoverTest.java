package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigHttp;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A second store on the same node (a reinstall, another laptop): its service wants a domain whose
 * route the first store left in Caddy. The deploy says how to take it over; the takeover moves it.
 */
class DomainTakeoverTest extends RigDeployTest {
    private DeployFixture other;

    @BeforeEach
    void openTheOtherStore(Rig rig) {
        other = new DeployFixture(rig, folder.resolve("other"));
    }

    @AfterEach
    void closeTheOtherStore() {
        other.close();
    }

    private Service web(DeployFixture store, String domain, String version) {
        Service service = store.service(new Service(0, 0, "web", new ServiceSource.Image(apps.image(version)), TestApps.PORT, "/health", null, null,
                dev.homeport.model.DeployOptions.defaults().withDrainSeconds(0)));
        store.inventory.addDomain(service.id(), domain);
        return service;
    }

    private DomainTakeover takeover(DeployFixture store) {
        return new DomainTakeover(store.inventory, store.deploys, store.nodeService);
    }

    @Test
    void aDomainLeftByAnotherStoreIsExplainedThenTakenOverAfterwardsTheNewStoreServesIt() throws Exception {
        String domain = fixture.domain("shared");
        Service old = web(other, domain, "v1");
        other.deployLive(old.id());
        long oldKey = other.inventory.serviceNodeKey(old.id());
        assertThat(RigHttp.get("http", domain, "/", null).body()).isEqualTo("testapp v1");

        Service mine = web(fixture, domain, "v2");
        String path = "acme/shop/" + fixture.environment.name() + "/web";
        Deployment refused = fixture.deploy(mine.id());
        assertThat(refused.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(refused.reason()).contains(domain + " already leads to another service (homeport-service-" + oldKey)
                .contains("No service of this store owns that route")
                .contains("homeport domain takeover " + path + " " + domain);
        // Refused before anything ran: no container of the new service was started.
        assertThat(fixture.container(mine.id(), refused.id())).isEmpty();

        DomainTakeover.Holder holder = takeover(fixture).find(mine.id(), domain, Prompts.NONE);
        assertThat(holder.route().serviceKey()).isEqualTo(oldKey);
        assertThat(holder.describe()).startsWith(domain + " leads to a service this store does not have, on node rig")
                .contains("labelled 'web'");
        takeover(fixture).takeOver(holder, Prompts.NONE);
        try (CaddyAdmin admin = CaddyAdmin.over(fixture.connection())) {
            assertThat(new CaddyRoutes(admin).current(oldKey)).isEmpty();
        }

        fixture.deployLive(mine.id());
        assertThat(RigHttp.get("http", domain, "/", null).body()).isEqualTo("testapp v2");
    }

    @Test
    void aDomainOfAServiceOfThisStoreIsNeverTakenOver() throws Exception {
        String domain = fixture.domain("own");
        Service first = web(fixture, domain, "v1");
        fixture.deployLive(first.id());
        Service second = fixture.service(new Service(0, 0, "second", new ServiceSource.Image(apps.image("v1")), TestApps.PORT, "/health",
                null, null, dev.homeport.model.DeployOptions.defaults()));
        // The inventory refuses the same domain twice, so the second service holds a name Caddy has under the first: as a store
        // restored from an older backup would.
        String alias = fixture.domain("alias");
        fixture.inventory.addDomain(second.id(), alias);
        try (CaddyAdmin admin = CaddyAdmin.over(fixture.connection())) {
            var route = new CaddyRoutes(admin).current(fixture.inventory.serviceNodeKey(first.id())).orElseThrow();
            new CaddyRoutes(admin).route(new dev.homeport.ssh.proxy.ServiceRoute(route.serviceKey(), route.label(),
                    java.util.List.of(domain, alias), route.upstream(), null));
        }

        Deployment refused = fixture.deploy(second.id());
        assertThat(refused.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(refused.reason()).startsWith(alias + " already leads to acme/shop/" + fixture.environment.name() + "/web;")
                .doesNotContain("takeover");
        assertThatThrownBy(() -> takeover(fixture).find(second.id(), alias, Prompts.NONE))
                .isInstanceOf(DeployException.class).hasMessageContaining("belongs to acme/shop/" + fixture.environment.name() + "/web in this store");
    }
}
