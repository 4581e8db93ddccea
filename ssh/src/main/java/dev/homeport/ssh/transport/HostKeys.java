package dev.homeport.ssh.transport;

import dev.homeport.ssh.transport.HostKeyException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * Host-key checking the way OpenSSH does it, over two kinds of file: the
 * user's own known_hosts files (read only; hashed entries, {@code [host]:port}
 * and {@code @revoked} are understood) and Homeport's known_hosts, where the
 * keys the user accepts in Homeport are written.
 *
 * <p>A revoked key is refused wherever it is listed. Otherwise Homeport's file
 * decides for the hosts it lists; the user's files decide for the rest. A key
 * on record for the host is accepted; a host with a key of the same type on
 * record but a different key has CHANGED and is refused; anything else is
 * UNKNOWN and needs the user's confirmation.
 */
public final class HostKeys {
    private final Path homeportFile;
    private final List<Path> userFiles;

    public HostKeys(Path homeportFile, List<Path> userFiles) {
        this.homeportFile = homeportFile;
        this.userFiles = List.copyOf(userFiles);
    }

    /** The user's ~/.ssh/known_hosts and the system-wide file, as OpenSSH reads them. */
    public static List<Path> defaultUserFiles() {
        return List.of(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"), Path.of("/etc/ssh/ssh_known_hosts"));
    }

    /** Throws {@link HostKeyException} unless {@code key} is on record for the host. */
    public void verify(String host, int port, PublicKey key) {
        List<Listed> homeport = listed(homeportFile, host, port);
        List<Listed> user = userEntries(host, port);
        HostKeyInfo presented = HostKeyInfo.of(key);
        for (Listed entry : concat(homeport, user)) {
            if (entry.revoked() && KeyUtils.compareKeys(entry.key(), key)) {
                throw new HostKeyException(Reason.REVOKED, host, port, presented, List.of());
            }
        }
        List<Listed> deciding = homeport.stream().anyMatch(e -> !e.revoked()) ? homeport : user;
        List<Listed> sameType = new ArrayList<>();
        for (Listed entry : deciding) {
            if (entry.revoked()) {
                continue;
            }
            if (KeyUtils.compareKeys(entry.key(), key)) {
                return;
            }
            if (KeyUtils.getKeyType(entry.key()).equals(KeyUtils.getKeyType(key))) {
                sameType.add(entry);
            }
        }
        if (!sameType.isEmpty()) {
            throw new HostKeyException(Reason.CHANGED, host, port, presented, sameType.stream().map(e -> HostKeyInfo.of(e.key())).toList());
        }
        throw new HostKeyException(Reason.UNKNOWN, host, port, presented, List.of());
    }

    /**
     * The key types on record for a host, most trusted file first. OpenSSH asks the
     * server for these first, so a host known by its ed25519 key is not met with an
     * unknown ECDSA key.
     */
    public List<String> knownTypes(String host, int port) {
        List<Listed> homeport = listed(homeportFile, host, port);
        List<Listed> deciding = homeport.stream().anyMatch(e -> !e.revoked()) ? homeport : userEntries(host, port);
        return deciding.stream().filter(e -> !e.revoked()).map(e -> KeyUtils.getKeyType(e.key())).distinct().toList();
    }

    /** Records a key the user accepted for a host, in Homeport's known_hosts. */
    public synchronized void accept(String host, int port, String openSshKey) {
        append(line(host, port, openSshKey));
    }

    /**
     * Makes a node's pinned key known, when Homeport's file lists nothing for the host yet
     * (a node that came in an import, say). A different key already listed stays: a
     * changed key is still reported as changed.
     */
    public synchronized void pin(String host, int port, String openSshKey) {
        if (listed(homeportFile, host, port).isEmpty()) {
            append(line(host, port, openSshKey));
        }
    }

    /**
     * Replaces what Homeport's file holds for a host with one key: only ever on
     * the user's explicit request, after a changed key was shown to them.
     */
    public synchronized void replace(String host, int port, String openSshKey) {
        try {
            List<String> kept = new ArrayList<>();
            if (Files.exists(homeportFile)) {
                for (String line : Files.readAllLines(homeportFile, StandardCharsets.UTF_8)) {
                    KnownHostEntry entry = parse(line);
                    if (entry == null || entry.getMarker() != null || !entry.isHostMatch(host, port)) {
                        kept.add(line);
                    }
                }
            }
            kept.add(line(host, port, openSshKey));
            Path temp = homeportFile.resolveSibling(homeportFile.getFileName() + ".new");
            Files.write(temp, kept, StandardCharsets.UTF_8);
            Files.move(temp, homeportFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot update " + homeportFile + ": " + e.getMessage(), e);
        }
    }

    /** How OpenSSH names a host in known_hosts: bare for port 22, {@code [host]:port} otherwise. */
    static String line(String host, int port, String openSshKey) {
        PublicKeyEntry.parsePublicKeyEntry(openSshKey); // refuses anything that is not a key line
        String[] parts = openSshKey.strip().split("\\s+");
        String name = port == 22 ? host : "[" + host + "]:" + port;
        return name + " " + parts[0] + " " + parts[1];
    }

    private List<Listed> userEntries(String host, int port) {
        List<Listed> user = new ArrayList<>();
        for (Path file : userFiles) {
            user.addAll(listed(file, host, port));
        }
        return user;
    }

    private void append(String line) {
        try {
            Files.createDirectories(homeportFile.toAbsolutePath().getParent());
            Files.writeString(homeportFile, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + homeportFile + ": " + e.getMessage(), e);
        }
    }

    private record Listed(PublicKey key, boolean revoked) {
    }

    /** The keys a file lists for a host; unreadable lines are skipped, as OpenSSH does. */
    private static List<Listed> listed(Path file, String host, int port) {
        if (!Files.isReadable(file)) {
            return List.of();
        }
        List<Listed> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                KnownHostEntry entry = parse(line);
                if (entry == null || !entry.isHostMatch(host, port) || "cert-authority".equals(entry.getMarker())) {
                    continue;
                }
                try {
                    PublicKey key = entry.getKeyEntry().resolvePublicKey(null, java.util.Map.of(), PublicKeyEntryResolver.IGNORING);
                    if (key != null) {
                        found.add(new Listed(key, "revoked".equals(entry.getMarker())));
                    }
                } catch (IOException | java.security.GeneralSecurityException | RuntimeException unusable) {
                    // a key type this build cannot read: OpenSSH skips it too
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return found;
    }

    private static KnownHostEntry parse(String line) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return null;
        }
        try {
            return KnownHostEntry.parseKnownHostEntry(text);
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private static List<Listed> concat(List<Listed> a, List<Listed> b) {
        List<Listed> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
