package dev.homeport.ssh.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandTest {
    @Test
    void plainWordsStayPlain() {
        assertThat(Command.of("docker", "ps", "--format", "json").render()).isEqualTo("docker ps --format json");
    }

    @Test
    void everythingElseIsSingleQuoted() {
        assertThat(Command.of("echo", "a b", "$(reboot)", "it's", "").render())
                .isEqualTo("echo 'a b' '$(reboot)' 'it'\\''s' ''");
        assertThat(Command.of("echo", "a=b", "~", "*").render()).isEqualTo("echo 'a=b' '~' '*'");
    }

    @Test
    void operatorsAreTokensNotText() {
        Command command = Command.of("docker", "info").and(Command.of("echo", "ok")).or(Command.of("echo", "&& no"));
        assertThat(command.render()).isEqualTo("docker info && echo ok || echo '&& no'");
        assertThat(Command.of("cat", "/etc/os-release").pipe(Command.of("grep", "^ID=")).render())
                .isEqualTo("cat /etc/os-release | grep '^ID='");
    }

    @Test
    void scriptsTakeValuesAsPositionalParameters() {
        assertThat(Command.script("mkdir -p \"$1\"", "/srv/a b").render())
                .isEqualTo("sh -c 'mkdir -p \"$1\"' sh '/srv/a b'");
    }

    @Test
    void aNulCannotBeSent() {
        assertThatThrownBy(() -> Command.of("echo", "a\0b").render())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A NUL character cannot be sent as part of a remote command argument.");
    }
}
