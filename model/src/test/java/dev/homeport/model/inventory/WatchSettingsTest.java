package dev.homeport.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.CrashLoopPolicy;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.LogViewBound;
import dev.homeport.model.ValidationException;
import dev.homeport.model.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crash-loop policy and the Logs tab's bound in the store: defaults until saved, kept across a reopen, limits named. */
class WatchSettingsTest {
    @TempDir
    Path folder;

    @Test
    void defaultsUntilSavedThenTheSavedValuesAfterReopening() {
        HomeportHome home = new HomeportHome(folder);
        try (Store store = Store.open(home)) {
            WatchSettings settings = new WatchSettings(store);
            assertThat(settings.crashLoop()).isEqualTo(new CrashLoopPolicy(3, Duration.ofMinutes(2)));
            assertThat(settings.logView()).isEqualTo(new LogViewBound(1_000_000, 256));
            settings.setCrashLoop(new CrashLoopPolicy(2, 30));
            settings.setLogView(new LogViewBound(50_000, 32));
            settings.setCrashLoop(new CrashLoopPolicy(5, 600));
            int rows = store.read(h -> h.createQuery("SELECT COUNT(*) FROM crash_loop").mapTo(Integer.class).one());
            assertThat(rows).as("one row, replaced").isEqualTo(1);
        }
        try (Store store = Store.open(home)) {
            WatchSettings settings = new WatchSettings(store);
            assertThat(settings.crashLoop()).isEqualTo(new CrashLoopPolicy(5, Duration.ofMinutes(10)));
            assertThat(settings.logView()).isEqualTo(new LogViewBound(50_000, 32));
            assertThat(settings.logView().maxBytes()).isEqualTo(32L << 20);
        }
    }

    @Test
    void valuesOutsideTheLimitsAreRefusedWithTheLimitsNamed() {
        assertThatThrownBy(() -> new CrashLoopPolicy(0, 60)).isInstanceOf(ValidationException.class)
                .hasMessage("crashes: must be between 1 and 100, got 0");
        assertThatThrownBy(() -> new CrashLoopPolicy(3, 5))
                .hasMessage("window: must be whole seconds between 10 s and 1 h (3600 s), got 5 s");
        assertThatThrownBy(() -> new CrashLoopPolicy(3, Duration.ofHours(2)))
                .hasMessage("window: must be whole seconds between 10 s and 1 h (3600 s), got 7200 s");
        assertThatThrownBy(() -> new CrashLoopPolicy(3, Duration.ofMillis(30_500)))
                .hasMessage("window: must be whole seconds between 10 s and 1 h (3600 s), got 30500 ms");
        assertThatThrownBy(() -> new LogViewBound(9_999, 256))
                .hasMessage("maxLines: must be between 10,000 and 10,000,000, got 9,999");
        assertThatThrownBy(() -> new LogViewBound(1_000_000, 4097)).hasMessage("maxMib: must be between 16 and 4096 MiB, got 4097");
        assertThat(new CrashLoopPolicy(1, 10).window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(new CrashLoopPolicy(100, 3600).crashes()).isEqualTo(100);
        assertThat(new LogViewBound(10_000, 16)).isNotNull();
        assertThat(new LogViewBound(10_000_000, 4096).maxBytes()).isEqualTo(4096L << 20);
    }
}
