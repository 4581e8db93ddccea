package dev.homeport.ssh.health;

/** What one check found on a node, in words the operator can act on. */
public record CheckResult(String check, Outcome outcome, String message) {
    public enum Outcome { OK, FAILED, SKIPPED }

    public CheckResult {
        if (check == null || check.isBlank()) {
            throw new IllegalArgumentException("check: a check needs a name");
        }
        message = message == null ? "" : message;
    }

    public static CheckResult ok(String check, String message) {
        return new CheckResult(check, Outcome.OK, message);
    }

    public static CheckResult failed(String check, String message) {
        return new CheckResult(check, Outcome.FAILED, message);
    }

    public static CheckResult skipped(String check, String message) {
        return new CheckResult(check, Outcome.SKIPPED, message);
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }
}
