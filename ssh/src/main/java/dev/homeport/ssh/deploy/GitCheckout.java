package dev.homeport.ssh.deploy;

import dev.homeport.model.ServiceSource;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.RawChannel;
import dev.homeport.ssh.transport.RemoteProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks a git repository out on the node, into a private temporary folder,
 * and hands its build context to Docker as a tar stream.
 *
 * A token or deploy key reaches git through the command's standard input:
 * the token through a credential helper that reads it from the shell's
 * memory, the key through a throwaway ssh-agent. Neither is ever written to a
 * file or shows in a command line. Servers reached over SSH are trusted on
 * first use by the node's own known_hosts (OpenSSH's accept-new).
 */
final class GitCheckout implements AutoCloseable {
    private static final Duration CLONE_TIMEOUT = Duration.ofMinutes(10);
    private static final String SCRIPT = """
            set -eu
            command -v git >/dev/null 2>&1 || { echo "git is not installed on this node; install it with apt-get install git" >&2; exit 90; }
            umask 077
            dir=$(mktemp -d "${TMPDIR:-/tmp}/homeport-build.XXXXXXXX")
            echo "homeport-dir=$dir"
            cd "$dir"
            git init -q
            export GIT_TERMINAL_PROMPT=0
            export GIT_SSH_COMMAND='ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new'
            case "$3" in
            token)
              IFS= read -r HOMEPORT_GIT_TOKEN
              export HOMEPORT_GIT_TOKEN
              git config credential.helper '!f() { test "$1" = get && printf "username=x-access-token\\npassword=%s\\n" "$HOMEPORT_GIT_TOKEN"; }; f'
              ;;
            key)
              eval "$(ssh-agent -s)" >/dev/null
              trap 'ssh-agent -k >/dev/null 2>&1' EXIT
              ssh-add -q -
              ;;
            esac
            git remote add origin "$1"
            if git fetch -q --depth 1 origin "$2" 2>&1; then
              git checkout -q FETCH_HEAD
            else
              echo "A shallow fetch of $2 failed; fetching the whole repository"
              git fetch -q origin 2>&1
              git checkout -q "$2" 2>/dev/null || git checkout -q "origin/$2"
            fi
            echo "homeport-commit=$(git rev-parse HEAD)"
            """;

    private final NodeConnection node;
    private final DeployLog log;
    private final Cancel cancel;
    private String folder;
    private RawChannel tar;

    GitCheckout(NodeConnection node, DeployLog log, Cancel cancel) {
        this.node = node;
        this.log = log;
        this.cancel = cancel;
    }

    /** Clones {@code git} on the node; {@code token} or {@code deployKey} (or neither) opens a private repository. */
    String checkout(ServiceSource.Git git, Secret token, Secret deployKey) {
        String mode = token != null ? "token" : deployKey != null ? "key" : "none";
        log.line("Checking out " + git.url() + " at " + git.ref() + " on the node");
        AtomicReference<String> commit = new AtomicReference<>();
        int status;
        try (RemoteProcess clone = node.start(Command.script(SCRIPT, git.url(), git.ref(), mode), (source, line) -> {
            if (line.startsWith("homeport-dir=")) {
                folder = line.substring("homeport-dir=".length());
            } else if (line.startsWith("homeport-commit=")) {
                commit.set(line.substring("homeport-commit=".length()));
            } else {
                log.line(line);
            }
        })) {
            try (OutputStream stdin = clone.stdin()) {
                Secret secret = token != null ? token : deployKey;
                if (secret != null) {
                    String text = secret.reveal();
                    stdin.write((text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new DeployException("Cannot start the checkout on the node: " + e.getMessage(), e);
            }
            status = cancel.during(clone::cancel, () -> clone.waitFor(CLONE_TIMEOUT));
        }
        cancel.check();
        if (status == 90) {
            throw new DeployException("git is not installed on the node; install it with apt-get install git.");
        }
        if (status != 0 || commit.get() == null) {
            throw new DeployException("Cannot check out " + git.url() + " at " + git.ref() + " (git exited with " + status + "); the log has git's message.");
        }
        log.line("Checked out commit " + commit.get());
        return commit.get();
    }

    /** The checkout's build context, as a tar stream read from the node and filtered by its .dockerignore. */
    java.io.InputStream context(String contextPath, String dockerfile) {
        if (folder == null || !folder.matches("/[^\\s]*/homeport-build\\.[A-Za-z0-9]+")) {
            throw new IllegalStateException("no checkout on the node");
        }
        String root = contextPath.equals(".") ? folder : folder + "/" + contextPath;
        String ignore = node.exec(Command.script("if [ -f \"$1\" ]; then cat \"$1\"; fi", root + "/.dockerignore"))
                .orThrow("reading .dockerignore").out();
        tar = node.openStream(Command.of("tar", "-C", root, "--exclude=./.git", "-cf", "-", "."));
        try {
            return DockerIgnore.parse(ignore).filter(tar.in(), dockerfile);
        } catch (IOException e) {
            throw new DeployException("Cannot stream the build context: " + e.getMessage(), e);
        }
    }

    /** Removes the checkout from the node. */
    @Override
    public void close() {
        if (tar != null) {
            tar.close();
        }
        if (folder != null && folder.matches("/[^\\s]*/homeport-build\\.[A-Za-z0-9]+")) {
            try {
                node.exec(Command.of("rm", "-rf", "--", folder));
            } catch (RuntimeException e) {
                log.line("Could not remove the checkout " + folder + " from the node: " + e.getMessage());
            }
        }
    }
}
