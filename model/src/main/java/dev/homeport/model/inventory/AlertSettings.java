package dev.homeport.model.inventory;

import dev.homeport.model.AlarmThresholds;
import dev.homeport.model.AlertConfig;
import dev.homeport.model.CrashLoopPolicy;
import dev.homeport.model.NotifyMethod;
import dev.homeport.model.store.AlertDao;
import dev.homeport.model.store.AlertDao.MethodRow;
import dev.homeport.model.store.Store;
import dev.homeport.model.store.WatchSettingsDao;
import dev.homeport.model.vault.Sealed;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.SecretKind;
import dev.homeport.model.vault.Vault;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert settings, global (a solo operator has one inbox): the thresholds of Homeport's alarms and how
 * every node's Netdata sends them. Provision writes them to each node. Webhook addresses and tokens are
 * sealed by the vault before they reach the store.
 */
public final class AlertSettings {
    private final Store store;
    private final Vault vault;

    public AlertSettings(Store store, Vault vault) {
        this.store = store;
        this.vault = vault;
    }

    /**
     * The settings in force, secrets opened: the ones saved, or the defaults (no method: Netdata sends nothing),
     * with the crash-loop policy in force ({@link WatchSettings#crashLoop()}), which the nodes' container watch follows.
     */
    public AlertConfig config() {
        record Saved(AlarmThresholds thresholds, List<MethodRow> methods, CrashLoopPolicy crashLoop) {
        }
        Saved saved = store.read(h -> {
            AlertDao dao = h.attach(AlertDao.class);
            return new Saved(dao.thresholds().orElseGet(AlarmThresholds::defaults), dao.methods(),
                    h.attach(WatchSettingsDao.class).crashLoop().orElseGet(CrashLoopPolicy::defaults));
        });
        List<NotifyMethod> methods = new ArrayList<>();
        for (MethodRow row : saved.methods()) {
            methods.add(method(row));
        }
        return new AlertConfig(saved.thresholds(), methods, saved.crashLoop());
    }

    /**
     * Replaces the thresholds and the methods, in one write. The crash-loop policy is not written here: it is saved
     * with {@link WatchSettings#setCrashLoop}, the app's crash watch's setting.
     */
    public void save(AlertConfig config) {
        List<MethodRow> rows = config.methods().stream().map(this::row).toList();
        store.update(h -> {
            AlertDao dao = h.attach(AlertDao.class);
            dao.saveThresholds(config.thresholds());
            dao.deleteMethods();
            rows.forEach(row -> dao.insertMethod(row.kind(), row.address(), row.secret()));
        });
    }

    private MethodRow row(NotifyMethod method) {
        return switch (method) {
            case NotifyMethod.Email email -> new MethodRow("email", email.address(), null);
            case NotifyMethod.Slack slack -> new MethodRow("slack", null, seal(slack.webhookUrl()));
            case NotifyMethod.Discord discord -> new MethodRow("discord", null, seal(discord.webhookUrl()));
            case NotifyMethod.Ntfy ntfy -> new MethodRow("ntfy", ntfy.topicUrl(), ntfy.token() == null ? null : seal(ntfy.token()));
            case NotifyMethod.Webhook webhook -> new MethodRow("webhook", null, seal(webhook.url()));
        };
    }

    private NotifyMethod method(MethodRow row) {
        return switch (row.kind()) {
            case "email" -> new NotifyMethod.Email(row.address());
            case "slack" -> new NotifyMethod.Slack(open(row.secret()));
            case "discord" -> new NotifyMethod.Discord(open(row.secret()));
            case "ntfy" -> new NotifyMethod.Ntfy(row.address(), row.secret() == null ? null : open(row.secret()));
            case "webhook" -> new NotifyMethod.Webhook(open(row.secret()));
            default -> throw new IllegalStateException("The store holds an alert method of an unknown kind '" + row.kind() + "'.");
        };
    }

    private String seal(Secret secret) {
        return vault.seal(secret, SecretKind.ALERT_METHOD).text();
    }

    private Secret open(String sealed) {
        return vault.open(new Sealed(sealed), SecretKind.ALERT_METHOD);
    }
}
