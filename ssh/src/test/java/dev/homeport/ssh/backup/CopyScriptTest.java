package dev.homeport.ssh.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts a copy node runs for a push, run by this machine's own {@code sh} and {@code sha256sum} (as on a Debian node):
 * a copy takes its name only when its sum is the manifest's, else it and its manifest are removed; the listing names only
 * the backups, never a manifest or a copy under way, and refuses a node without the backups' folder.
 */
class CopyScriptTest {
    @TempDir
    Path folder;

    @Test
    void aCopyTakesItsNameOnlyWhenItsSumIsTheManifests() throws Exception {
        byte[] content = "age-encryption.org/v1 pretend".getBytes(StandardCharsets.US_ASCII);
        String sum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        Files.write(folder.resolve(".A.tar.gz.age.part"), content);

        Run wrong = run(BackupCommands.placeCopy(folder.toString(), ".A.tar.gz.age.part", "A.tar.gz.age", "0".repeat(64), "A.json").argv(),
                "{\"a\":1}\n");
        assertThat(wrong.exit()).isEqualTo(5);
        assertThat(wrong.out().strip()).isEqualTo(sum);
        assertThat(names()).isEmpty();

        Files.write(folder.resolve(".A.tar.gz.age.part"), content);
        Run right = run(BackupCommands.placeCopy(folder.toString(), ".A.tar.gz.age.part", "A.tar.gz.age", sum, "A.json").argv(), "{\"a\":1}\n");
        assertThat(right.exit()).as(right.err()).isZero();
        assertThat(names()).containsExactly("A.json", "A.tar.gz.age");
        assertThat(Files.readAllBytes(folder.resolve("A.tar.gz.age"))).isEqualTo(content);
        assertThat(Files.readString(folder.resolve("A.json"))).isEqualTo("{\"a\":1}\n");

        // A truncated copy (a transfer cut short) is caught the same way.
        Files.write(folder.resolve(".B.tar.gz.age.part"), java.util.Arrays.copyOf(content, 5));
        assertThat(run(BackupCommands.placeCopy(folder.toString(), ".B.tar.gz.age.part", "B.tar.gz.age", sum, "B.json").argv(), "{}\n").exit())
                .isEqualTo(5);
        assertThat(names()).containsExactly("A.json", "A.tar.gz.age");

        Files.write(folder.resolve(".C.tar.gz.age.part"), content);
        Run listed = run(BackupCommands.copies(folder.toString(), folder.toString()).argv(), "");
        assertThat(listed.exit()).isZero();
        assertThat(listed.out().lines().toList()).containsExactly("A.tar.gz.age");
        assertThat(run(BackupCommands.copies(folder.resolve("none").toString(), folder.toString()).argv(), "").out()).isEmpty();
        Run unprovisioned = run(BackupCommands.copies(folder.resolve("none").toString(), folder.resolve("root").toString()).argv(), "");
        assertThat(unprovisioned.exit()).isEqualTo(3);
        assertThat(unprovisioned.err()).contains("no backup folder").contains("provision it again");

        assertThat(run(BackupCommands.dropPart(folder.toString(), ".C.tar.gz.age.part").argv(), "").exit()).isZero();
        assertThat(names()).containsExactly("A.json", "A.tar.gz.age");
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(List<String> argv, String stdin) throws Exception {
        Process process = new ProcessBuilder(argv).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), out, err);
    }
}
