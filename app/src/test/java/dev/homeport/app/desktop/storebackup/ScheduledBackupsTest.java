package dev.homeport.app.desktop.storebackup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.Poller;
import dev.homeport.app.desktop.Tasks;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.StoreBackupSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedule while the app runs, on a real store: a due backup is written, and a failed one is a notice. */
class ScheduledBackupsTest {
    @TempDir
    Path folder;

    @Test
    void aDueBackupRunsAtOnceAndIsTheLastRun() throws Exception {
        Path target = Files.createDirectories(folder.resolve("scheduled"));
        List<Notice> notices = new CopyOnWriteArrayList<>();
        try (Homeport homeport = Homeport.open(new HomeportHome(folder.resolve("home")), null); Poller poller = new Poller(Runnable::run);
             Tasks tasks = new Tasks()) {
            homeport.vault().setPassphrase("master passphrase".toCharArray());
            homeport.storeBackups().setSchedule(new StoreBackupSchedule(StoreBackupSchedule.Frequency.DAILY, target.toString(), 3));
            ScheduledBackups scheduled = new ScheduledBackups(homeport, tasks, poller, notices::add);
            scheduled.start();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> scheduled.lastRun().get() != null);
            assertThat(scheduled.lastRun().get().ok()).as(scheduled.lastRun().get().message()).isTrue();
            try (var files = Files.list(target)) {
                assertThat(files.toList()).singleElement().satisfies(file -> assertThat(file.getFileName().toString()).startsWith("homeport-backup-"));
            }
            assertThat(notices).isEmpty();
        }
    }

    @Test
    void aFailedBackupIsANoticeNotOnlyALogLine() throws Exception {
        Path blocked = Files.writeString(folder.resolve("a-file"), "x");
        List<Notice> notices = new CopyOnWriteArrayList<>();
        try (Homeport homeport = Homeport.open(new HomeportHome(folder.resolve("home")), null); Poller poller = new Poller(Runnable::run);
             Tasks tasks = new Tasks()) {
            homeport.vault().setPassphrase("master passphrase".toCharArray());
            homeport.storeBackups().setSchedule(new StoreBackupSchedule(StoreBackupSchedule.Frequency.WEEKLY, blocked.resolve("sub").toString(), 3));
            ScheduledBackups scheduled = new ScheduledBackups(homeport, tasks, poller, notices::add);
            scheduled.start();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !notices.isEmpty());
            assertThat(notices).singleElement().satisfies(notice -> {
                assertThat(notice.title()).isEqualTo("The backup of Homeport's data failed");
                assertThat(notice.text()).contains("Cannot write the backup");
                assertThat(notice.problem()).isTrue();
            });
            assertThat(scheduled.lastRun().get().ok()).isFalse();
        }
    }
}
