package dev.homeport.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.Database;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.HealthGate;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.ValidationException;
import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.store.Store;
import dev.homeport.model.transfer.InventoryExporter;
import dev.homeport.model.transfer.InventoryImporter;
import dev.homeport.model.vault.Vault;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Database services in the store: what creating one makes, the rules a change keeps, references, and export and import. */
class DatabasesTest {
    @TempDir
    Path folder;
    private Store store;
    private Vault vault;
    private Inventory inventory;
    private long environment;

    @BeforeEach
    void open() {
        HomeportHome home = new HomeportHome(folder.resolve("a"));
        store = Store.open(home);
        vault = Vault.openOrCreate(home.vaultKey(), null);
        inventory = new Inventory(store, vault);
        environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void creatingOneMakesAnImageServiceWithSealedCredentialsAVolumeAndItsOwnHealthCheck() {
        Database db = inventory.databases().create(environment, "orders-db", DatabaseEngine.MARIADB, null);
        Service service = inventory.service(db.serviceId());
        assertThat(service.source()).isEqualTo(new ServiceSource.Image("mariadb:11"));
        assertThat(service.port()).isEqualTo(3306);
        assertThat(service.healthGate()).isEqualTo(HealthGate.DATABASE);
        assertThat(db.majorVersion()).isEqualTo("11");
        assertThat(db.dataVolume()).matches("orders-db-data-[a-z0-9]{6}");
        assertThat(service.options().volumes()).containsExactly(db.volume());
        Map<String, Variable> variables = inventory.variables(VariableScope.SERVICE, db.serviceId()).stream()
                .collect(Collectors.toMap(Variable::key, Function.identity()));
        assertThat(variables.keySet()).containsExactlyInAnyOrder("MARIADB_USER", "MARIADB_DATABASE", "MARIADB_PASSWORD", "MARIADB_ROOT_PASSWORD");
        assertThat(variables.get("MARIADB_USER").plainValue()).isEqualTo("orders_db");
        assertThat(variables.get("MARIADB_PASSWORD").secret()).isTrue();
        String password = inventory.reveal(variables.get("MARIADB_PASSWORD")).reveal();
        assertThat(password).matches("[A-Za-z0-9_-]{32}").isNotEqualTo(inventory.reveal(variables.get("MARIADB_ROOT_PASSWORD")).reveal());
        assertThat(variables.get("MARIADB_PASSWORD").secretValue().text()).doesNotContain(password);
        assertThat(inventory.databases().credentials(db.serviceId()).maskedUrl("h", 1)).isEqualTo("mysql://orders_db:••••••@h:1/orders_db");
    }

    @Test
    void aMajorVersionMustBePinnedAndCannotChange() {
        assertThat(DatabaseEngine.majorOf("postgres:16.4-bookworm")).isEqualTo("16");
        assertThat(DatabaseEngine.majorOf("registry.example.com:5000/team/redis:7")).isEqualTo("7");
        assertThat(DatabaseEngine.majorOf("mariadb:10.11")).isEqualTo("10");
        for (String unpinned : List.of("postgres", "postgres:latest", "registry.example.com:5000/postgres", "postgres:alpine")) {
            assertThatThrownBy(() -> inventory.databases().create(environment, "db", DatabaseEngine.POSTGRES, unpinned))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("must pin a major version");
        }
        assertThat(inventory.services(environment)).isEmpty();
        Database db = inventory.databases().create(environment, "db", DatabaseEngine.POSTGRES, "postgres:15");
        Service service = inventory.service(db.serviceId());
        Service minor = new Service(service.id(), service.environmentId(), service.name(), new ServiceSource.Image("postgres:15.8"),
                service.port(), service.healthCheckPath(), null, null, service.options());
        assertThat(inventory.updateService(minor).source()).isEqualTo(new ServiceSource.Image("postgres:15.8"));
        assertThatThrownBy(() -> inventory.updateService(new Service(service.id(), service.environmentId(), service.name(),
                new ServiceSource.Image("postgres:16"), service.port(), service.healthCheckPath(), null, null, service.options())))
                .hasMessageContaining("15 → 16 is a major upgrade");
        assertThatThrownBy(() -> inventory.databases().create(environment, "db", DatabaseEngine.REDIS, null))
                .hasMessageContaining("already has a service named 'db'");
    }

    @Test
    void referencesResolveToTheDatabasesSettingsAndUnknownOnesAreNamed() {
        Database db = inventory.databases().create(environment, "db", DatabaseEngine.POSTGRES, null);
        Service web = inventory.createService(new Service(0, environment, "web", new ServiceSource.Image("nginx:1"), 80, "/", null, null));
        inventory.setVariable(VariableScope.SERVICE, web.id(), "DATABASE_URL", "${{db.DATABASE_URL}}");
        References references = new References(inventory);
        String password = inventory.databases().credentials(db.serviceId()).password().reveal();
        References.Resolved url = references.resolve(environment, "DATABASE_URL", "${{db.DATABASE_URL}}", s -> "prod-" + s.name());
        assertThat(url.secret()).isTrue();
        assertThat(url.value().reveal()).isEqualTo("postgresql://db:" + password + "@prod-db:5432/db");
        References.Resolved parts = references.resolve(environment, "X", "${{db.HOST}}:${{db.PORT}}/${{db.NAME}}", s -> "prod-" + s.name());
        assertThat(parts.secret()).isFalse();
        assertThat(parts.value().reveal()).isEqualTo("prod-db:5432/db");
        assertThatThrownBy(() -> references.resolve(environment, "X", "${{db.NOPE}}", s -> "h"))
                .hasMessageContaining("service 'db' has no variable NOPE").hasMessageContaining("DATABASE_URL, HOST");
        assertThat(references.referrers(environment, "db")).extracting(Service::name).containsExactly("web");
    }

    @Test
    void exportAndImportKeepTheDatabaseAndItsReferences() {
        Database db = inventory.databases().create(environment, "db", DatabaseEngine.REDIS, "redis:7.2");
        Service web = inventory.createService(new Service(0, environment, "web", new ServiceSource.Image("nginx:1"), 80, "/", null, null));
        inventory.setVariable(VariableScope.SERVICE, web.id(), "REDIS_URL", "${{db.REDIS_URL}}");
        StringWriter out = new StringWriter();
        new InventoryExporter(store, vault).exportWithSecrets(out, "a passphrase".toCharArray());
        assertThat(out.toString()).containsPattern("engine: \"?redis\"?").contains(db.dataVolume()).contains("${{db.REDIS_URL}}");

        HomeportHome other = new HomeportHome(folder.resolve("b"));
        try (Store second = Store.open(other)) {
            Vault secondVault = Vault.openOrCreate(other.vaultKey(), null);
            new InventoryImporter(second, secondVault).apply(InventoryImporter.parse(out.toString()), "a passphrase".toCharArray());
            Inventory imported = new Inventory(second, secondVault);
            long env = imported.tree().environments().getFirst().id();
            Service importedDb = imported.services(env).stream().filter(s -> s.name().equals("db")).findFirst().orElseThrow();
            assertThat(imported.databases().find(importedDb.id())).hasValueSatisfying(d -> {
                assertThat(d.engine()).isEqualTo(DatabaseEngine.REDIS);
                assertThat(d.majorVersion()).isEqualTo("7");
                assertThat(d.dataVolume()).isEqualTo(db.dataVolume());
            });
            assertThat(imported.databases().credentials(importedDb.id()).password())
                    .isEqualTo(inventory.databases().credentials(db.serviceId()).password());
        }
        String tampered = out.toString().replace("redis:7.2", "redis:8");
        assertThat(tampered).contains("redis:8");
        HomeportHome third = new HomeportHome(folder.resolve("c"));
        try (Store another = Store.open(third)) {
            assertThatThrownBy(() -> new InventoryImporter(another, Vault.openOrCreate(third.vaultKey(), null))
                    .apply(InventoryImporter.parse(tampered), "a passphrase".toCharArray()))
                    .hasMessageContaining("database").hasMessageContaining("major version 7");
        }
    }

    @Test
    void anAccountNeverBeginsWithPostgresReservedPrefix() {
        assertThat(Databases.account("shop-db")).isEqualTo("shop_db");
        assertThat(Databases.account("pg-new")).isEqualTo("db_pg_new");
        assertThat(Databases.account("pgbouncer")).isEqualTo("pgbouncer");
    }
}
