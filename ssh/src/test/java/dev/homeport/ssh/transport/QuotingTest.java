package dev.homeport.ssh.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends a corpus of hostile values through {@link Command} to the rig's real
 * sshd and shell, and proves each one arrives byte for byte and that none of
 * them ran anything.
 */
@ExtendWith(RigExtension.class)
class QuotingTest {
    @TempDir
    Path folder;

    @Test
    void hostileValuesArriveByteExactAndRunNothing(Rig rig) {
        String canary = "/tmp/homeport-canary-" + System.nanoTime();
        List<String> corpus = corpus(canary);
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
        try (NodeConnections connections = new NodeConnections(RigTargets.settings(rig, folder))) {
            NodeConnection node = connections.to(RigTargets.rig(rig), Prompts.NONE);
            for (List<String> batch : batches(corpus)) {
                List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
                argv.addAll(batch);
                ExecResult result = node.exec(Command.of(argv));
                assertThat(result.exitStatus()).as(result.err()).isZero();
                assertThat(split(result.stdout())).containsExactlyElementsOf(batch);
            }
            // The same values as positional parameters of a script.
            for (String value : corpus.subList(0, 60)) {
                assertThat(node.exec(Command.script("printf '%s' \"$1\"", value)).out()).isEqualTo(value);
            }
            assertThat(node.exec(Command.script("test -e \"$1\" && echo ran || echo clean", canary)).out().strip()).isEqualTo("clean");
        }
        assertThat(Path.of(canary)).doesNotExist();
    }

    @Test
    void aNulIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> Command.of("echo", "before\0after").render())
                .hasMessage("A NUL character cannot be sent as part of a remote command argument.");
    }

    private static List<String> corpus(String canary) {
        String touch = "touch " + canary;
        Set<String> values = new LinkedHashSet<>(List.of(
                "", " ", "  leading and trailing  ", "'", "''", "\"", "\"\"", "`", "\\", "\\\\", "\\'", "'\\''", "\\\"",
                "$", "$$", "$?", "$0", "$HOME", "${HOME}", "${IFS}", "$IFS", "$(" + touch + ")", "`" + touch + "`",
                ";" + touch, "; " + touch, "&& " + touch, "|| " + touch, "| " + touch, "& " + touch, "&" + touch,
                "\n" + touch, "\r\n" + touch, "x\n" + touch + "\n", "> " + canary, ">> " + canary, "< /etc/passwd",
                "*", "?", "[a-z]*", "/*", "~", "~root", "~/x", "!", "!!", "!$", "#", "# " + touch, "{a,b}", "{,}",
                "a b c", "tab\there", "-n", "-e", "--", "-", "--help", "-rf /", "%s", "%n%n%n", "%d", "\\n", "\\x41",
                "\u00e9\u00e8\u00ea", "\u4e2d\u6587", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "\u202etxt.exe", "e\u0301",
                "\ud83d\ude80\ud83d\udd25", "\u00a0nbsp", "\u2028line\u2029para", "\u0007bell", "\u001b[31mred\u001b[0m", "\u007f",
                "'; " + touch + "; echo '", "\"; " + touch + "; echo \"", "$(echo $(" + touch + "))", "\\$(" + touch + ")",
                "a'b\"c`d$e\\f", "''''''''", "\"'\"'\"'", "' OR '1'='1", "${PATH:0:1}", "$((1+1))", "$[1+1]",
                "<(" + touch + ")", ">(" + touch + ")", "$'\\x41'", "IFS=x", "PATH=/nope", "eval " + touch,
                "x=y " + touch, "\\\n" + touch, "a\u0000b".replace("\u0000", "")));
        // Every payload, also glued to quotes and separators around it.
        List<String> payloads = new ArrayList<>(values);
        for (String payload : payloads.subList(0, 40)) {
            values.add("'" + payload + "'");
            values.add("\"" + payload + "\"");
            values.add("x" + payload + "y");
            values.add(payload + ";" + payload);
        }
        values.add("long-" + "x".repeat(20_000));
        values.add("long-quotes-" + "'\"".repeat(5_000));
        values.add(("$(" + touch + ")").repeat(500));
        return List.copyOf(values);
    }

    /** Batches under about 40 KB, so no single command line is huge. */
    private static List<List<String>> batches(List<String> corpus) {
        List<List<String>> batches = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int size = 0;
        for (String value : corpus) {
            if (size + value.length() > 40_000 && !current.isEmpty()) {
                batches.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(value);
            size += value.length();
        }
        batches.add(current);
        return batches;
    }

    private static List<String> split(byte[] output) {
        List<String> values = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < output.length; i++) {
            if (output[i] == 0) {
                values.add(new String(output, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        assertThat(start).as("output ends with a NUL").isEqualTo(output.length);
        return values;
    }
}
