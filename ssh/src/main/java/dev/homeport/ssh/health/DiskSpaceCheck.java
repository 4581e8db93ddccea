package dev.homeport.ssh.health;

import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.NodeConnection;
import java.time.Duration;

/**
 * Enough free space on a file system (by default /): at least
 * {@code minFreePercent} of it, counted as df does (space left over used plus
 * space left, so blocks reserved for root do not count as free).
 */
public final class DiskSpaceCheck implements HealthCheck {
    public static final String NAME = "disk";
    private final String path;
    private final int minFreePercent;

    public DiskSpaceCheck(int minFreePercent) {
        this("/", minFreePercent);
    }

    public DiskSpaceCheck(String path, int minFreePercent) {
        if (minFreePercent < 0 || minFreePercent > 100) {
            throw new IllegalArgumentException("minFreePercent: must be 0–100, was " + minFreePercent);
        }
        this.path = path;
        this.minFreePercent = minFreePercent;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(NodeConnection connection, Duration timeout) {
        ExecResult result = connection.exec(HealthCommands.diskUsage(path), timeout, null);
        if (!result.ok()) {
            return CheckResult.failed(NAME, "df " + path + " failed: " + result.err().strip());
        }
        double free = freePercent(result.out());
        String text = String.format(java.util.Locale.ROOT, "%.1f%% free on %s", free, path);
        return free >= minFreePercent ? CheckResult.ok(NAME, text + ".")
                : CheckResult.failed(NAME, text + ", below the " + minFreePercent + "% threshold.");
    }

    /**
     * Parses {@code df -P -k} output: a header, then "filesystem blocks used available capacity mount".
     * Read from the right, so a file system name with spaces does not matter.
     */
    static double freePercent(String dfOutput) {
        String[] lines = dfOutput.strip().split("\n");
        if (lines.length < 2) {
            throw new IllegalArgumentException("df printed no file system line: " + dfOutput.strip());
        }
        String[] fields = lines[lines.length - 1].trim().split("\\s+");
        if (fields.length < 6) {
            throw new IllegalArgumentException("Unexpected df line: " + lines[lines.length - 1]);
        }
        long used = Long.parseLong(fields[fields.length - 4]);
        long available = Long.parseLong(fields[fields.length - 3]);
        return used + available == 0 ? 0 : 100.0 * available / (used + available);
    }
}
