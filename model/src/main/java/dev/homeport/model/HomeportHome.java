package dev.homeport.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;

/**
 * The folder that holds the operator's data: the store, the vault key,
 * Homeport's own known_hosts, UI state and logs. It is
 * {@code $HOMEPORT_HOME} when set, otherwise the platform's user data folder
 * ({@code ~/.local/share/homeport} on Linux).
 */
public record HomeportHome(Path root) {
    public static final String ENV = "HOMEPORT_HOME";

    public HomeportHome {
        root = root.toAbsolutePath().normalize();
    }

    public static HomeportHome fromEnvironment() {
        return fromEnvironment(System.getenv(), System.getProperty("os.name", ""), Path.of(System.getProperty("user.home")));
    }

    static HomeportHome fromEnvironment(Map<String, String> env, String osName, Path userHome) {
        String explicit = env.get(ENV);
        if (explicit != null && !explicit.isBlank()) {
            return new HomeportHome(Path.of(explicit));
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String local = env.get("LOCALAPPDATA");
            return new HomeportHome(local != null ? Path.of(local, "Homeport") : userHome.resolve("AppData/Local/Homeport"));
        }
        if (os.contains("mac")) {
            return new HomeportHome(userHome.resolve("Library/Application Support/Homeport"));
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path data = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : userHome.resolve(".local/share");
        return new HomeportHome(data.resolve("homeport"));
    }

    /** Creates the folder, readable only by the user where the file system allows it. */
    public HomeportHome ensureExists() {
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root);
                if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
                }
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Homeport data folder " + root + ": " + e.getMessage(), e);
        }
    }

    /** The H2 database name; H2 adds {@code .mv.db}. */
    public Path storeBase() {
        return root.resolve("homeport");
    }

    public Path storeFile() {
        return root.resolve("homeport.mv.db");
    }

    public Path lockFile() {
        return root.resolve("homeport.lock");
    }

    public Path vaultKey() {
        return root.resolve("vault.key");
    }

    public Path backups() {
        return root.resolve("backups");
    }

    public Path knownHosts() {
        return root.resolve("known_hosts");
    }

    public Path uiState() {
        return root.resolve("ui.properties");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    /**
     * Where the open desktop app serves the {@code homeport} command: a Unix-domain socket
     * in {@code run/} (the folder 0700, the socket 0600).
     */
    public Path cliSocket() {
        return root.resolve("run").resolve("cli.sock");
    }
}
