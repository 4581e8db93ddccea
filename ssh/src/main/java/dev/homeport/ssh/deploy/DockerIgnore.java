package dev.homeport.ssh.deploy;

import com.github.dockerjava.core.GoLangFileMatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A build context's .dockerignore, as the docker CLI applies it: patterns in
 * Go's path.Match syntax (with {@code **}), relative to the context, matched
 * against a path and its parent folders, the last matching line winning, and
 * {@code !} bringing a path back. The Dockerfile and .dockerignore are always
 * sent, as Docker needs them. Docker's daemon does not apply it to a tar
 * context, so a checkout's tar is filtered here on its way to the build.
 */
final class DockerIgnore {
    private final List<String> patterns;

    private DockerIgnore(List<String> patterns) {
        this.patterns = patterns;
    }

    static DockerIgnore parse(String text) {
        return new DockerIgnore(text.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(DockerIgnore::clean)
                .filter(line -> !line.isEmpty() && !line.equals("!"))
                .toList());
    }

    private static String clean(String pattern) {
        boolean negated = pattern.startsWith("!");
        String body = negated ? pattern.substring(1).strip() : pattern;
        while (body.startsWith("/") || body.startsWith("./")) {
            body = body.substring(body.startsWith("/") ? 1 : 2);
        }
        while (body.endsWith("/") && body.length() > 1) {
            body = body.substring(0, body.length() - 1);
        }
        return (negated ? "!" : "") + body;
    }

    /** Whether {@code path} (relative to the context, '/'-separated) stays out of the build. */
    boolean ignores(String path, String dockerfile) {
        if (path.isEmpty() || path.equals(dockerfile) || path.equals(".dockerignore")) {
            return false;
        }
        boolean ignored = false;
        for (String pattern : patterns) {
            boolean negated = pattern.startsWith("!");
            String glob = negated ? pattern.substring(1) : pattern;
            if (matchesItOrAParent(glob, path)) {
                ignored = !negated;
            }
        }
        return ignored;
    }

    private static boolean matchesItOrAParent(String glob, String path) {
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            if (GoLangFileMatch.match(glob, path.substring(0, slash))) {
                return true;
            }
        }
        return GoLangFileMatch.match(glob, path);
    }

    /** The entries of {@code tar} that are not ignored, as a new tar stream, copied on a background thread. */
    InputStream filter(InputStream tar, String dockerfile) throws IOException {
        PipedInputStream result = new PipedInputStream(64 * 1024);
        PipedOutputStream sink = new PipedOutputStream(result);
        Thread.ofVirtual().name("dockerignore-filter").start(() -> {
            try (TarArchiveInputStream in = new TarArchiveInputStream(tar); TarArchiveOutputStream out = new TarArchiveOutputStream(sink)) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    String path = entry.getName().replaceFirst("^\\./", "").replaceFirst("/$", "");
                    if (ignores(path, dockerfile)) {
                        continue;
                    }
                    out.putArchiveEntry(entry);
                    if (entry.isFile()) {
                        in.transferTo(out);
                    }
                    out.closeArchiveEntry();
                }
            } catch (IOException e) {
                // The build sees a cut-off context and fails with Docker's own message.
                try {
                    sink.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        });
        return result;
    }
}
