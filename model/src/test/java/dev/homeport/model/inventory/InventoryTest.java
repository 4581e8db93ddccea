package dev.homeport.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.Application;
import dev.homeport.model.Environment;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.Organisation;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.ValidationException;
import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.Vault;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryTest {
    @TempDir
    Path folder;
    private Store store;
    private Inventory inventory;

    @BeforeEach
    void open() {
        HomeportHome home = new HomeportHome(folder);
        store = Store.open(home);
        inventory = new Inventory(store, Vault.openOrCreate(home.vaultKey(), null));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void buildsTheTreeAndResolvesPaths() {
        Organisation acme = inventory.createOrganisation("acme");
        Application shop = inventory.createApplication(acme.id(), "shop");
        Environment prod = inventory.createEnvironment(shop.id(), "prod");
        Service web = inventory.createService(new Service(0, prod.id(), "web", new ServiceSource.Image("nginx:1.27"), 80, null, 0.5, 256));

        InventoryTree tree = inventory.tree();
        assertThat(tree.organisations()).extracting(Organisation::name).containsExactly("acme");
        assertThat(tree.servicesOf(prod.id())).containsExactly(web);
        assertThat(inventory.resolve(InventoryPath.parse("acme/shop/prod/web"))).isEqualTo(new Ref(Level.SERVICE, web.id()));
        assertThat(inventory.pathOf(new Ref(Level.SERVICE, web.id())).toString()).isEqualTo("acme/shop/prod/web");
        assertThatThrownBy(() -> inventory.resolve(InventoryPath.parse("acme/shop/staging")))
                .isInstanceOf(NotFoundException.class).hasMessage("No environment named 'staging' in acme/shop.");
    }

    @Test
    void namesAreUniqueUnderTheirParentOnly() {
        Organisation acme = inventory.createOrganisation("acme");
        Organisation other = inventory.createOrganisation("other");
        inventory.createApplication(acme.id(), "shop");
        inventory.createApplication(other.id(), "shop");
        assertThatThrownBy(() -> inventory.createApplication(acme.id(), "shop"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("name: organisation 'acme' already has an application named 'shop'");
        assertThatThrownBy(() -> inventory.createOrganisation("acme"))
                .hasMessage("name: an organisation named 'acme' already exists");
    }

    @Test
    void rejectedInputChangesNothing() {
        Organisation acme = inventory.createOrganisation("acme");
        Environment prod = inventory.createEnvironment(inventory.createApplication(acme.id(), "shop").id(), "prod");
        InventoryTree before = inventory.tree();

        assertThatThrownBy(() -> inventory.createOrganisation("Acme Corp")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> inventory.createEnvironment(999, "prod")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> inventory.rename(new Ref(Level.ORGANISATION, acme.id()), "-x")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> inventory.setVariable(VariableScope.ENVIRONMENT, prod.id(), "BAD-KEY", "x")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> inventory.addDomain(12345, "shop.example.com")).isInstanceOf(NotFoundException.class);

        assertThat(inventory.tree()).isEqualTo(before);
        assertThat(inventory.variables(VariableScope.ENVIRONMENT, prod.id())).isEmpty();
    }

    @Test
    void theAcmeEmailAndDirectoryAreSetAloneOrTogetherAndKeptByARename() {
        Organisation acme = inventory.createOrganisation("acme");
        assertThat(acme.acmeDirectory()).isNull();
        assertThat(acme.acmeCa()).isEqualTo("Let's Encrypt");

        inventory.setAcmeEmail(acme.id(), " ops@acme.test ");
        Organisation staging = inventory.setAcmeDirectory(acme.id(), Organisation.LETS_ENCRYPT_STAGING);
        assertThat(staging).isEqualTo(new Organisation(acme.id(), "acme", "ops@acme.test", Organisation.LETS_ENCRYPT_STAGING));
        assertThat(staging.acmeCa()).isEqualTo("Let's Encrypt staging");
        inventory.rename(new Ref(Level.ORGANISATION, acme.id()), "acme-corp");
        assertThat(inventory.organisation(acme.id())).isEqualTo(new Organisation(acme.id(), "acme-corp", "ops@acme.test", Organisation.LETS_ENCRYPT_STAGING));

        // A bad value changes nothing, not even the other one given with it.
        assertThatThrownBy(() -> inventory.setAcmeDirectory(acme.id(), "http://ca.acme.test/directory"))
                .isInstanceOf(ValidationException.class).hasMessage("acmeDirectory: must be an https:// URL, got 'http://ca.acme.test/directory'");
        assertThatThrownBy(() -> inventory.setAcme(acme.id(), "new@acme.test", "ca.acme.test"))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("acmeDirectory: must be an https:// URL");
        assertThat(inventory.organisation(acme.id()).acmeEmail()).isEqualTo("ops@acme.test");

        Organisation own = inventory.setAcme(acme.id(), "", "https://ca.acme.test:9000/acme/acme/directory");
        assertThat(own.acmeEmail()).isNull();
        assertThat(own.acmeCa()).isEqualTo("https://ca.acme.test:9000/acme/acme/directory");
        inventory.setAcmeEmail(acme.id(), "ops@acme.test");
        assertThat(inventory.setAcmeDirectory(acme.id(), " ")).isEqualTo(new Organisation(acme.id(), "acme-corp", "ops@acme.test", null));
        assertThat(inventory.organisation(acme.id()).acmeDirectory()).isNull();
    }

    @Test
    void renamesAtEveryLevel() {
        Organisation acme = inventory.createOrganisation("acme");
        Application shop = inventory.createApplication(acme.id(), "shop");
        Environment prod = inventory.createEnvironment(shop.id(), "prod");
        Service web = inventory.createService(new Service(0, prod.id(), "web", new ServiceSource.Image("nginx"), 80, null, null, null));
        inventory.rename(new Ref(Level.ORGANISATION, acme.id()), "acme-corp");
        inventory.rename(new Ref(Level.APPLICATION, shop.id()), "store");
        inventory.rename(new Ref(Level.ENVIRONMENT, prod.id()), "production");
        inventory.rename(new Ref(Level.SERVICE, web.id()), "frontend");
        assertThat(inventory.pathOf(new Ref(Level.SERVICE, web.id())).toString()).isEqualTo("acme-corp/store/production/frontend");

        inventory.createService(new Service(0, prod.id(), "api", new ServiceSource.Image("api"), 80, null, null, null));
        assertThatThrownBy(() -> inventory.rename(new Ref(Level.SERVICE, web.id()), "api"))
                .hasMessage("name: its environment already has a service named 'api'");
    }

    @Test
    void deletionPlanNamesEverythingAndDeleteRemovesIt() {
        Organisation acme = inventory.createOrganisation("acme");
        Application shop = inventory.createApplication(acme.id(), "shop");
        Environment prod = inventory.createEnvironment(shop.id(), "prod");
        Environment staging = inventory.createEnvironment(shop.id(), "staging");
        Service web = inventory.createService(new Service(0, prod.id(), "web", new ServiceSource.Image("nginx"), 80, null, null, null));
        inventory.createService(new Service(0, staging.id(), "web", new ServiceSource.Image("nginx"), 80, null, null, null));
        inventory.addDomain(web.id(), "shop.example.com");
        inventory.setVariable(VariableScope.SERVICE, web.id(), "MODE", "live");
        inventory.setSecret(VariableScope.ENVIRONMENT, prod.id(), "TOKEN", Secret.of("s3cret"));

        DeletionPlan plan = inventory.planDeletion(new Ref(Level.APPLICATION, shop.id()));
        assertThat(plan.title()).isEqualTo("application 'acme/shop'");
        assertThat(plan.removes()).containsExactly(
                "2 environments: acme/shop/prod, acme/shop/staging",
                "2 services: acme/shop/prod/web, acme/shop/staging/web",
                "1 domain: shop.example.com",
                "2 variables");
        assertThat(plan.describe()).startsWith("Delete application 'acme/shop'?\nThis also removes:\n  • 2 environments");

        inventory.delete(new Ref(Level.APPLICATION, shop.id()));
        InventoryTree tree = inventory.tree();
        assertThat(tree.applications()).isEmpty();
        assertThat(tree.environments()).isEmpty();
        assertThat(tree.services()).isEmpty();
        assertThat(tree.organisations()).hasSize(1);
        assertThat(inventory.domains(web.id())).isEmpty();
        int variables = store.read(h -> h.createQuery("SELECT COUNT(*) FROM variable").mapTo(Integer.class).one());
        assertThat(variables).isZero();
        assertThatThrownBy(() -> inventory.delete(new Ref(Level.APPLICATION, shop.id()))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void variablesReplaceByKeyAndSecretsAreSealed() {
        Organisation acme = inventory.createOrganisation("acme");
        Environment prod = inventory.createEnvironment(inventory.createApplication(acme.id(), "shop").id(), "prod");
        inventory.setVariable(VariableScope.ENVIRONMENT, prod.id(), "MODE", "test");
        inventory.setVariable(VariableScope.ENVIRONMENT, prod.id(), "MODE", "live");
        Variable secret = inventory.setSecret(VariableScope.ENVIRONMENT, prod.id(), "TOKEN", Secret.of("tok-123"));

        assertThat(inventory.variables(VariableScope.ENVIRONMENT, prod.id()))
                .extracting(Variable::key, Variable::plainValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MODE", "live"), org.assertj.core.groups.Tuple.tuple("TOKEN", null));
        assertThat(secret.secretValue().text()).doesNotContain("tok-123");
        assertThat(secret.toString()).doesNotContain("tok-123");
        assertThat(inventory.reveal(secret).reveal()).isEqualTo("tok-123");
        assertThat(inventory.unsetVariable(VariableScope.ENVIRONMENT, prod.id(), "MODE")).isTrue();
        assertThat(inventory.unsetVariable(VariableScope.ENVIRONMENT, prod.id(), "MODE")).isFalse();
    }

    @Test
    void severalVariablesAreSetInOneWriteOrNotAtAll() {
        Organisation acme = inventory.createOrganisation("acme");
        Environment prod = inventory.createEnvironment(inventory.createApplication(acme.id(), "shop").id(), "prod");
        inventory.setVariable(VariableScope.ENVIRONMENT, prod.id(), "MODE", "test");
        long writes = store.writeCount();

        inventory.setVariables(VariableScope.ENVIRONMENT, prod.id(), java.util.Map.of("MODE", "live", "REGION", "eu"),
                java.util.Map.of("TOKEN", Secret.of("tok-123")));

        assertThat(store.writeCount()).as("one transaction").isEqualTo(writes + 1);
        assertThat(inventory.variables(VariableScope.ENVIRONMENT, prod.id()))
                .extracting(Variable::key, Variable::plainValue)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("MODE", "live"),
                        org.assertj.core.groups.Tuple.tuple("REGION", "eu"), org.assertj.core.groups.Tuple.tuple("TOKEN", null));
        assertThatThrownBy(() -> inventory.setVariables(VariableScope.ENVIRONMENT, prod.id(), java.util.Map.of("MODE", "off"),
                java.util.Map.of("BAD", Secret.of("a\0b")))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> inventory.setVariables(VariableScope.ENVIRONMENT, prod.id() + 1000, java.util.Map.of("MODE", "off"),
                java.util.Map.of())).isInstanceOf(NotFoundException.class);
        assertThat(inventory.variables(VariableScope.ENVIRONMENT, prod.id())).as("nothing of the refused writes")
                .extracting(Variable::key, Variable::plainValue).contains(org.assertj.core.groups.Tuple.tuple("MODE", "live"))
                .hasSize(3);
    }

    @Test
    void aDomainRoutesToOneServiceOnly() {
        Organisation acme = inventory.createOrganisation("acme");
        Environment prod = inventory.createEnvironment(inventory.createApplication(acme.id(), "shop").id(), "prod");
        Service web = inventory.createService(new Service(0, prod.id(), "web", new ServiceSource.Image("nginx"), 80, null, null, null));
        Service api = inventory.createService(new Service(0, prod.id(), "api", new ServiceSource.Image("api"), 80, null, null, null));
        inventory.addDomain(web.id(), "Shop.Example.com");
        assertThat(inventory.domains(web.id())).extracting(d -> d.hostname()).containsExactly("shop.example.com");
        assertThatThrownBy(() -> inventory.addDomain(api.id(), "shop.example.com"))
                .hasMessage("domain: 'shop.example.com' is already routed to service 'acme/shop/prod/web'");
    }
}
