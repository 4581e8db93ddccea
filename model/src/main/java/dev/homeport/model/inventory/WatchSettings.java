package dev.homeport.model.inventory;

import dev.homeport.model.CrashLoopPolicy;
import dev.homeport.model.LogViewBound;
import dev.homeport.model.store.Store;
import dev.homeport.model.store.WatchSettingsDao;

/**
 * How the desktop app watches what runs: what makes a crash loop of a live release, and how much of a log a Logs tab
 * keeps. Each is one row in the store, or the defaults while none was saved. The values are validated by their
 * records before they reach here, so nothing invalid is written.
 */
public final class WatchSettings {
    private final Store store;

    public WatchSettings(Store store) {
        this.store = store;
    }

    /** The crash-loop policy in force: the one saved, or the defaults (3 crashes in 2 minutes). */
    public CrashLoopPolicy crashLoop() {
        return store.read(h -> h.attach(WatchSettingsDao.class).crashLoop()).orElseGet(CrashLoopPolicy::defaults);
    }

    public void setCrashLoop(CrashLoopPolicy policy) {
        store.update(h -> h.attach(WatchSettingsDao.class).saveCrashLoop(policy.crashes(), policy.windowSeconds()));
    }

    /** The Logs tab's bound in force: the one saved, or the defaults (1,000,000 lines, 256 MiB). */
    public LogViewBound logView() {
        return store.read(h -> h.attach(WatchSettingsDao.class).logView()).orElseGet(LogViewBound::defaults);
    }

    public void setLogView(LogViewBound bound) {
        store.update(h -> h.attach(WatchSettingsDao.class).saveLogView(bound.maxLines(), bound.maxMib()));
    }
}
