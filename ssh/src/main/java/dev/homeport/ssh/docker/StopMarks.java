package dev.homeport.ssh.docker;

import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.NodeConnection;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's record of the containers Homeport stopped on purpose: one empty file per container, named by its full
 * ID, in {@link #STOPPED} of the SSH user's home. The node's container watch (installed by Provision, run by cron)
 * counts a Homeport container that is not running as down only when it has no such mark, so a stop, an undeploy or an
 * old release kept for a rollback raises nothing, and a {@code docker kill} behind Homeport's back does. Docker
 * cannot tell the two apart (both send a signal and set the same state), and a container's labels cannot change once
 * it is made, so the mark is a file.
 *
 * <p>The mark is written before the stop (so the watch never sees the container stopped and unmarked) and removed
 * after a start. On a node whose watch is not installed (no folder) nothing is written. A mark that cannot be
 * written is logged and the stop goes on: a missed mark costs a false alarm, never a failed stop.
 */
public final class StopMarks {
    private static final Logger log = LoggerFactory.getLogger(StopMarks.class);
    /** The watch's folder, relative to the SSH user's home. */
    public static final String FOLDER = ".local/lib/homeport/containers";
    /** The marks' folder, relative to the SSH user's home. */
    public static final String STOPPED = FOLDER + "/stopped";
    private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{64}");
    private static final String MARK = """
            cd || exit 1
            [ -d "$1" ] || exit 0
            : > "$1/$2"
            """;
    private static final String UNMARK = """
            cd || exit 1
            rm -f "$1/$2"
            """;

    private StopMarks() {
    }

    /** Records that Homeport stops the container (its full ID) on purpose. */
    public static void mark(NodeConnection node, String containerId) {
        run(node, MARK, containerId, "mark");
    }

    /** Removes the container's mark: Homeport started it again. */
    public static void unmark(NodeConnection node, String containerId) {
        run(node, UNMARK, containerId, "unmark");
    }

    private static void run(NodeConnection node, String script, String containerId, String what) {
        if (node == null) {
            return;
        }
        if (!FULL_ID.matcher(containerId).matches()) {
            throw new IllegalArgumentException("container: a full container ID (64 hex digits) is needed for its stop mark, got " + containerId);
        }
        try {
            ExecResult result = node.exec(Command.script(script, STOPPED, containerId));
            if (!result.ok()) {
                log.warn("Could not {} container {} as stopped by Homeport on {} (exit status {}): {}", what, containerId,
                        node.target().name(), result.exitStatus(), result.err().strip());
            }
        } catch (RuntimeException e) {
            log.warn("Could not {} container {} as stopped by Homeport on {}: {}", what, containerId, node.target().name(), e.toString());
        }
    }
}
