package dev.homeport.app.desktop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the identity field hands on: the key line of a pasted key file, whose lines a one-line field joined. */
class RestoreDialogKeyTest {
    @Test
    void theKeyLineIsPickedOutOfAJoinedKeyFile() {
        String joined = "# created: 2026-12-06T12:00:00Z# public key: age1qqqq" + "AGE-SECRET-KEY-1QQQQ2ZZ";
        assertThat(new String(RestoreDialog.key(joined), StandardCharsets.UTF_8)).isEqualTo("AGE-SECRET-KEY-1QQQQ2ZZ\n");
        assertThat(new String(RestoreDialog.key("  not a key "), StandardCharsets.UTF_8)).isEqualTo("not a key");
    }
}
