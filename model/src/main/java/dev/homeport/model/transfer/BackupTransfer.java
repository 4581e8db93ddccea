package dev.homeport.model.transfer;

import dev.homeport.model.BackupSchedule;
import dev.homeport.model.ValidationException;
import dev.homeport.model.Volume;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.store.BackupDao;
import dev.homeport.model.store.DatabaseDao;
import dev.homeport.model.vault.Sealed;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.SecretKind;
import dev.homeport.model.vault.Vault;
import dev.homeport.model.vault.VaultException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Backups in the export file ({@code backups:}): the age key every backup is encrypted to, its identity only as a
 * secret is (encrypted with the export passphrase, else left out), and each database's and named volume's schedule by
 * the path of its service. Read back after the services, in the import's transaction. A schedule names a service of the
 * file (it travels with its service): a database for its dump, or one of the service's named volumes
 * ({@code SERVICE:VOLUME}). The import stores the schedules; their cron lines are written on the node when a schedule
 * is set there ({@code homeport backup schedule}, or the app), which needs the node, so the import report says so.
 */
final class BackupTransfer {
    private static final Pattern RECIPIENT = Pattern.compile("age1[02-9ac-hj-np-z]{58}");
    private static final Pattern IDENTITY = Pattern.compile("AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}");

    private BackupTransfer() {
    }

    /** The file's key: {@code identity} null when the file has none (exported without secrets). */
    record PlannedKey(String at, String recipient, Sealed identity) {
    }

    /**
     * A checked schedule, its service still by path (its id is 0 until written), and where its backups are copied as the
     * file names it ({@code copyTo}: a node's name or {@code s3:NAME}; null for none), resolved when writing.
     */
    record PlannedSchedule(String at, String servicePath, BackupSchedule schedule, String copyTo) {
        String of() {
            return servicePath + (schedule.volume() == null ? "" : ":" + schedule.volume());
        }
    }

    record Planned(PlannedKey key, List<PlannedSchedule> schedules) {
        static final Planned NONE = new Planned(null, List.of());
    }

    /** What the planner knows of a service of the file: its database's data volume (null if none) and named volumes. */
    record FileService(String dataVolume, List<String> namedVolumes) {
    }

    /** The prefix of an S3 target's name where a copy target is named ({@code --copy-to s3:NAME}). */
    static final String S3 = "s3:";

    // ---- export ---------------------------------------------------------------------------------

    /**
     * The store's key and schedules; null when it has neither. {@code servicePaths} by id; {@code encrypt} re-encrypts a
     * secret for the file, or gives null when secrets are left out.
     */
    static InventoryDocument.Backups export(Handle h, Map<Long, String> servicePaths, Function<Sealed, String> encrypt) {
        BackupDao dao = h.attach(BackupDao.class);
        Map<Long, String> nodeNames = new java.util.HashMap<>();
        h.attach(dev.homeport.model.store.WorkerNodeDao.class).list().forEach(n -> nodeNames.put(n.id(), n.name()));
        InventoryDocument.BackupKey key = dao.key().map(row -> {
            String identity = encrypt.apply(new Sealed(row.sealedIdentity()));
            return new InventoryDocument.BackupKey(row.recipient(), identity, identity == null ? Boolean.FALSE : null);
        }).orElse(null);
        List<BackupSchedule> all = new ArrayList<>(dao.schedules());
        all.addAll(dao.volumeSchedules());
        List<InventoryDocument.BackupSchedule> schedules = all.stream()
                .filter(s -> servicePaths.containsKey(s.serviceId()))
                .map(s -> new InventoryDocument.BackupSchedule(
                        servicePaths.get(s.serviceId()) + (s.volume() == null ? "" : ":" + s.volume()),
                        s.every().name().toLowerCase(Locale.ROOT), at(s), s.keepCount(), s.keepDays(),
                        s.stopService() ? Boolean.TRUE : null, s.since().toString(), copyTo(h, s, nodeNames),
                        s.keepCopies() ? Boolean.TRUE : null))
                .sorted(java.util.Comparator.comparing(InventoryDocument.BackupSchedule::of))
                .toList();
        return key == null && schedules.isEmpty() ? null : new InventoryDocument.Backups(key, schedules);
    }

    /** Where a schedule's backups are copied, as {@code --copy-to} takes it; null for none. */
    private static String copyTo(Handle h, BackupSchedule s, Map<Long, String> nodeNames) {
        if (s.copyTo() != null) {
            return nodeNames.get(s.copyTo());
        }
        if (s.copyToS3() != null) {
            return h.attach(dev.homeport.model.store.S3TargetDao.class).find(s.copyToS3()).map(t -> S3 + t.name()).orElse(null);
        }
        return null;
    }

    /** The time as {@code homeport backup schedule --at} takes it. */
    static String at(BackupSchedule s) {
        return s.every() == BackupSchedule.Every.HOURLY ? String.format(Locale.ROOT, ":%02d", s.minute())
                : String.format(Locale.ROOT, "%02d:%02d", s.hour(), s.minute());
    }

    // ---- import: check ----------------------------------------------------------------------------

    /**
     * Checks the key and every schedule on its own, against the services of the file ({@code services} by path) and
     * against the other schedules; throws naming the first bad place. Warnings (a key left out) go to {@code warnings}.
     */
    static Planned plan(InventoryDocument.Backups backups, Map<String, FileService> services, Map<String, Map<String, Boolean>> s3Targets,
                        Vault vault, Vault.PassphraseBox box, List<String> warnings) {
        if (backups == null) {
            return Planned.NONE;
        }
        return new Planned(key(backups.key(), vault, box, warnings), schedules(backups.schedules(), services, s3Targets, warnings));
    }

    private static PlannedKey key(InventoryDocument.BackupKey key, Vault vault, Vault.PassphraseBox box, List<String> warnings) {
        if (key == null) {
            return null;
        }
        String at = "backups/key";
        if (key.recipient() == null || !RECIPIENT.matcher(key.recipient()).matches()) {
            throw new TransferException(at + "/recipient: must be an age recipient (age1 and 58 more characters), got '"
                    + (key.recipient() == null ? "nothing" : key.recipient()) + "'");
        }
        if (key.encryptedIdentity() == null) {
            warnings.add(at + ": left out, the file has no identity for it (exported without secrets). Backups made with it cannot be"
                    + " decrypted by this store; it makes a key of its own for the backups it makes");
            return new PlannedKey(at, key.recipient(), null);
        }
        if (Boolean.FALSE.equals(key.identity())) {
            throw new TransferException(at + ": has an encryptedIdentity and says 'identity: false'; keep one of them");
        }
        if (box == null) {
            throw new TransferException(at + "/encryptedIdentity: the file has encrypted values but no 'secrets' section describing the passphrase");
        }
        Secret identity;
        try {
            identity = box.decrypt(key.encryptedIdentity());
        } catch (VaultException e) {
            throw new TransferException(at + "/encryptedIdentity: " + e.getMessage(), e);
        }
        String recipient;
        try {
            if (!IDENTITY.matcher(identity.reveal()).matches()) {
                throw new IllegalArgumentException("not of the form AGE-SECRET-KEY-1…");
            }
            recipient = AgeKeys.recipientOf(identity.reveal());
        } catch (RuntimeException e) {
            // Jagged's decoder and the JDK's key spec throw unchecked exceptions for a text that is no key.
            throw new TransferException(at + "/encryptedIdentity: is not an age X25519 identity (AGE-SECRET-KEY-1…)");
        }
        if (!recipient.equals(key.recipient())) {
            throw new TransferException(at + "/recipient: is not the identity's recipient (" + recipient + "); nodes would encrypt"
                    + " backups to a key this store cannot read");
        }
        return new PlannedKey(at, key.recipient(), vault.seal(identity, SecretKind.BACKUP_IDENTITY));
    }

    /**
     * {@code s3Targets}: each organisation of the file by name, its S3 targets by name, true when the target is imported,
     * false when it is left out (no secret key in the file).
     */
    private static List<PlannedSchedule> schedules(List<InventoryDocument.BackupSchedule> schedules, Map<String, FileService> services,
                                                   Map<String, Map<String, Boolean>> s3Targets, List<String> warnings) {
        List<PlannedSchedule> planned = new ArrayList<>();
        Set<String> subjects = new HashSet<>();
        Set<String> volumes = new HashSet<>();
        InventoryImporter.each(schedules, (s, i) -> {
            String at = "backups/schedules/" + InventoryImporter.label(s.of(), i);
            if (s.of() == null || s.of().isBlank()) {
                throw new TransferException(at + "/of: is required: a database's path ORG/APP/ENV/SERVICE, or a named volume's"
                        + " ORG/APP/ENV/SERVICE:VOLUME");
            }
            int colon = s.of().indexOf(':');
            String path = colon < 0 ? s.of() : s.of().substring(0, colon);
            String volume = colon < 0 ? null : s.of().substring(colon + 1);
            try {
                path = InventoryPath.parse(path, Level.SERVICE).toString();
            } catch (ValidationException e) {
                throw new TransferException(at + "/of: " + e.rule(), e);
            }
            FileService service = services.get(path);
            if (service == null) {
                throw new TransferException(at + "/of: no service '" + path + "' in the file (a schedule travels with its service)");
            }
            String servicePath = path;
            if (volume == null && service.dataVolume() == null) {
                throw new TransferException(at + "/of: '" + path + "' is not a database; a schedule names a database, or one of a"
                        + " service's named volumes as SERVICE:VOLUME" + (service.namedVolumes().isEmpty() ? ""
                        : " (its named volumes are " + String.join(", ", service.namedVolumes()) + ")"));
            }
            if (volume != null && volume.equals(service.dataVolume())) {
                throw new TransferException(at + "/of: " + volume + " is the data volume of the database '" + path + "': its backups are"
                        + " dumps, scheduled without ':" + volume + "'");
            }
            if (volume != null && !service.namedVolumes().contains(volume)) {
                throw new TransferException(at + "/of: '" + path + "' mounts no named volume '" + volume + "'; its named volumes are "
                        + (service.namedVolumes().isEmpty() ? "none" : String.join(", ", service.namedVolumes())));
            }
            BackupSchedule schedule = schedule(at, s, volume);
            InventoryImporter.unique(subjects, s.of(), at, "backup schedule of");
            String node = volume == null ? service.dataVolume() : volume;
            if (!volumes.add(node)) {
                throw new TransferException(at + "/of: the file backs the volume " + node + " up twice; a node's volume has one schedule");
            }
            planned.add(new PlannedSchedule(at, servicePath, schedule, copyTo(at, s.copyTo(), servicePath, s3Targets, warnings)));
        });
        return planned;
    }

    /**
     * A schedule's copy target as the file names it: an S3 target must be one of its organisation's in the file (one left
     * out for want of its secret key leaves the schedule without a copy target, with a warning); a node is looked for when
     * writing (the file's nodes, then the store's).
     */
    private static String copyTo(String at, String copyTo, String servicePath, Map<String, Map<String, Boolean>> s3Targets,
                                 List<String> warnings) {
        if (copyTo == null || copyTo.isBlank()) {
            return null;
        }
        String text = copyTo.strip();
        if (!text.startsWith(S3)) {
            return text;
        }
        String name = text.substring(S3.length());
        String organisation = InventoryPath.parse(servicePath, Level.SERVICE).parts().getFirst();
        Boolean kept = s3Targets.getOrDefault(organisation, Map.of()).get(name);
        if (kept == null) {
            throw new TransferException(at + "/copyTo: the organisation '" + organisation + "' has no S3 target '" + name
                    + "' in the file (a schedule copies to an S3 target of its own organisation)");
        }
        if (!kept) {
            warnings.add(at + "/copyTo: left out, the S3 target '" + name + "' is left out (its secret key is not in the file);"
                    + " the schedule copies nowhere until one is set");
            return null;
        }
        return text;
    }

    private static BackupSchedule schedule(String at, InventoryDocument.BackupSchedule s, String volume) {
        if (s.every() == null) {
            throw new TransferException(at + "/every: is required: hourly or daily");
        }
        Instant since;
        try {
            since = s.since() == null ? Instant.now() : Instant.parse(s.since());
        } catch (DateTimeParseException e) {
            throw new TransferException(at + "/since: must be a UTC time such as 2026-12-06T03:00:00Z, got '" + s.since() + "'", e);
        }
        try {
            BackupSchedule base = BackupSchedule.parse(0, s.every(), s.at(), s.keep(), s.maxAgeDays(), null, since);
            return new BackupSchedule(0, base.every(), base.hour(), base.minute(), base.keepCount(), base.keepDays(), base.target(),
                    base.since(), volume, Boolean.TRUE.equals(s.stop()), null, null, Boolean.TRUE.equals(s.keepCopies()));
        } catch (ValidationException e) {
            String field = switch (e.field()) {
                case "max-age" -> "maxAgeDays";
                case "volume" -> "of";
                default -> e.field();
            };
            throw new TransferException(at + "/" + field + ": " + e.rule(), e);
        }
    }

    // ---- import: write ----------------------------------------------------------------------------

    /**
     * Import adds: a key other than the store's is refused (backups made with one or the other could no longer be
     * decrypted), and so is a volume a service of the store backs up already.
     */
    static void refuseClashes(Handle h, Planned planned) {
        BackupDao dao = h.attach(BackupDao.class);
        if (planned.key() != null && planned.key().identity() != null) {
            dao.key().filter(kept -> !kept.recipient().equals(planned.key().recipient())).ifPresent(kept -> {
                throw new TransferException(planned.key().at() + ": this store has a backup key of its own already (" + kept.recipient()
                        + "); import never replaces it, since the backups made with it could no longer be decrypted");
            });
        }
        for (PlannedSchedule s : planned.schedules()) {
            if (s.schedule().volume() == null) {
                continue;
            }
            for (BackupSchedule kept : dao.volumeSchedules()) {
                if (kept.volume().equals(s.schedule().volume())) {
                    String owner = h.attach(dev.homeport.model.store.ServiceDao.class).find(kept.serviceId())
                            .map(dev.homeport.model.Service::name).orElse("?");
                    throw new TransferException(s.at() + "/of: the volume " + kept.volume() + " is backed up on a schedule of the store's"
                            + " service '" + owner + "' already; a node's volume has one schedule");
                }
            }
        }
    }

    /** Writes the key (unless the store has it) and the schedules; returns how many schedules. */
    static int write(Handle h, Planned planned, Map<String, Long> serviceIds, Map<String, Long> nodeIds, Map<String, Long> s3TargetIds,
                     List<String> warnings) {
        BackupDao dao = h.attach(BackupDao.class);
        if (planned.key() != null && planned.key().identity() != null && dao.key().isEmpty()) {
            dao.insertKey(planned.key().recipient(), planned.key().identity().text());
        }
        for (PlannedSchedule s : planned.schedules()) {
            Long serviceId = serviceIds.get(s.servicePath());
            if (serviceId == null) {
                throw new TransferException(s.at() + "/of: no service '" + s.servicePath() + "' in the file");
            }
            BackupSchedule b = s.schedule();
            if (b.volume() == null && h.attach(DatabaseDao.class).find(serviceId).isEmpty()) {
                throw new TransferException(s.at() + "/of: '" + s.servicePath() + "' is not a database");
            }
            Long copyNode = null;
            Long copyS3 = null;
            if (s.copyTo() != null && s.copyTo().startsWith(S3)) {
                String organisation = InventoryPath.parse(s.servicePath(), Level.SERVICE).parts().getFirst();
                copyS3 = s3TargetIds.get(organisation + "/" + s.copyTo().substring(S3.length()));
                if (copyS3 == null) {
                    throw new TransferException(s.at() + "/copyTo: no S3 target '" + s.copyTo() + "' in the file");
                }
            } else if (s.copyTo() != null) {
                copyNode = nodeIds.get(s.copyTo());
                if (copyNode == null) {
                    copyNode = h.attach(dev.homeport.model.store.WorkerNodeDao.class).findByName(s.copyTo()).map(dev.homeport.model.WorkerNode::id)
                            .orElseThrow(() -> new TransferException(s.at() + "/copyTo: no node '" + s.copyTo() + "' in the file or this store"));
                }
            }
            dao.save(new BackupSchedule(serviceId, b.every(), b.hour(), b.minute(), b.keepCount(), b.keepDays(), b.target(), b.since(),
                    b.volume(), b.stopService(), copyNode, copyS3, b.keepCopies()));
            warnings.add(s.at() + ": stored. Its node runs it once the schedule is set there (that writes its cron line): run"
                    + " homeport backup schedule " + s.of() + " --every " + b.every().name().toLowerCase(Locale.ROOT) + " --at " + at(b)
                    + " --keep " + b.keepCount() + " --max-age " + b.keepDays() + (b.stopService() ? " --stop" : "")
                    + (s.copyTo() == null ? "" : " --copy-to " + s.copyTo()) + (b.keepCopies() ? " --keep-copies" : "")
                    + " (or set it in the app's Backups section). Until then it shows as missed, unless the exporting store's cron"
                    + " line is still on the node");
        }
        return planned.schedules().size();
    }

    /** The named volumes of a service's deploy settings, as the planner knows them. */
    static List<String> namedVolumes(List<Volume> volumes) {
        return volumes.stream().filter(Volume::named).map(Volume::source).toList();
    }
}
