package dev.homeport.ssh.deploy;

import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.PtySession;

/**
 * A shell in one of a service's containers: the live release's container on one node, or a running
 * replica on a cluster ({@code label} names it as tunnels do: {@code web.2@n3}). It runs through the
 * node's SSH with a PTY, as {@code docker exec -it} on the node would: Docker's CLI passes the PTY's
 * size on (and each resize), and its exit status is the shell's.
 */
public record ContainerShell(WorkerNode node, String containerId, String label) {
    /** Exit status when the container's image has no shell at all (as a shell reports a missing command). */
    public static final int NO_SHELL = 127;

    /** The container ({@code $1}) is said to be gone or stopped, with status 125, before anything runs in it. */
    private static final String RUNNING = """
            if ! running=$(docker inspect --type container -f '{{.State.Running}}' "$1" 2>/dev/null); then
              echo "The container is gone; open the shell again." >&2
              exit 125
            fi
            if [ "$running" != true ]; then
              echo "The container is not running; start the service first." >&2
              exit 125
            fi
            """;

    /**
     * Bash when the image has it, else {@code sh}; in a cluster's replica without {@code /bin/sh}, the
     * static busybox every node lends its replicas ({@link SwarmServiceSpec#TOOLBOX}). The container's
     * ID is the script's one argument, never shell text.
     */
    static final String SCRIPT = RUNNING + """
            if docker exec "$1" sh -c 'exit 0' >/dev/null 2>&1; then
              exec docker exec -it -e TERM="$2" "$1" sh -c 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'
            fi
            if docker exec "$1" "$3" true >/dev/null 2>&1; then
              exec docker exec -it -e TERM="$2" "$1" "$3" sh
            fi
            echo "This container's image has no shell (no /bin/sh); Homeport cannot open one in it." >&2
            exit 127""";

    /** A program instead of a shell: the container ({@code $1}), the terminal's type ({@code $2}), then the program's arguments. */
    static final String PROGRAM = RUNNING + """
            id=$1 term=$2
            shift 2
            exec docker exec -it -e TERM="$term" "$id" "$@\"""";

    public Command command() {
        return Command.script(SCRIPT, containerId, PtySession.TERM, SwarmServiceSpec.TOOLBOX);
    }

    /** Opens the shell on {@code connection} (the node's) with a terminal of {@code columns} × {@code rows}. */
    public PtySession open(NodeConnection connection, int columns, int rows) {
        return connection.openTerminal(command(), columns, rows);
    }

    /**
     * Runs {@code program} (an argument list, such as {@link DatabaseRuntime#console}) in the container instead of a shell,
     * with a terminal of {@code columns} × {@code rows}; its exit status is the program's.
     */
    public PtySession open(NodeConnection connection, java.util.List<String> program, int columns, int rows) {
        java.util.List<String> values = new java.util.ArrayList<>(java.util.List.of(containerId, PtySession.TERM));
        values.addAll(program);
        return connection.openTerminal(Command.script(PROGRAM, values.toArray(String[]::new)), columns, rows);
    }
}
