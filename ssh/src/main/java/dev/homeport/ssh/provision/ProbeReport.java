package dev.homeport.ssh.provision;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/** What a probe found, check by check, in a fixed order. */
public record ProbeReport(List<ProbeCheck> checks, NodeFacts facts) {
    public ProbeReport {
        checks = List.copyOf(checks);
    }

    public ProbeCheck check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("The probe has no check " + id + "."));
    }

    /** Every check is OK. */
    public boolean clean() {
        return checks.stream().allMatch(ProbeCheck::ok);
    }

    public List<ProbeCheck> problems() {
        return checks.stream().filter(c -> !c.ok()).toList();
    }

    /** One line for a list or the node's history. */
    public String summary() {
        if (clean()) {
            return "all " + checks.size() + " checks OK";
        }
        long failed = checks.stream().filter(c -> c.status() == CheckStatus.FAILED).count();
        long warnings = checks.stream().filter(c -> c.status() == CheckStatus.WARNING).count();
        return failed + " failed, " + warnings + " warning" + (warnings == 1 ? "" : "s") + ": "
                + problems().stream().map(ProbeCheck::id).collect(Collectors.joining(", "));
    }

    /** Every check on its own line. */
    public String detail() {
        return checks.stream().map(ProbeCheck::line).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return summary() + "\n" + detail();
    }
}
