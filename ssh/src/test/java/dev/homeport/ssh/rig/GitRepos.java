package dev.homeport.ssh.rig;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A bare git repository holding the folder app of {@link TestApps#folderApp}, for deploy tests that
 * clone on the node. The node is this machine, logged in as the rig's test user over the rig's sshd,
 * so the repository belongs to that user (git refuses to serve a repository owned by someone else,
 * "dubious ownership") and sits in a world-readable folder under {@code /tmp}.
 *
 * <p>It is reachable four ways, each set up on first use: {@link #fileUrl()}, {@link #sshUrl()} with a
 * {@link #deployKey()}, {@link #gitUrl()} (a read-only git daemon) and {@link #httpUrl()} (git
 * http-backend behind Basic auth with {@link #httpToken()}). Branch {@code main}; each version is a
 * commit on it, tagged {@code v<version>}. {@code secret.txt} and {@code node_modules/} are committed on purpose, so a
 * build from a clone shows whether .dockerignore was honoured.
 *
 * <p>{@link #close()} stops the servers, revokes the deploy key and deletes the repository.
 */
public final class GitRepos implements AutoCloseable {
    public static final String BRANCH = "main";
    /** Where {@link #monorepo} puts the app. */
    public static final String MONOREPO_APP = "services/web";

    /**
     * What a node needs to clone {@link #sshUrl()}: the private key (OpenSSH format text), its public
     * line as authorized for the test user, and known_hosts lines for the rig's sshd.
     */
    public record DeployKey(String privateKey, String publicKey, String knownHosts) {
    }

    private final Rig rig;
    private final String appPath;
    private final Path work;
    private final Path remoteDir;
    private String version;
    private DeployKey deployKey;
    private String deployKeyComment;
    private Process daemon;
    private int daemonPort;
    private HttpServer http;
    private final String token = "hpt_" + randomHex();

    private GitRepos(Rig rig, String appPath, String version) {
        this.rig = rig;
        this.appPath = appPath;
        new TestApps(rig).base(); // the app's Dockerfile starts FROM it
        try {
            this.work = Files.createTempDirectory("homeport-git-work");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            this.remoteDir = Path.of(asTestUser(rig, """
                    umask 022
                    d=$(mktemp -d /tmp/homeport-git-XXXXXXXX) && chmod 755 "$d"
                    git init -q --bare -b main "$d/app.git" && echo "$d"
                    """, null));
        } catch (RuntimeException e) {
            TestApps.deleteTree(work);
            throw e;
        }
        try {
            git("init", "-q", "-b", BRANCH, ".");
            if (!appPath.equals(".")) {
                TestApps.write(work, Map.of("README.md", "A monorepo; the web app is in " + appPath + "/.\n"));
            }
            release(version);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A repository with the app at its root: build context {@code .}, Dockerfile {@code Dockerfile}. */
    public static GitRepos create(Rig rig, String version) {
        return new GitRepos(rig, ".", version);
    }

    /** A repository with the app in {@code services/web/}, which holds its Dockerfile and .dockerignore. */
    public static GitRepos monorepo(Rig rig, String version) {
        return new GitRepos(rig, MONOREPO_APP, version);
    }

    /** Commits the app at a new version on {@code main}, tags it {@code v<version>} and pushes both. */
    public synchronized void release(String version) {
        TestApps.writeFolderApp(work.resolve(appPath).normalize(), version);
        git("add", "-A");
        git("commit", "-q", "-m", "Release " + version);
        git("tag", "v" + version);
        git("push", "-q", sshUrl(), BRANCH, "v" + version);
        this.version = version;
    }

    /** The build context, relative to the repository root: {@code .} or {@code services/web}. */
    public String appPath() {
        return appPath;
    }

    /** The Dockerfile, relative to the repository root. */
    public String dockerfile() {
        return appPath.equals(".") ? "Dockerfile" : appPath + "/Dockerfile";
    }

    public String branch() {
        return BRANCH;
    }

    /** The version of the latest {@link #release}. */
    public synchronized String version() {
        return version;
    }

    /** The tag of the latest release, {@code v<version>}. */
    public synchronized String tag() {
        return "v" + version;
    }

    /** The full commit id {@code main} points to. */
    public String head() {
        return git("rev-parse", "HEAD");
    }

    /** The bare repository on this machine. */
    public Path bare() {
        return remoteDir.resolve("app.git");
    }

    /** {@code file:///tmp/homeport-git-…/app.git}, which the test user can clone. */
    public String fileUrl() {
        return "file://" + bare();
    }

    /** {@code ssh://homeport-test@127.0.0.1:2222/tmp/homeport-git-…/app.git}; clone it with {@link #deployKey()}. */
    public String sshUrl() {
        return "ssh://" + rig.sshUser() + "@" + rig.sshHost() + ":" + rig.sshPort() + bare();
    }

    /**
     * A fresh ed25519 key, authorized (with {@code restrict}: no forwarding, no pty) for the test user
     * until {@link #close()}. Made on the first call.
     */
    public synchronized DeployKey deployKey() {
        if (deployKey == null) {
            deployKeyComment = "homeport-deploy-key-" + UUID.randomUUID();
            Path key = work.getParent().resolve(work.getFileName() + "-deploy-key");
            try {
                Processes.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", deployKeyComment, "-f", key.toString());
                String publicKey = Files.readString(Path.of(key + ".pub")).strip();
                String privateKey = Files.readString(key);
                asTestUser(rig, "umask 077; f=~/.ssh/authorized_keys; flock \"$f\" sh -c 'cat >> \"$0\"' \"$f\"",
                        "restrict " + publicKey + "\n");
                deployKey = new DeployKey(privateKey, publicKey, Files.readString(rig.knownHosts()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                TestApps.deleteTree(key);
                TestApps.deleteTree(Path.of(key + ".pub"));
            }
        }
        return deployKey;
    }

    /** {@code git://127.0.0.1:<port>/app.git}, served read-only by a git daemon started on the first call. */
    public synchronized String gitUrl() {
        if (daemon == null) {
            daemonPort = freePort();
            Path log = work.getParent().resolve(work.getFileName() + "-daemon.log");
            ProcessBuilder builder = new ProcessBuilder("git", "daemon", "--listen=127.0.0.1", "--port=" + daemonPort,
                    "--reuseaddr", "--export-all", "--informative-errors", "--base-path=" + remoteDir, remoteDir.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            trustOtherOwners(builder.environment());
            try {
                daemon = builder.start();
                awaitListening(daemonPort, log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                TestApps.deleteTree(log);
            }
        }
        return "git://127.0.0.1:" + daemonPort + "/app.git";
    }

    /**
     * {@code http://127.0.0.1:<port>/app.git}, served by git http-backend behind Basic auth, started on
     * the first call. Any user name works; the password must be {@link #httpToken()}, as with a
     * hosting service's access token. Clone with {@code http://user:TOKEN@127.0.0.1:<port>/app.git}.
     */
    public synchronized String httpUrl() {
        if (http == null) {
            try {
                http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            http.createContext("/", this::serveHttp);
            http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            http.start();
        }
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/app.git";
    }

    public String httpToken() {
        return token;
    }

    @Override
    public synchronized void close() {
        List<RuntimeException> failures = new ArrayList<>();
        attempt(failures, () -> {
            if (http != null) {
                http.stop(0);
            }
        });
        attempt(failures, () -> {
            if (daemon != null) {
                // The daemon forks a child per connection; end those too.
                daemon.descendants().forEach(ProcessHandle::destroy);
                daemon.destroy();
            }
        });
        attempt(failures, () -> {
            if (deployKeyComment != null) {
                // Rewrites the file in place (cat >, not mv), so its owner, mode and inode stay.
                asTestUser(rig, "f=~/.ssh/authorized_keys; flock \"$f\" sh -c '"
                        + "grep -v -F -e \"$1\" \"$0\" > \"$0.tmp\"; [ $? -le 1 ] && cat \"$0.tmp\" > \"$0\"; rm -f \"$0.tmp\"' \"$f\" "
                        + deployKeyComment, null);
            }
        });
        attempt(failures, () -> {
            asTestUser(rig, "rm -rf '" + remoteDir + "'", null);
        });
        attempt(failures, () -> TestApps.deleteTree(work));
        if (!failures.isEmpty()) {
            failures.subList(1, failures.size()).forEach(failures.getFirst()::addSuppressed);
            throw failures.getFirst();
        }
    }

    /** Runs a shell script as the rig's test user, over the rig's sshd with the rig's key, and returns its output. */
    static String asTestUser(Rig rig, String script, String stdin) {
        Processes.Result result = Processes.call(List.of("ssh", "-i", rig.sshKey().toString(), "-p", Integer.toString(rig.sshPort()),
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + rig.knownHosts(), rig.sshUser() + "@" + rig.sshHost(), script), stdin);
        if (result.exit() != 0) {
            throw new IllegalStateException("As " + rig.sshUser() + ", exit " + result.exit() + ": " + script + "\n" + result.err());
        }
        return result.out().strip();
    }

    /** Runs git in the local work tree, pushing to the test user's repository with the rig's key. */
    private String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", work.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        // Neither this machine's nor the user's git config (signing, hooks, templates) may change the result.
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_AUTHOR_NAME", "Homeport Test");
        env.put("GIT_AUTHOR_EMAIL", "test@homeport.invalid");
        env.put("GIT_COMMITTER_NAME", "Homeport Test");
        env.put("GIT_COMMITTER_EMAIL", "test@homeport.invalid");
        env.put("GIT_SSH_COMMAND", "ssh -i '" + rig.sshKey() + "' -o BatchMode=yes -o IdentitiesOnly=yes"
                + " -o StrictHostKeyChecking=yes -o UserKnownHostsFile='" + rig.knownHosts() + "'");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The daemon and http-backend run as this process's user, but the repository belongs to the test
     * user. safe.directory is honoured only from protected config, which includes GIT_CONFIG_COUNT.
     */
    private static void trustOtherOwners(Map<String, String> env) {
        env.put("GIT_CONFIG_COUNT", "1");
        env.put("GIT_CONFIG_KEY_0", "safe.directory");
        env.put("GIT_CONFIG_VALUE_0", "*");
    }

    /** A CGI gateway to git http-backend, after checking the token. */
    private void serveHttp(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"homeport-test\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            ProcessBuilder builder = new ProcessBuilder("git", "http-backend").redirectError(ProcessBuilder.Redirect.DISCARD);
            Map<String, String> env = builder.environment();
            trustOtherOwners(env);
            env.put("GIT_PROJECT_ROOT", remoteDir.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("REQUEST_METHOD", exchange.getRequestMethod());
            env.put("PATH_INFO", exchange.getRequestURI().getPath());
            String query = exchange.getRequestURI().getRawQuery();
            env.put("QUERY_STRING", query == null ? "" : query);
            env.put("REMOTE_USER", "token");
            env.put("REMOTE_ADDR", exchange.getRemoteAddress().getAddress().getHostAddress());
            // Without CONTENT_LENGTH, http-backend reads the body to its end, which also covers chunked requests.
            cgiHeader(exchange, "Content-Type", env, "CONTENT_TYPE");
            cgiHeader(exchange, "Content-Encoding", env, "HTTP_CONTENT_ENCODING");
            cgiHeader(exchange, "Git-Protocol", env, "GIT_PROTOCOL");
            Process cgi = builder.start();
            Thread.ofVirtual().start(() -> {
                try (OutputStream in = cgi.getOutputStream(); InputStream body = exchange.getRequestBody()) {
                    body.transferTo(in);
                } catch (IOException ignored) {
                    // http-backend stopped reading; its answer says why
                }
            });
            InputStream out = cgi.getInputStream();
            int status = 200;
            for (String line = readLine(out); !line.isEmpty(); line = readLine(out)) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).strip();
                String value = line.substring(colon + 1).strip();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.substring(0, 3));
                } else {
                    exchange.getResponseHeaders().add(name, value);
                }
            }
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream response = exchange.getResponseBody()) {
                out.transferTo(response);
            }
            cgi.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        String userAndPassword = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        int colon = userAndPassword.indexOf(':');
        return colon > 0 && userAndPassword.substring(colon + 1).equals(token);
    }

    private static void cgiHeader(HttpExchange exchange, String header, Map<String, String> env, String variable) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
            env.put(variable, value);
        }
    }

    /** One CGI header line, without its line end; empty at the blank line that ends the headers. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static String randomHex() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening(int port, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                if (!daemon.isAlive()) {
                    break;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IllegalStateException("git daemon did not listen on 127.0.0.1:" + port + ": " + Files.readString(log));
    }

    private static void attempt(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }
}
