package dev.homeport.ssh.provision;

import dev.homeport.ssh.transport.Command;
import java.util.ArrayList;
import java.util.List;

/** Commands for files and daemons, as data: fixed scripts with every value passed as a positional parameter. */
final class HostCommands {
    private static final String WRITE_FILE = """
            mkdir -p "$(dirname "$1")"
            printf '%s\\n' "$2" > "$1.homeport-new"
            mv -f "$1.homeport-new" "$1"
            """;
    /** Detached from the SSH session (its own session, stdio to a log), so it outlives the connection. */
    private static final String START_DETACHED = """
            log=$1
            shift
            mkdir -p "$(dirname "$log")"
            nohup setsid "$@" >>"$log" 2>&1 </dev/null &
            """;

    private HostCommands() {
    }

    static Command.Simple writeFile(String path, String content) {
        return Command.script(WRITE_FILE, path, content);
    }

    static Command.Simple startDetached(String log, String... argv) {
        List<String> values = new ArrayList<>(List.of(log));
        values.addAll(List.of(argv));
        return Command.script(START_DETACHED, values.toArray(String[]::new));
    }

    static Command.Simple systemctl(String... arguments) {
        List<String> argv = new ArrayList<>(List.of("systemctl"));
        argv.addAll(List.of(arguments));
        return Command.of(argv);
    }
}
