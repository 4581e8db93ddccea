package dev.homeport.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.AlarmThresholds;
import dev.homeport.model.AlertConfig;
import dev.homeport.model.CrashLoopPolicy;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NotifyMethod;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.Vault;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert settings in the store: defaults until saved, every kind of method kept, no secret in the clear, and the
 * crash loop of the watch settings carried along.
 */
class AlertSettingsTest {
    @TempDir
    Path folder;

    @Test
    void savedSettingsComeBackAfterReopeningAndTheirSecretsAreSealed() {
        HomeportHome home = new HomeportHome(folder);
        AlertConfig config = new AlertConfig(AlarmThresholds.defaults().withDisk(new AlarmThresholds.Level(70, 80)), List.of(
                new NotifyMethod.Email("ops@example.com"), new NotifyMethod.Email("me@example.org"),
                new NotifyMethod.Slack(Secret.of("https://hooks.slack.com/services/T0/B0/slack-secret-1")),
                new NotifyMethod.Discord(Secret.of("https://discord.com/api/webhooks/1/discord-secret-2")),
                new NotifyMethod.Ntfy("https://ntfy.sh/servers", Secret.of("tk_ntfy_secret_3")),
                new NotifyMethod.Webhook(Secret.of("https://example.com/hook?key=hook-secret-4"))));
        try (Store store = Store.open(home)) {
            AlertSettings settings = new AlertSettings(store, Vault.openOrCreate(home.vaultKey(), null));
            assertThat(settings.config()).isEqualTo(AlertConfig.defaults());
            settings.save(config);
            List<String> stored = store.read(h -> h.createQuery("SELECT COALESCE(address, '') || ' ' || COALESCE(secret, '') FROM alert_method")
                    .mapTo(String.class).list());
            assertThat(String.join("\n", stored)).contains("ops@example.com", "https://ntfy.sh/servers")
                    .doesNotContain("slack-secret-1", "discord-secret-2", "tk_ntfy_secret_3", "hook-secret-4");
        }
        try (Store store = Store.open(home)) {
            AlertConfig read = new AlertSettings(store, Vault.openOrCreate(home.vaultKey(), null)).config();
            assertThat(read).isEqualTo(config);
            assertThat(((NotifyMethod.Webhook) read.methods().getLast()).url().reveal()).isEqualTo("https://example.com/hook?key=hook-secret-4");
        }
    }

    @Test
    void theSettingsCarryTheCrashLoopOfTheWatchSettingsWhichSavingThemLeavesAsItIs() {
        HomeportHome home = new HomeportHome(folder);
        try (Store store = Store.open(home)) {
            AlertSettings settings = new AlertSettings(store, Vault.openOrCreate(home.vaultKey(), null));
            assertThat(settings.config().crashLoop()).isEqualTo(CrashLoopPolicy.defaults());
            new WatchSettings(store).setCrashLoop(new CrashLoopPolicy(5, 600));
            assertThat(settings.config().crashLoop()).isEqualTo(new CrashLoopPolicy(5, 600));

            settings.save(new AlertConfig(AlarmThresholds.defaults(), List.of(new NotifyMethod.Email("ops@example.com"))));
            assertThat(settings.config()).isEqualTo(new AlertConfig(AlarmThresholds.defaults(), List.of(new NotifyMethod.Email("ops@example.com")),
                    new CrashLoopPolicy(5, 600)));
            assertThat(new WatchSettings(store).crashLoop()).isEqualTo(new CrashLoopPolicy(5, 600));
        }
    }
}
