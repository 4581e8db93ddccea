package dev.homeport.model.inventory;

import dev.homeport.model.BackupSchedule;
import dev.homeport.model.store.BackupDao;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Sealed;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.SecretKind;
import dev.homeport.model.vault.Vault;
import java.util.List;
import java.util.Optional;

/**
 * What the store keeps about backups: each database's and each named volume's schedule, and the one age key pair
 * every backup is encrypted to. The identity (private key) is sealed by the vault before it reaches the
 * store; only the recipient (public key) ever goes to a node.
 */
public final class Backups {
    private final Store store;
    private final Vault vault;

    public Backups(Store store, Vault vault) {
        this.store = store;
        this.vault = vault;
    }

    /** The key pair, identity opened: recipient {@code age1…}, identity {@code AGE-SECRET-KEY-1…}. */
    public record KeyPair(String recipient, Secret identity) {
    }

    public Optional<KeyPair> key() {
        return store.read(h -> h.attach(BackupDao.class).key())
                .map(row -> new KeyPair(row.recipient(), vault.open(new Sealed(row.sealedIdentity()), SecretKind.BACKUP_IDENTITY)));
    }

    /** Keeps a new key pair, unless one is kept already; returns the one kept. */
    public KeyPair keepKey(KeyPair made) {
        String sealed = vault.seal(made.identity(), SecretKind.BACKUP_IDENTITY).text();
        store.update(h -> h.attach(BackupDao.class).insertKey(made.recipient(), sealed));
        return key().orElseThrow();
    }

    public Optional<BackupSchedule> schedule(long serviceId) {
        return store.read(h -> h.attach(BackupDao.class).schedule(serviceId));
    }

    /** Every schedule: the databases' first, then the named volumes'. */
    public List<BackupSchedule> schedules() {
        return store.read(h -> {
            List<BackupSchedule> all = new java.util.ArrayList<>(h.attach(BackupDao.class).schedules());
            all.addAll(h.attach(BackupDao.class).volumeSchedules());
            return all;
        });
    }

    /** The schedule of a service's named volume. */
    public Optional<BackupSchedule> volumeSchedule(long serviceId, String volume) {
        return store.read(h -> h.attach(BackupDao.class).volumeSchedule(serviceId, volume));
    }

    /** Removes a named volume's schedule; false when it had none. */
    public boolean removeVolume(long serviceId, String volume) {
        return store.write(h -> h.attach(BackupDao.class).deleteVolume(serviceId, volume)) > 0;
    }

    /** A restore's swap: the volume's schedule now names the restored volume, in one transaction. */
    public void moveVolumeSchedule(BackupSchedule schedule, String restored) {
        store.update(h -> {
            h.attach(BackupDao.class).deleteVolume(schedule.serviceId(), schedule.volume());
            h.attach(BackupDao.class).save(schedule.movedTo(restored));
        });
    }

    public void save(BackupSchedule schedule) {
        store.update(h -> h.attach(BackupDao.class).save(schedule));
    }

    /** Removes a database's schedule; false when it had none. */
    public boolean remove(long serviceId) {
        return store.write(h -> h.attach(BackupDao.class).delete(serviceId)) > 0;
    }
}
