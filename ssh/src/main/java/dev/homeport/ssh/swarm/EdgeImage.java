package dev.homeport.ssh.swarm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.model.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The image the edge runs, made by Homeport in memory as a {@code docker save} archive and loaded into each
 * node's Docker: no registry, no Docker Hub. It holds no program: only the edge's Caddy config, empty folders
 * and the links a merged-/usr system has ({@code /bin → usr/bin}, …). The service mounts the node's own
 * {@code /usr} read-only into it, so the edge runs the node's Caddy (Provision installs it on every node; the
 * distributions' build is linked against the C library, which comes with {@code /usr}) and its {@code sh}.
 *
 * <p>Every byte is fixed (file times, the config's creation date), so the image has the same ID on every node,
 * and the service names it by that ID: by a tag, Swarm would first ask Docker Hub for it.
 */
final class EdgeImage {
    /** Where the node's socket folder is mounted in the edge, and the socket in it. */
    static final String SOCKET_FOLDER = "/edge";
    static final String SOCKET = SOCKET_FOLDER + "/edge.sock";
    static final String CONFIG = "/etc/homeport-edge/edge.json";
    static final String LABEL = "dev.homeport.edge";
    /**
     * PID 1: removes the socket a killed edge left (Caddy 2.6 fails on an existing socket file), lets anyone the
     * folder admits connect (the folder's group decides, see {@link ClusterEdge}), and becomes Caddy.
     */
    static final List<String> COMMAND = List.of("/bin/sh", "-c",
            "rm -f " + SOCKET + " && umask 0 && exec /usr/bin/caddy run --config " + CONFIG);
    /** A fixed time for every file and the config, so the same inputs give the same image ID. */
    private static final long EPOCH_SECONDS = 1_700_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] archive;
    private final String id;

    private EdgeImage(byte[] archive, String id) {
        this.archive = archive;
        this.id = id;
    }

    /** The image with the standard edge config. */
    static EdgeImage standard() {
        return of(EdgeConfig.json());
    }

    static EdgeImage of(String edgeConfig) {
        try {
            byte[] layer = layer(edgeConfig);
            String diffId = "sha256:" + Sha256.hex(layer);
            byte[] config = JSON.writeValueAsBytes(imageConfig(diffId));
            String configHash = Sha256.hex(config);
            ArrayNode manifest = JSON.createArrayNode();
            ObjectNode entry = manifest.addObject();
            entry.put("Config", configHash + ".json");
            entry.putArray("RepoTags");
            entry.putArray("Layers").add("layer/layer.tar");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
                file(tar, configHash + ".json", config, 0644);
                directory(tar, "layer/", 0755);
                file(tar, "layer/layer.tar", layer, 0644);
                file(tar, "manifest.json", JSON.writeValueAsBytes(manifest), 0644);
            }
            return new EdgeImage(bytes.toByteArray(), "sha256:" + configHash);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code sha256:…}, as Docker names the image once loaded. */
    String id() {
        return id;
    }

    /** The archive for {@code POST /images/load}. */
    byte[] archive() {
        return archive.clone();
    }

    private static ObjectNode imageConfig(String diffId) {
        ObjectNode config = JSON.createObjectNode();
        config.put("created", "2023-11-14T22:13:20Z");
        config.put("os", "linux");
        ObjectNode run = config.putObject("config");
        run.putArray("Env").add("PATH=/usr/bin:/bin").add("HOME=/tmp").add("XDG_CONFIG_HOME=/config").add("XDG_DATA_HOME=/data");
        ArrayNode command = run.putArray("Cmd");
        COMMAND.forEach(command::add);
        run.putObject("Labels").put(LABEL, "true");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId);
        return config;
    }

    private static byte[] layer(String edgeConfig) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (String link : List.of("bin", "lib", "lib64", "sbin")) {
                TarArchiveEntry entry = new TarArchiveEntry(link, TarArchiveEntry.LF_SYMLINK);
                entry.setLinkName("usr/" + link);
                fixed(entry, 0777);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            for (String folder : List.of("usr/", "edge/", "config/", "data/", "etc/", "etc/homeport-edge/", "dev/", "proc/", "sys/")) {
                directory(tar, folder, 0755);
            }
            directory(tar, "tmp/", 01777);
            // Go's resolver reads it; "files dns" is glibc's default when the file is missing.
            file(tar, "etc/nsswitch.conf", "hosts: files dns\n".getBytes(StandardCharsets.UTF_8), 0644);
            file(tar, CONFIG.substring(1), edgeConfig.getBytes(StandardCharsets.UTF_8), 0644);
        }
        return bytes.toByteArray();
    }

    private static void directory(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        fixed(entry, mode);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    /** A file entry owned by root, with a fixed time, so the same content always makes the same archive. */
    static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        fixed(entry, mode);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void fixed(TarArchiveEntry entry, int mode) {
        entry.setMode((entry.isDirectory() ? 040000 : entry.isSymbolicLink() ? 0120000 : 0100000) | mode);
        entry.setModTime(EPOCH_SECONDS * 1000);
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("root");
        entry.setGroupName("root");
    }
}
