package dev.homeport.model.transfer;

import java.util.List;

/**
 * What an import added, and anything it had to leave out. {@code backupSchedules} counts the databases' and volumes'
 * schedules stored; {@code backupKey} is true when the file's backup key was kept (it is the store's key now, or was
 * already).
 */
public record ImportReport(int organisations, int applications, int environments, int services, int nodes,
                           int sshIdentities, int tunnels, int backupSchedules, boolean backupKey, List<String> warnings) {
    public ImportReport {
        warnings = List.copyOf(warnings);
    }

    public String summary() {
        String backups = backupSchedules == 0 && !backupKey ? ""
                : " Backups: " + (backupSchedules == 0 ? "" : backupSchedules + " schedule(s)" + (backupKey ? " and " : ""))
                + (backupKey ? "the backup key" : "") + ".";
        return "Imported " + organisations + " organisation(s), " + applications + " application(s), "
                + environments + " environment(s), " + services + " service(s), " + nodes + " node(s)"
                + (tunnels == 0 ? " and " : ", ") + sshIdentities + " SSH identit" + (sshIdentities == 1 ? "y" : "ies")
                + (tunnels == 0 ? "" : " and " + tunnels + " saved tunnel(s)") + "." + backups;
    }
}
