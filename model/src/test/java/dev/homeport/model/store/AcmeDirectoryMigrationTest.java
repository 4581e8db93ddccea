package dev.homeport.model.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.HomeportHome;
import dev.homeport.model.Organisation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An organisation of a store from before ACME directories keeps its email and gets its certificates from Let's Encrypt. */
class AcmeDirectoryMigrationTest {
    @TempDir
    Path folder;

    @Test
    void anOrganisationFromBeforeTheUpgradeHasLetsEncrypt() throws Exception {
        HomeportHome home = new HomeportHome(folder).ensureExists();
        String url = Store.jdbcUrl(home.storeBase());
        Flyway.configure().dataSource(url, "homeport", "").locations("classpath:db/migration").target("7").load().migrate();
        try (Connection connection = DriverManager.getConnection(url, "homeport", ""); Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO organisation (name, acme_email) VALUES ('acme', 'ops@acme.test')");
            sql.execute("SHUTDOWN");
        }

        try (Store store = Store.open(home)) {
            Organisation acme = store.read(h -> h.attach(OrganisationDao.class).findByName("acme")).orElseThrow();
            assertThat(acme.acmeEmail()).isEqualTo("ops@acme.test");
            assertThat(acme.acmeDirectory()).isNull();
            assertThat(acme.acmeCa()).isEqualTo("Let's Encrypt");
        }
        assertThat(home.backups()).isDirectoryContaining(p -> p.getFileName().toString().startsWith("store-before-V8-"));
    }
}
