package dev.homeport.app.desktop.backups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.Poller;
import dev.homeport.app.desktop.Tasks;
import dev.homeport.model.HomeportHome;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch round on a store with nothing scheduled writes nothing: opening the app must not make a backup key (an
 * upgrade test saw the export change after the app had only been started).
 */
class BackupWatchStoreTest {
    @TempDir
    Path folder;

    @Test
    void aRoundWithNothingScheduledLeavesTheStoreAsItWas() {
        try (Homeport homeport = Homeport.open(new HomeportHome(folder.resolve("home")), null);
                Tasks tasks = new Tasks(); Poller poller = new Poller()) {
            homeport.inventory().createOrganisation("acme");
            long writes = homeport.changeCount();
            List<List<BackupWatch.Seen>> read = new ArrayList<>();

            List<BackupWatch.Seen> seen = new BackupWatch(homeport, tasks, poller, notice -> { }).round(read::add);

            assertThat(seen).isEmpty();
            assertThat(read).containsExactly(List.of());
            assertThat(homeport.changeCount()).as("writes to the store").isEqualTo(writes);
            StringWriter export = new StringWriter();
            homeport.exporter().export(export);
            assertThat(export.toString()).doesNotContain("backups:");
        }
    }
}
