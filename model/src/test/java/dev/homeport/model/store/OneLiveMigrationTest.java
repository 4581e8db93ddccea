package dev.homeport.model.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.HomeportHome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store that an older Homeport left with two LIVE releases of one service still opens, with the newest one LIVE. */
class OneLiveMigrationTest {
    @TempDir
    Path folder;

    @Test
    void theUpgradeKeepsTheNewestLiveReleaseAndSupersedesTheOthers() throws Exception {
        HomeportHome home = new HomeportHome(folder).ensureExists();
        String url = Store.jdbcUrl(home.storeBase());
        Flyway.configure().dataSource(url, "homeport", "").locations("classpath:db/migration").target("3").load().migrate();
        try (Connection connection = DriverManager.getConnection(url, "homeport", ""); Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO organisation (name) VALUES ('acme')");
            sql.execute("INSERT INTO application (organisation_id, name) VALUES (1, 'shop')");
            sql.execute("INSERT INTO environment (application_id, name) VALUES (1, 'prod')");
            sql.execute("INSERT INTO service (environment_id, name, kind, image, health_check_path, node_key) VALUES (1, 'web', 'IMAGE', 'nginx', '/', 7)");
            sql.execute("INSERT INTO service (environment_id, name, kind, image, health_check_path, node_key) VALUES (1, 'api', 'IMAGE', 'nginx', '/', 8)");
            for (String row : List.of("1, 'LIVE'", "1, 'LIVE'", "1, 'FAILED'", "2, 'LIVE'")) {
                sql.execute("INSERT INTO deployment (service_id, state, created_at, updated_at) VALUES (" + row + ", CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            }
            sql.execute("SHUTDOWN");
        }

        try (Store store = Store.open(home)) {
            List<String> states = store.read(h -> h.createQuery("SELECT id || ' ' || state || COALESCE(' ' || reason, '') FROM deployment ORDER BY id")
                    .mapTo(String.class).list());
            assertThat(states).containsExactly("1 SUPERSEDED replaced by deployment #2", "2 LIVE", "3 FAILED", "4 LIVE");
        }
    }
}
