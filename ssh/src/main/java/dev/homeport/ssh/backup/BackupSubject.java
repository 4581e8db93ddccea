package dev.homeport.ssh.backup;

import dev.homeport.model.ValidationException;

/**
 * What one line of backups is of: a database (its dump, {@code volume} null) or a service's named volume (a
 * tar of it). Either way the node keeps them in the folder of a volume's name and its cron line is tagged by
 * it: the database's data volume, or the named volume itself.
 */
public record BackupSubject(long serviceId, String volume) {
    public static BackupSubject database(long serviceId) {
        return new BackupSubject(serviceId, null);
    }

    public static BackupSubject volume(long serviceId, String volume) {
        if (volume == null || volume.isBlank()) {
            throw new ValidationException("volume", "name the service's named volume, as SERVICE:VOLUME");
        }
        return new BackupSubject(serviceId, volume);
    }

    public boolean isVolume() {
        return volume != null;
    }

    /** How it is written on the command line after the service's path: {@code :VOLUME}, or nothing for a database. */
    public String suffix() {
        return volume == null ? "" : ":" + volume;
    }
}
