package dev.homeport.model.transfer;

import java.util.List;

/** What an import added, and anything it had to leave out. */
public record ImportReport(int organisations, int applications, int environments, int services, int nodes,
                           int sshIdentities, int tunnels, List<String> warnings) {
    public ImportReport {
        warnings = List.copyOf(warnings);
    }

    public String summary() {
        return "Imported " + organisations + " organisation(s), " + applications + " application(s), "
                + environments + " environment(s), " + services + " service(s), " + nodes + " node(s)"
                + (tunnels == 0 ? " and " : ", ") + sshIdentities + " SSH identit" + (sshIdentities == 1 ? "y" : "ies")
                + (tunnels == 0 ? "" : " and " + tunnels + " saved tunnel(s)") + ".";
    }
}
