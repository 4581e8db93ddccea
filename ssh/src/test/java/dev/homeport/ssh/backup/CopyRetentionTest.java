package dev.homeport.ssh.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copies' retention on its own (the rig's {@code BackupCopyRetentionTest} runs it on real nodes): by count and by age
 * counted back from the newest copy, never the newest nor the newest verified; a folder's halves go; the copy node's
 * listing and prune scripts, run by this machine's {@code sh}, remove a backup whole and nothing else.
 */
class CopyRetentionTest {
    private static final Instant NEWEST = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path folder;

    @Test
    void countAndAgeDecideButTheNewestAndTheNewestVerifiedStay() {
        List<CopyRetention.Copy> week = new ArrayList<>();
        for (int i = 0; i < 168; i++) {
            week.add(new CopyRetention.Copy(stamp(i), i == 100 || i == 150));
        }
        // Keep 100 for 2 days: the age decides (hours 0 to 48 stay), and hour 100, the newest verified (150 is older).
        List<String> gone = CopyRetention.toPrune(week, 100, 2);
        assertThat(gone).hasSize(168 - 49 - 1).doesNotContain(stamp(0), stamp(48), stamp(100)).contains(stamp(49), stamp(150), stamp(167));
        assertThat(gone).isSorted();
        // Keep 10 for 30 days: the count decides.
        assertThat(CopyRetention.toPrune(week, 10, 30)).hasSize(168 - 10 - 1).doesNotContain(stamp(9), stamp(100)).contains(stamp(10));
        // The ages count back from the newest copy, not from today: a week-old folder is not aged away.
        List<CopyRetention.Copy> old = week.subList(100, 168);
        assertThat(CopyRetention.toPrune(old, 100, 2)).hasSize(68 - 49).doesNotContain(stamp(100), stamp(148)).contains(stamp(149));
        // Keep 1 for 1 day: the newest, and the newest verified however old.
        assertThat(CopyRetention.toPrune(week, 1, 1)).hasSize(166).doesNotContain(stamp(0), stamp(100));
        assertThat(CopyRetention.toPrune(List.of(), 1, 1)).isEmpty();
    }

    @Test
    void aFolderLosesWhatTheRetentionLetsGoAndItsHalvesWhole() throws Exception {
        for (int i = 0; i < 5; i++) {
            write(stamp(i) + ".tar.gz.age", "");
            write(stamp(i) + ".json", manifest(stamp(i)));
        }
        write(VerifiedMark.fileName(stamp(3)), "{\"version\":1,\"checked\":\"2026-12-06T12:00:00Z\",\"result\":\"ok\",\"summary\":\"s\",\"tables\":1}");
        write(stamp(6) + ".tar.gz.age", ""); // a file without its manifest (a prune cut short)
        write(stamp(7) + ".json", manifest(stamp(7))); // a manifest without its file
        write("." + stamp(8) + ".tar.gz.age.part", ""); // a copy under way: never touched
        write("notes.txt", "mine");

        CopyFolder read = CopyFolder.read(folder);
        assertThat(read.copies()).hasSize(5);
        assertThat(read.halves()).containsExactly(stamp(7), stamp(6));
        // Keep 2: 0 and 1, and 3 (verified); 2 and 4 go, with the halves.
        List<String> gone = read.toPrune(2, 30);
        assertThat(gone).containsExactly(stamp(7), stamp(6), stamp(4), stamp(2));

        // The copy node's listing reads the same folder the same way.
        Run listed = run(BackupCommands.copyList(folder.toString(), folder.toString()).argv());
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(CopyFolder.parse(listed.out()).toPrune(2, 30)).isEqualTo(gone);

        // Its prune removes each backup whole (manifest, file, mark), and nothing else.
        Run pruned = run(BackupCommands.pruneCopies(folder.toString(), List.of(stamp(7), stamp(6), stamp(4), stamp(3))).argv());
        assertThat(pruned.exit()).as(pruned.err()).isZero();
        assertThat(names()).containsExactlyInAnyOrder("." + stamp(8) + ".tar.gz.age.part", stamp(2) + ".json", stamp(2) + ".tar.gz.age",
                stamp(1) + ".json", stamp(1) + ".tar.gz.age", stamp(0) + ".json", stamp(0) + ".tar.gz.age", "notes.txt");
        // This machine's folder the same way.
        CopyFolder.remove(folder, stamp(2));
        assertThat(names()).doesNotContain(stamp(2) + ".json", stamp(2) + ".tar.gz.age").contains("notes.txt", stamp(1) + ".json");
        Run bad = run(BackupCommands.pruneCopies(folder.toString(), List.of("*")).argv());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("not a backup's stamp");
        assertThat(names()).hasSize(6);
    }

    private static String stamp(int hoursBefore) {
        return BackupPaths.stamp(NEWEST.minus(Duration.ofHours(hoursBefore)));
    }

    private static String manifest(String stamp) {
        return "{\"version\":1,\"engine\":\"volume\",\"status\":\"ok\",\"trigger\":\"schedule\",\"started\":\""
                + BackupPaths.parseStamp(stamp) + "\",\"file\":\"" + stamp + ".tar.gz.age\"}\n";
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(folder.resolve(name), content);
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(List<String> argv) throws Exception {
        Process process = new ProcessBuilder(argv).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), out, err);
    }
}
