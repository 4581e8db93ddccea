package dev.homeport.ssh.rig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Small web-app images for deploy tests, built on the rig's Docker with the docker CLI.
 *
 * <p>Every app image runs busybox httpd on port 8080 and answers:
 * <ul>
 *   <li>{@code GET /} → 200, {@code text/html}, body exactly {@code testapp <version>} (no trailing newline);</li>
 *   <li>{@code GET /health} → 200, no Content-Type, body exactly {@code ok} (no trailing newline);</li>
 *   <li>{@code GET /cgi-bin/env?NAME} → 200, {@code application/octet-stream}, the exact bytes of the
 *       environment variable NAME; 404 ({@code NAME is not set\n}) when it is unset, 400 when NAME is not
 *       a shell variable name. CGI answers have no Content-Length: the body ends when the connection closes.</li>
 * </ul>
 * httpd forks per connection, so requests are answered concurrently.
 * The container stops within a fraction of a second on SIGTERM (see {@link #RUNNER}).
 *
 * <p>Images are built once and then reused: each carries a label with a digest of everything it is
 * built from (its files and its parent image's id), and is rebuilt only when that digest changes.
 * The labels are outside Homeport's own {@code dev.homeport.} namespace, because containers inherit
 * image labels and Homeport reads those as its own. (The rig's base image does carry
 * {@code dev.homeport.rig=true} and {@code dev.homeport.rig.base-recipe}, so these images and their
 * containers inherit those two.)
 */
public final class TestApps {
    public static final String BASE = "homeport/testapp-base:bookworm";
    public static final String REPOSITORY = "homeport/testapp";
    public static final int PORT = 8080;
    /** Marks every image built here, for {@link #removeAll()}. */
    public static final String LABEL = "testapp";
    static final String INPUTS_LABEL = "testapp.inputs";

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}");
    /** Tags known to be up to date in this JVM, so repeated calls cost nothing. */
    private static final Set<String> READY = ConcurrentHashMap.newKeySet();
    private static final Object BUILDING = new Object();

    /**
     * PID 1 of every app container. The kernel gives PID 1 no default signal actions, and busybox
     * httpd sets no SIGTERM handler, so with {@code exec busybox httpd} as PID 1 {@code docker stop}
     * waits out its whole grace period (checked: 10 s). This shell traps TERM and passes it on.
     */
    static final String RUNNER = """
            #!/bin/sh
            # Keeps this shell as PID 1 so that docker stop's SIGTERM is handled (see TestApps).
            echo "testapp listening on 8080"
            busybox httpd -f -p 8080 -h /www &
            httpd=$!
            trap 'kill -TERM "$httpd"; wait "$httpd"; exit 0' TERM INT
            wait "$httpd"
            """;

    /**
     * Prints one environment variable byte for byte: printf '%s' leaves quotes, backslashes, $,
     * backticks and newlines alone. No shell variable of its own, so none can shadow the one asked for.
     */
    static final String ENV_CGI = """
            #!/bin/sh
            case $QUERY_STRING in
              '' | [0-9]* | *[!A-Za-z0-9_]*)
                printf 'Status: 400 Bad Request\\r\\nContent-Type: text/plain\\r\\n\\r\\nnot a variable name\\n'
                exit 0 ;;
            esac
            if eval "[ -z \\"\\${$QUERY_STRING+set}\\" ]"; then
              printf 'Status: 404 Not Found\\r\\nContent-Type: text/plain\\r\\n\\r\\n%s is not set\\n' "$QUERY_STRING"
              exit 0
            fi
            printf 'Content-Type: application/octet-stream\\r\\n\\r\\n'
            eval "printf '%s' \\"\\$$QUERY_STRING\\""
            """;

    private final Rig rig;

    public TestApps(Rig rig) {
        this.rig = rig;
    }

    /** The shared base: the rig's Debian with busybox and the runner, but no content. Other images start from it. */
    public String base() {
        return build(BASE, rig.baseImage(), Map.of(
                "Dockerfile", """
                        FROM %s
                        RUN apt-get update \\
                         && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends busybox \\
                         && rm -rf /var/lib/apt/lists/*
                        COPY testapp /usr/local/bin/testapp
                        EXPOSE 8080
                        CMD ["/usr/local/bin/testapp"]
                        """.formatted(rig.baseImage()),
                "testapp", RUNNER));
    }

    /** {@code homeport/testapp:<version>}: the app described above. */
    public String image(String version) {
        checkVersion(version);
        Map<String, String> files = new TreeMap<>(www(version));
        files.put("Dockerfile", "FROM " + BASE + "\nCOPY www /www\n");
        return build(REPOSITORY + ":" + version, base(), files);
    }

    /**
     * {@code homeport/testapp:<version>-logging}: the app of {@link #image}, and {@code GET /cgi-bin/log?TEXT} writes
     * TEXT (URL-decoded: {@code %0A} starts a new line) to the container's output, so that it shows in its logs as the
     * app's own lines would; it answers {@code logged}.
     */
    public String loggingImage(String version) {
        String parent = image(version);
        return build(parent + "-logging", parent, Map.of(
                "Dockerfile", "FROM " + parent + "\nCOPY www /www\n",
                // PID 1's output is the container's: what it is given goes to Docker's log.
                "www/cgi-bin/log", """
                        #!/bin/sh
                        printf '%s\\n' "$(busybox httpd -d "$QUERY_STRING")" > /proc/1/fd/1
                        printf 'Content-Type: text/plain\\r\\n\\r\\nlogged'
                        """));
    }

    /**
     * {@code homeport/testapp:broken}: starts and listens on 8080, but {@code /} answers 500 (body
     * {@code broken}) and {@code /health} 404, so a health gate on either path fails.
     */
    public String brokenImage() {
        return build(REPOSITORY + ":broken", base(), Map.of(
                "Dockerfile", "FROM " + BASE + "\nCOPY www /www\n",
                // With no index.html, busybox httpd answers a directory request with cgi-bin/index.cgi.
                "www/cgi-bin/index.cgi", """
                        #!/bin/sh
                        printf 'Status: 500 Internal Server Error\\r\\nContent-Type: text/plain\\r\\n\\r\\nbroken'
                        """));
    }

    /**
     * {@code homeport/testapp:<version>-healthy} or {@code -unhealthy}: the app of {@link #image} with
     * a Docker HEALTHCHECK (every second, busybox wget). The healthy one fetches {@code /health} and turns
     * healthy after about 1 s; the other fetches a missing page and turns unhealthy after about 2 s. The
     * app itself answers the same in both.
     */
    public String healthcheckImage(String version, boolean healthy) {
        String parent = image(version);
        String path = healthy ? "/health" : "/no-such-page";
        return build(parent + (healthy ? "-healthy" : "-unhealthy"), parent, Map.of("Dockerfile", """
                FROM %s
                HEALTHCHECK --interval=1s --timeout=2s --retries=2 \\
                  CMD busybox wget -q -O /dev/null http://127.0.0.1:8080%s || exit 1
                """.formatted(parent, path)));
    }

    /**
     * Writes {@code parent/testapp-<version>}, a build context for the app of {@link #image}, and
     * returns it. It also holds {@code secret.txt} and {@code node_modules/}, which its
     * {@code .dockerignore} excludes: the build fails if they reach it, and the app serves
     * {@code /files}, the sorted list of files it was built from ({@code ./.dockerignore},
     * {@code ./Dockerfile}, {@code ./www/...}). Builds {@link #base()} first, which the Dockerfile needs.
     */
    public Path folderApp(Path parent, String version) {
        base();
        return writeFolderApp(parent.resolve("testapp-" + version), version);
    }

    /** Writes the folder app of {@link #folderApp} into {@code folder}, without building anything. */
    public static Path writeFolderApp(Path folder, String version) {
        checkVersion(version);
        Map<String, String> files = new TreeMap<>(www(version));
        files.put("Dockerfile", """
                FROM %s
                COPY . /src/
                # What .dockerignore excludes must not be in the build context at all.
                RUN if [ -e /src/secret.txt ] || [ -e /src/node_modules ]; then \\
                      echo 'files excluded by .dockerignore were sent to the build' >&2; exit 1; fi \\
                 && mkdir -p /www && cp -R /src/www/. /www/ \\
                 && (cd /src && find . -type f | sort) > /www/files
                """.formatted(BASE));
        files.put(".dockerignore", "secret.txt\nnode_modules/\n");
        files.put("secret.txt", "not for the image\n");
        files.put("node_modules/left-pad/index.js", "module.exports = s => s;\n");
        write(folder, files);
        return folder;
    }

    /**
     * {@code homeport/testapp:<version>-crashing}: the app of {@link #image}, and {@code GET /cgi-bin/crash} makes it
     * crash (exit 3) and crash again a second after each start (a flag file in the container, which a restart keeps):
     * with a restart policy, a crash loop on demand. It answers {@code crashing} first.
     */
    public String crashingImage(String version) {
        String parent = image(version);
        return build(parent + "-crashing", parent, Map.of(
                "Dockerfile", "FROM " + parent + "\nCOPY testapp /usr/local/bin/testapp\nCOPY www /www\n",
                "testapp", """
                        #!/bin/sh
                        # Once asked to crash, every start crashes a second later: Docker's restarts make a loop.
                        if [ -e /tmp/crashing ]; then echo "crashing again"; sleep 1; exit 3; fi
                        echo "testapp listening on 8080"
                        busybox httpd -f -p 8080 -h /www &
                        httpd=$!
                        trap 'kill -TERM "$httpd"; wait "$httpd"; exit 0' TERM INT
                        trap 'echo "crashing on request"; kill -KILL "$httpd"; exit 3' USR1
                        wait "$httpd"
                        """,
                "www/cgi-bin/crash", """
                        #!/bin/sh
                        touch /tmp/crashing
                        printf 'Content-Type: text/plain\\r\\n\\r\\ncrashing'
                        ( sleep 0.2; kill -USR1 1 ) >/dev/null 2>&1 &
                        """));
    }

    /** Removes images by tag (containers using them keep running); missing ones are fine. */
    public void removeImages(String... tags) {
        for (String tag : tags) {
            READY.remove(tag);
            Processes.call(List.of("docker", "rmi", "-f", tag), null);
        }
    }

    /** Removes every image built here (by its label), including the base: the next build is a cold one. */
    public void removeAll() {
        READY.clear();
        String ids = Processes.run("docker", "images", "-q", "--filter", "label=" + LABEL + "=true");
        List<String> rmi = new ArrayList<>(List.of("docker", "rmi", "-f"));
        ids.lines().distinct().forEach(rmi::add);
        if (rmi.size() > 3) {
            Processes.call(rmi, null);
        }
    }

    /** The content all app images serve. */
    private static Map<String, String> www(String version) {
        return Map.of(
                "www/index.html", "testapp " + version,
                "www/health", "ok",
                "www/cgi-bin/env", ENV_CGI);
    }

    /** Builds {@code files} (a Dockerfile and what it copies) as {@code tag}, unless the tag is already up to date. */
    private static String build(String tag, String parent, Map<String, String> files) {
        if (READY.contains(tag)) {
            return tag;
        }
        synchronized (BUILDING) {
            String inputs = digest(parentId(parent), files);
            Processes.Result current = Processes.call(List.of("docker", "image", "inspect", "-f",
                    "{{index .Config.Labels \"" + INPUTS_LABEL + "\"}}", tag), null);
            if (current.exit() != 0 || !current.out().strip().equals(inputs)) {
                Path context = null;
                try {
                    context = Files.createTempDirectory("testapp-build");
                    write(context, files);
                    // No buildx on this machine, so the CLI uses the classic builder (and says it is deprecated).
                    Processes.Result built = Processes.call(List.of("docker", "build", "-q", "--force-rm",
                            "--label", LABEL + "=true", "--label", INPUTS_LABEL + "=" + inputs,
                            "-t", tag, context.toString()), null);
                    if (built.exit() != 0) {
                        throw new IllegalStateException("Building " + tag + " failed:\n" + built.out() + built.err());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    deleteTree(context);
                }
            }
            READY.add(tag);
            return tag;
        }
    }

    private static String parentId(String image) {
        Processes.Result id = Processes.call(List.of("docker", "image", "inspect", "-f", "{{.Id}}", image), null);
        if (id.exit() != 0) {
            throw new IllegalStateException("No image " + image + " on the rig's Docker; run scripts/rig up. " + id.err());
        }
        return id.out().strip();
    }

    private static String digest(String parentId, Map<String, String> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(parentId.getBytes(StandardCharsets.UTF_8));
            new TreeMap<>(files).forEach((path, content) -> {
                sha.update(("\0" + path + "\0" + content).getBytes(StandardCharsets.UTF_8));
            });
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes files under {@code folder}; scripts (content starting with {@code #!}) become executable. */
    static void write(Path folder, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = folder.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                        file.getValue().startsWith("#!") ? "rwxr-xr-x" : "rw-r--r--"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkVersion(String version) {
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("Not usable in an image tag: " + version);
        }
    }
}
