package dev.homeport.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** docs/benchmarks.md: each benchmark rewrites its own "## …" section and leaves the others alone. */
final class BenchmarksPage {
    private BenchmarksPage() {
    }

    /** Replaces the section under "## {heading}" (up to the next "## " heading), or adds it at the end. */
    static void writeSection(Path out, String heading, String section) throws IOException {
        String doc = Files.exists(out) ? Files.readString(out) : "# Benchmarks\n\n";
        int start = doc.indexOf("\n## " + heading + "\n");
        String updated;
        if (start < 0) {
            updated = doc.stripTrailing() + "\n\n" + section;
        } else {
            int next = doc.indexOf("\n## ", start + 1);
            updated = doc.substring(0, start + 1) + section + (next < 0 ? "" : "\n" + doc.substring(next + 1));
        }
        Files.writeString(out, updated);
    }
}
