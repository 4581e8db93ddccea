package dev.homeport.model.inventory;

import dev.homeport.model.S3Target;
import dev.homeport.model.ValidationException;
import dev.homeport.model.store.BackupDao;
import dev.homeport.model.store.OrganisationDao;
import dev.homeport.model.store.S3TargetDao;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.SecretKind;
import dev.homeport.model.vault.Vault;
import java.util.List;

/**
 * An organisation's S3 targets: each name used once in the organisation, the secret access key sealed in the vault
 * and opened only in memory, to be written to the standard input of the node's rclone.
 */
public final class S3Targets {
    private final Store store;
    private final Vault vault;

    S3Targets(Store store, Vault vault) {
        this.store = store;
        this.vault = vault;
    }

    /** By name. */
    public List<S3Target> list(long organisationId) {
        return store.read(h -> h.attach(S3TargetDao.class).list(organisationId));
    }

    /** The organisation's target named so; a clear error when there is none. */
    public S3Target named(long organisationId, String name) {
        return list(organisationId).stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("The organisation has no S3 target named '" + name + "'."));
    }

    /**
     * Keeps a new target (its id, organisation and sealed key are ignored: {@code secretKey} is sealed here). Refuses a
     * name the organisation already uses; nothing is written then.
     */
    public S3Target add(long organisationId, String name, String endpoint, String region, String bucket, String prefix,
                        String accessKeyId, Secret secretKey) {
        if (secretKey == null || secretKey.isEmpty()) {
            throw new ValidationException("secret key", "is required");
        }
        if (secretKey.reveal().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new ValidationException("secret key", "must be one line of printable characters");
        }
        S3Target draft = new S3Target(0, organisationId, name, endpoint == null ? null : endpoint.strip(), region,
                bucket == null ? null : bucket.strip(), prefix, accessKeyId == null ? null : accessKeyId.strip(),
                vault.seal(secretKey, SecretKind.S3_SECRET_KEY));
        return store.write(h -> {
            h.attach(OrganisationDao.class).find(organisationId)
                    .orElseThrow(() -> new NotFoundException("No organisation with id " + organisationId + "."));
            S3TargetDao dao = h.attach(S3TargetDao.class);
            if (dao.list(organisationId).stream().anyMatch(t -> t.name().equals(draft.name()))) {
                throw new ValidationException("name", "the organisation already has an S3 target named '" + draft.name()
                        + "'; remove it first to change it");
            }
            long id = dao.insert(organisationId, draft.name(), draft.endpoint(), draft.region(), draft.bucket(), draft.prefix(),
                    draft.accessKeyId(), draft.secretKey().text());
            return dao.find(id).orElseThrow();
        });
    }

    /** A target by id (a schedule's copy target). */
    public java.util.Optional<S3Target> find(long id) {
        return store.read(h -> h.attach(S3TargetDao.class).find(id));
    }

    /**
     * Forgets a target; false when the organisation has none of that name. Refused while a backup schedule copies to it
     * (the error names each, as {@code homeport backup list} does): a schedule would otherwise lose its copies without a
     * word. Nothing is written then.
     */
    public boolean remove(long organisationId, String name) {
        return store.write(h -> {
            S3TargetDao dao = h.attach(S3TargetDao.class);
            var existing = dao.list(organisationId).stream().filter(t -> t.name().equals(name)).findFirst();
            if (existing.isEmpty()) {
                return false;
            }
            List<String> copiers = h.attach(BackupDao.class).copyingToS3(existing.get().id()).stream()
                    .map(c -> Inventory.pathOf(h, new Ref(Level.SERVICE, c.serviceId())) + (c.volume() == null ? "" : ":" + c.volume()))
                    .toList();
            if (!copiers.isEmpty()) {
                throw new ValidationException("name", "the backups of " + String.join(", ", copiers) + " are copied to the S3 target '"
                        + name + "'; give " + (copiers.size() == 1 ? "that schedule" : "those schedules") + " another copy target or"
                        + " none first ('homeport backup schedule ... --copy-to NODE|s3:NAME' or '--no-copy')");
            }
            dao.delete(existing.get().id());
            return true;
        });
    }

    /** Decrypts a target's secret access key in memory, for the node's rclone's standard input. */
    public Secret secretKey(S3Target target) {
        return vault.open(target.secretKey(), SecretKind.S3_SECRET_KEY);
    }
}
