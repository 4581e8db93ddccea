package dev.homeport.ssh.provision;

/**
 * One thing the probe looked at. {@code nextAction} says what to do about it,
 * and is empty only when the status is OK.
 */
public record ProbeCheck(String id, String label, CheckStatus status, String detail, String nextAction) {
    public ProbeCheck {
        if (status != CheckStatus.OK && (nextAction == null || nextAction.isBlank())) {
            throw new IllegalArgumentException("The check " + id + " is " + status + " and needs a next action.");
        }
        nextAction = nextAction == null ? "" : nextAction;
    }

    static ProbeCheck ok(String id, String label, String detail) {
        return new ProbeCheck(id, label, CheckStatus.OK, detail, "");
    }

    static ProbeCheck warning(String id, String label, String detail, String nextAction) {
        return new ProbeCheck(id, label, CheckStatus.WARNING, detail, nextAction);
    }

    static ProbeCheck failed(String id, String label, String detail, String nextAction) {
        return new ProbeCheck(id, label, CheckStatus.FAILED, detail, nextAction);
    }

    public boolean ok() {
        return status == CheckStatus.OK;
    }

    /** One line: "caddy: FAILED — not installed → Provision installs …". */
    public String line() {
        return id + ": " + status + " — " + detail + (nextAction.isEmpty() ? "" : " → " + nextAction);
    }
}
