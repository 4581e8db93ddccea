package dev.homeport.ssh.backup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a restore's check found: each table of the manifest and of the restored copy, compared by
 * row count and checksum ({@link TableChecksums}); or, when the restore never got that far, the
 * problem that stopped it (a file whose SHA-256 is not the manifest's, a decryption or restore
 * tool that failed). It passed only when there is no problem and every table is {@link Outcome#OK}.
 */
public record Verification(List<TableCheck> tables, String problem) {
    public enum Outcome { OK, MISMATCH, MISSING, EXTRA }

    /** One table: what the manifest recorded ({@code expected}, null when EXTRA) and what the restored copy holds ({@code actual}, null when MISSING). */
    public record TableCheck(String name, Outcome outcome, TableSum expected, TableSum actual) {
        public String describe() {
            return switch (outcome) {
                case OK -> name + ": ok, " + actual.rows() + " rows";
                case MISMATCH -> name + ": MISMATCH, the backup recorded " + show(expected) + ", the restored copy has " + show(actual);
                case MISSING -> name + ": MISSING from the restored copy (the backup recorded " + show(expected) + ")";
                case EXTRA -> name + ": EXTRA in the restored copy (" + show(actual) + "), not in the backup's record";
            };
        }

        private static String show(TableSum sum) {
            return sum.rows() + " rows" + (sum.checksum() == null ? "" : ", checksum " + sum.checksum());
        }
    }

    public Verification {
        tables = List.copyOf(tables);
    }

    public static Verification failed(String problem) {
        return new Verification(List.of(), problem);
    }

    /** The one "table" of a named volume's check: its tar, the count of regular files as rows and the tar's sha256 as checksum. */
    public static final String VOLUME_TAR = "volume tar";

    /**
     * A named volume's restore that passed: its tar holds {@code files} regular files and has the sha256 the backup
     * recorded. Kept as one check named {@link #VOLUME_TAR}, so a {@link VerifiedMark} is written as a database's is.
     */
    public static Verification volumeTar(long files, String tarSha256) {
        TableSum sum = new TableSum(VOLUME_TAR, files, tarSha256);
        return new Verification(List.of(new TableCheck(VOLUME_TAR, Outcome.OK, sum, sum)), null);
    }

    private boolean isVolumeTar() {
        return tables.size() == 1 && VOLUME_TAR.equals(tables.getFirst().name());
    }

    /** Each table by name, in the manifest's order, then the restored copy's extra ones. */
    public static Verification compare(List<TableSum> expected, List<TableSum> actual) {
        Map<String, TableSum> restored = new LinkedHashMap<>();
        for (TableSum sum : actual) {
            restored.put(sum.name(), sum);
        }
        List<TableCheck> checks = new ArrayList<>();
        for (TableSum want : expected) {
            TableSum got = restored.remove(want.name());
            if (got == null) {
                checks.add(new TableCheck(want.name(), Outcome.MISSING, want, null));
            } else {
                boolean same = want.rows() == got.rows() && java.util.Objects.equals(want.checksum(), got.checksum());
                checks.add(new TableCheck(want.name(), same ? Outcome.OK : Outcome.MISMATCH, want, got));
            }
        }
        for (TableSum extra : restored.values()) {
            checks.add(new TableCheck(extra.name(), Outcome.EXTRA, null, extra));
        }
        return new Verification(checks, null);
    }

    public boolean passed() {
        return problem == null && tables.stream().allMatch(t -> t.outcome() == Outcome.OK);
    }

    /** One line: "verified: 3 tables, rows and checksums equal" or what failed. */
    public String summary() {
        if (problem != null) {
            return "failed: " + problem;
        }
        long bad = tables.stream().filter(t -> t.outcome() != Outcome.OK).count();
        if (bad == 0 && isVolumeTar()) {
            TableSum tar = tables.getFirst().actual();
            return "verified: " + tar.rows() + (tar.rows() == 1 ? " file" : " files") + ", the restored volume's tar has the sha256 the backup"
                    + " recorded (" + tar.checksum() + ")";
        }
        if (bad == 0 && !tables.isEmpty() && tables.stream().allMatch(t -> t.expected().checksum() == null)) {
            // Redis records no checksum: each logical database's key count is what was compared.
            return "verified: " + tables.size() + (tables.size() == 1 ? " logical database" : " logical databases")
                    + ", key counts equal to the backup's record";
        }
        if (bad == 0) {
            return "verified: " + tables.size() + (tables.size() == 1 ? " table" : " tables") + ", row counts and checksums equal to the backup's record";
        }
        return "failed: " + bad + " of " + tables.size() + " tables differ from the backup's record";
    }

    /** The summary, then a line per table. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(summary());
        if (isVolumeTar()) {
            return lines;
        }
        for (TableCheck check : tables) {
            lines.add("  " + check.describe());
        }
        return lines;
    }
}
