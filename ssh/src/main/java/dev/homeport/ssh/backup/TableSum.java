package dev.homeport.ssh.backup;

/**
 * One table's (or one Redis database's) row count and checksum. Two equal sums say the rows are the
 * same whatever their order on disk: see {@link TableChecksums} for how each engine computes it.
 * The checksum is null where the engine gives none (Redis: only the key count).
 */
public record TableSum(String name, long rows, String checksum) {
}
