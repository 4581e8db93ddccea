package dev.homeport.app.desktop;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.deployments.Deploys;
import dev.homeport.app.desktop.alerts.AlarmWatch;
import dev.homeport.app.desktop.nodes.HealthWatch;
import dev.homeport.model.LogViewBound;
import dev.homeport.model.inventory.InventoryTree;
import dev.homeport.model.inventory.Ref;
import java.time.Duration;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The main window's state: the inventory tree as last read from the store,
 * and the place the user is looking at. Changes only through its command
 * methods, which do their store work through {@link Tasks}.
 */
public final class MainModel {
    private final Homeport homeport;
    private final Tasks tasks;
    private final Poller poller = new Poller();
    private final ThemeManager themes;
    private final ReadOnlyObjectWrapper<InventoryTree> tree = new ReadOnlyObjectWrapper<>(new InventoryTree(List.of(), List.of(), List.of(), List.of()));
    private final ReadOnlyObjectWrapper<Place> place = new ReadOnlyObjectWrapper<>(new Place.Overview());
    private final ObservableList<Notice> notices = FXCollections.observableArrayList();
    private final HealthWatch health;
    private final javafx.beans.property.ReadOnlyLongWrapper outsideChanges = new javafx.beans.property.ReadOnlyLongWrapper();
    private final AlarmWatch alarms;
    private final Deploys deploys;
    private final dev.homeport.app.desktop.deployments.CrashAlerts crashes;
    private final dev.homeport.app.desktop.storebackup.ScheduledBackups storeBackups;
    private final dev.homeport.app.desktop.backups.BackupWatch backups;
    /** Whether the Logs tabs wrap long lines: every tab's Wrap button, remembered with the window (FX thread). */
    private final javafx.beans.property.BooleanProperty logWrap = new javafx.beans.property.SimpleBooleanProperty(this, "logWrap");
    /**
     * Where the terminal window was and its size, as it was last closed or as the app remembered it (null: never
     * placed); the terminal window opens there and records itself here (FX thread).
     */
    private final javafx.beans.property.ObjectProperty<javafx.geometry.Rectangle2D> terminalBounds =
            new javafx.beans.property.SimpleObjectProperty<>(this, "terminalBounds");
    /** The Logs tab's bound as last read or saved: each Logs tab built takes it (set off the FX thread too). */
    private volatile LogViewBound logView = LogViewBound.defaults();

    public MainModel(Homeport homeport, Tasks tasks, ThemeManager themes) {
        this(homeport, tasks, themes, Duration.ofSeconds(UiState.DEFAULT.nodeCheckSeconds()));
    }

    public MainModel(Homeport homeport, Tasks tasks, ThemeManager themes, Duration nodeCheckPeriod) {
        this.homeport = homeport;
        this.tasks = tasks;
        this.themes = themes;
        this.alarms = new AlarmWatch(homeport, tasks, poller, notices::add);
        this.health = new HealthWatch(homeport, tasks, notices::add, nodeCheckPeriod, alarms::sync);
        this.deploys = new Deploys(homeport, tasks, notices);
        this.crashes = new dev.homeport.app.desktop.deployments.CrashAlerts(homeport, tasks, notices::add);
        this.storeBackups = new dev.homeport.app.desktop.storebackup.ScheduledBackups(homeport, tasks, poller, notices::add);
        this.backups = new dev.homeport.app.desktop.backups.BackupWatch(homeport, tasks, poller, notices::add);
    }

    private java.util.function.Consumer<String> browser = url -> org.slf4j.LoggerFactory.getLogger(MainModel.class)
            .info("No browser to open {} with", url);

    /** How {@link #openInBrowser} opens a page; the app sets its host services'. */
    public void setBrowser(java.util.function.Consumer<String> opener) {
        browser = opener;
    }

    /** Opens a web page in the user's browser. */
    public void openInBrowser(String url) {
        browser.accept(url);
    }

    /** The deployments started in this window, and how they end. */
    public Deploys deploys() {
        return deploys;
    }

    /** The crash watch over the live releases' containers, while the app runs. */
    public dev.homeport.app.desktop.deployments.CrashAlerts crashAlerts() {
        return crashes;
    }

    /** The watch over the databases' scheduled backups (and the pulling of their copies), while the app runs. */
    public dev.homeport.app.desktop.backups.BackupWatch backupWatch() {
        return backups;
    }

    private java.util.Map<Long, Long> releaseToOpen = new java.util.HashMap<>();

    /** Asks the service's page to open one of its releases when it is shown next (a deploy marker on a node chart was clicked). */
    public void openRelease(long serviceId, long deploymentId) {
        releaseToOpen.put(serviceId, deploymentId);
        go(new Place.Item(new dev.homeport.model.inventory.Ref(dev.homeport.model.inventory.Level.SERVICE, serviceId)));
    }

    private final java.util.Map<Long, String> tabToOpen = new java.util.HashMap<>();

    /** Asks the service's page to show one of its tabs (such as {@code tab-logs}) when it is shown next. */
    public void openServiceTab(long serviceId, String tabId) {
        tabToOpen.put(serviceId, tabId);
    }

    /** The tab the service's page is asked to show, once; null when none. */
    public String takeServiceTab(long serviceId) {
        return tabToOpen.remove(serviceId);
    }

    /** The release the service's page is asked to open, once; null when none. */
    public Long takeReleaseToOpen(long serviceId) {
        return releaseToOpen.remove(serviceId);
    }

    /** Homeport's own store backed up on its schedule while the app runs, and the last backup. */
    public dev.homeport.app.desktop.storebackup.ScheduledBackups storeBackups() {
        return storeBackups;
    }

    /** Whether the Logs tabs wrap long lines (their Wrap button); the app keeps it between runs. */
    public javafx.beans.property.BooleanProperty logWrap() {
        return logWrap;
    }

    /** The terminal window's bounds when it last closed, or as remembered from the last run; null when never placed. */
    public javafx.beans.property.ObjectProperty<javafx.geometry.Rectangle2D> terminalBounds() {
        return terminalBounds;
    }

    /** The nodes' periodic check, as last seen. */
    public HealthWatch nodeHealth() {
        return health;
    }

    /** Notices the window shows for a while (the newest last); add and remove on the FX thread. */
    public ObservableList<Notice> notices() {
        return notices;
    }

    public Homeport homeport() {
        return homeport;
    }

    public Tasks tasks() {
        return tasks;
    }

    /** Where pages refresh what they show periodically; stopped when the window closes. */
    public Poller poller() {
        return poller;
    }

    public ThemeManager themes() {
        return themes;
    }

    public ReadOnlyObjectProperty<InventoryTree> treeProperty() {
        return tree.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Place> placeProperty() {
        return place.getReadOnlyProperty();
    }

    public void go(Place target) {
        place.set(target);
    }

    /** Reads the tree again; when {@code select} is given, goes there once it is loaded. */
    public void refresh(Ref select) {
        tasks.run("Reading the inventory", () -> homeport.inventory().tree())
                .onSuccess(loaded -> {
                    tree.set(loaded);
                    if (select != null) {
                        place.set(new Place.Item(select));
                    } else if (place.get() instanceof Place.Item item && !contains(loaded, item.ref())) {
                        place.set(new Place.Overview());
                    }
                })
                .start();
    }

    public void refresh() {
        refresh(null);
    }

    /**
     * The store was changed from outside the window (a {@code homeport} command the app ran):
     * reads the tree again and builds the page again, which reads what it shows anew.
     */
    public void reloadAfterOutsideChange() {
        tasks.run("Reading the inventory", this::readTreeAndSettings)
                .onSuccess(loaded -> {
                    tree.set(loaded);
                    if (place.get() instanceof Place.Item item && !contains(loaded, item.ref())) {
                        place.set(new Place.Overview());
                    }
                    outsideChanges.set(outsideChanges.get() + 1);
                })
                .start();
    }

    /** Counts the changes from outside the window; the main view builds its page again at each. */
    public javafx.beans.property.ReadOnlyLongProperty outsideChangesProperty() {
        return outsideChanges.getReadOnlyProperty();
    }

    /**
     * The first read after opening: goes back to the place saved at the last close,
     * unless the user has already gone somewhere else meanwhile.
     */
    void reopen(String placeKey) {
        Place before = place.get();
        tasks.run("Reading the inventory", this::readTreeAndSettings)
                .onSuccess(loaded -> {
                    tree.set(loaded);
                    if (place.get() == before) {
                        place.set(Places.parse(placeKey, loaded));
                    }
                })
                .start();
    }

    /** In a task: the Logs tab's bound (service pages take it as they are built), then the tree. */
    private InventoryTree readTreeAndSettings() {
        logView = homeport.watchSettings().logView();
        return homeport.inventory().tree();
    }

    /** How much of a log each Logs tab opened from now keeps (Settings → Logs). */
    public LogViewBound logView() {
        return logView;
    }

    /** After Settings → Logs saved a bound: the Logs tabs opened from now keep that much. */
    public void logViewSaved(LogViewBound saved) {
        logView = saved;
    }

    static boolean contains(InventoryTree tree, Ref ref) {
        return switch (ref.level()) {
            case ORGANISATION -> tree.organisations().stream().anyMatch(o -> o.id() == ref.id());
            case APPLICATION -> tree.applications().stream().anyMatch(a -> a.id() == ref.id());
            case ENVIRONMENT -> tree.environments().stream().anyMatch(e -> e.id() == ref.id());
            case SERVICE -> tree.services().stream().anyMatch(s -> s.id() == ref.id());
        };
    }
}
