package dev.homeport.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The .deb as a user meets it, in a clean Debian container made from the rig's base
 * image: install an older version, use the command and the desktop app as a user,
 * upgrade to this build's version, remove and purge the package. The app draws on a
 * private Xvfb display of this machine (its socket is shared with the container), where
 * the test looks for the window.
 *
 * <p>The container starts from {@code homeport/desktop-deps}: the base image plus exactly
 * what apt installs for the .deb's declared dependencies (no recommends). That image is
 * made by installing the .deb into the bare base image (itself the clean-install check)
 * and is kept for later runs while the dependencies stay the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstalledDebIT {
    private static final String BASE_IMAGE = "homeport/debian:bookworm";
    private static final String USER = "alice";
    private static final String DATA = "/home/alice/.local/share/homeport";

    private Path deb;
    private Path older;
    private String version;
    private String olderVersion;
    private String container;
    private Packaging.Display display;
    private String exportBeforeUpgrade;
    private String storeHash;

    @BeforeAll
    void startContainer() throws Exception {
        deb = Packaging.installer(".deb");
        Packaging.require(Packaging.onPath("docker") && Packaging.run("docker", "image", "inspect", BASE_IMAGE).exit() == 0,
                "docker and the rig's " + BASE_IMAGE + " image are needed (scripts/rig up)");
        Packaging.require(Packaging.onPath("Xvfb") && Packaging.onPath("xwininfo"), "Xvfb and xwininfo (x11-utils) are needed");
        version = Packaging.run("dpkg-deb", "--field", deb.toString(), "Version").ok().out().strip();
        olderVersion = version + "~previous";
        older = olderDeb();
        String image = depsImage();

        display = new Packaging.Display();
        container = "homeport-deb-test-" + UUID.randomUUID().toString().substring(0, 8);
        Packaging.run(Duration.ofMinutes(2), Map.of(), List.of("docker", "run", "-d", "--name", container,
                "--label", "dev.homeport.test=true",
                "-v", deb.getParent() + ":/debs:ro", "-v", older.getParent() + ":/older:ro",
                "-v", "/tmp/.X11-unix:/tmp/.X11-unix:ro", image, "sleep", "1800")).ok();
        exec("useradd", "--create-home", "--shell", "/bin/bash", USER).ok();
    }

    @AfterAll
    void removeContainer() throws IOException {
        if (container != null) {
            Packaging.run("docker", "rm", "-f", container);
        }
        if (display != null) {
            display.close();
        }
    }

    @Test
    @Order(1)
    void theOlderVersionInstalls() {
        exec("apt-get", "install", "-y", "-qq", "--no-install-recommends", "/older/" + older.getFileName()).ok();
        assertThat(installedVersion()).isEqualTo(olderVersion);
    }

    @Test
    @Order(2)
    void theHomeportCommandIsOnPathAndAnswers() {
        assertThat(asUser("command -v homeport").ok().out().strip()).isEqualTo("/usr/bin/homeport");
        assertThat(asUser("homeport --version").ok().out().strip()).matches("homeport \\S+");
        assertThat(asUser("homeport --help").ok().out()).contains("Usage: homeport");
    }

    @Test
    @Order(3)
    void theMenuHasTheDesktopEntryWithItsCategoryAndIcon() {
        String entry = exec("cat", "/usr/share/applications/homeport.desktop").ok().out();
        assertThat(entry).contains("Name=Homeport", "Exec=/usr/bin/homeport", "Categories=Network;System;");
        String icon = entry.lines().filter(l -> l.startsWith("Icon=")).findFirst().orElseThrow().substring(5);
        exec("test", "-s", icon).ok();
        exec("test", "-s", "/usr/share/icons/hicolor/512x512/apps/homeport.png").ok();
    }

    @Test
    @Order(4)
    void theCommandKeepsItsDataInTheUsersDataFolder() {
        asUser("homeport org create acme && homeport app create acme/shop && homeport env create acme/shop/production"
                + " && homeport service create acme/shop/production/web --image nginx:1.27 --port 80").ok();
        exec("test", "-s", DATA + "/homeport.mv.db").ok();
        assertThat(asUser("homeport service list acme/shop/production").ok().out()).contains("web");
        exportBeforeUpgrade = asUser("homeport export").ok().out();
        assertThat(exportBeforeUpgrade).contains("acme", "shop", "production", "nginx:1.27");
    }

    @Test
    @Order(5)
    void theDesktopAppOpensItsMainWindow() throws Exception {
        exec(Duration.ofSeconds(30), List.of("-d", "-u", USER, "-e", "HOME=/home/" + USER, "-e", "DISPLAY=" + display.name,
                "-e", "JAVA_TOOL_OPTIONS=-Dhomeport.startup.report=/tmp/startup.txt"),
                "sh", "-c", "echo $$ > /tmp/app.pid; exec homeport > /tmp/app.log 2>&1").ok();
        try {
            checkTheWindow();
        } finally {
            exec("sh", "-c", "kill -TERM \"$(cat /tmp/app.pid)\"").ok();
            exec(Duration.ofSeconds(30), List.of(), "sh", "-c",
                    "while kill -0 \"$(cat /tmp/app.pid)\" 2>/dev/null; do sleep 0.2; done").ok();
        }
    }

    private void checkTheWindow() throws Exception {
        String window = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            String tree = Packaging.run("xwininfo", "-display", display.name, "-root", "-tree").out();
            window = tree.lines().filter(l -> l.contains("\"Homeport\"")).findFirst().orElse("");
            String report = exec("sh", "-c", "cat /tmp/startup.txt 2>/dev/null || true").out();
            if (!window.isEmpty() && report.contains("main-view")) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(window).as("the Homeport window on %s; app log:%n%s", display.name, exec("cat", "/tmp/app.log").out())
                .isNotEmpty();
        // The window class that the desktop entry's StartupWMClass names.
        assertThat(window).contains("\"dev.homeport.app.desktop.DesktopApp\"");
        assertThat(exec("cat", "/tmp/startup.txt").out()).as("the main view drew").contains("first-frame", "main-view");

        Path shot = Packaging.target().resolve("installed-app.png");
        if (Packaging.onPath("import")) {
            Packaging.run("import", "-display", display.name, "-window", "root", shot.toString()).ok();
            BufferedImage image = ImageIO.read(shot.toFile());
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < image.getHeight(); y += 7) {
                for (int x = 0; x < image.getWidth(); x += 7) {
                    colours.add(image.getRGB(x, y));
                }
            }
            assertThat(colours.size()).as("colours in a screenshot of the window (%s)", shot).isGreaterThan(20);
        }
        // JavaFX loaded its natives from the installed runtime, not from a copy in the user's home.
        exec("test", "!", "-e", "/home/" + USER + "/.openjfx").ok();
    }

    @Test
    @Order(6)
    void theInstalledAppMapsItsAotCache() {
        // With AOTMode=on the JVM refuses to start unless it can use the cache, so this proves
        // the cache trained in the build folder is valid in /usr/lib/homeport.
        asUser("JAVA_TOOL_OPTIONS=-XX:AOTMode=on homeport --version").ok();
    }

    @Test
    @Order(7)
    void anUpgradeKeepsTheData() {
        exec("apt-get", "install", "-y", "-qq", "--no-install-recommends", "/debs/" + deb.getFileName()).ok();
        assertThat(installedVersion()).isEqualTo(version);
        assertThat(asUser("homeport export").ok().out()).isEqualTo(exportBeforeUpgrade);
        assertThat(exec("test", "-e", "/usr/share/applications/homeport.desktop").exit()).as("desktop entry after the upgrade").isZero();
        storeHash = exec("sha256sum", DATA + "/homeport.mv.db").ok().out();
    }

    @Test
    @Order(8)
    void removingThePackageLeavesTheUsersData() {
        exec("apt-get", "remove", "-y", "-qq", "homeport").ok();
        assertThat(exec("dpkg-query", "-W", "-f=${db:Status-Abbrev}", "homeport").out().strip()).isEqualTo("rc");
        for (String gone : List.of("/usr/bin/homeport", "/usr/lib/homeport", "/usr/share/applications/homeport.desktop")) {
            assertThat(exec("test", "-e", gone).exit()).as(gone + " after remove").isNotZero();
        }
        assertThat(exec("sha256sum", DATA + "/homeport.mv.db").ok().out()).isEqualTo(storeHash);
        exec("test", "-s", DATA + "/vault.key").ok();
    }

    @Test
    @Order(9)
    void purgingThePackageStillLeavesTheUsersData() {
        exec("dpkg", "--purge", "homeport").ok();
        assertThat(exec("dpkg-query", "-W", "-f=${db:Status-Abbrev}", "homeport").out().strip()).isNotEqualTo("rc");
        // Debian packages never reach into home folders; the data goes when its owner deletes it.
        assertThat(exec("sha256sum", DATA + "/homeport.mv.db").ok().out()).isEqualTo(storeHash);
    }

    // ---------------------------------------------------------------------------------------

    private String installedVersion() {
        return exec("dpkg-query", "-W", "-f=${Version}", "homeport").ok().out().strip();
    }

    private Packaging.Result exec(String... command) {
        return exec(Duration.ofMinutes(5), List.of(), command);
    }

    private Packaging.Result exec(Duration timeout, List<String> options, String... command) {
        List<String> all = Packaging.list("docker", "exec", "-e", "DEBIAN_FRONTEND=noninteractive");
        all.addAll(options);
        all.add(container);
        all.addAll(List.of(command));
        return Packaging.run(timeout, Map.of(), all);
    }

    private Packaging.Result asUser(String script) {
        return exec(Duration.ofMinutes(2), List.of("-u", USER, "-e", "HOME=/home/" + USER, "-w", "/home/" + USER),
                "bash", "-c", script);
    }

    /** The same package under an older version number: what a user had before this release. */
    private Path olderDeb() throws IOException {
        Path work = Packaging.target().resolve("upgrade-test");
        Packaging.run("rm", "-rf", work.toString()).ok();
        Files.createDirectories(work);
        Path unpacked = work.resolve("pkg");
        Path older = work.resolve("homeport_" + olderVersion + "_amd64.deb");
        Packaging.run(Duration.ofMinutes(5), Map.of(), List.of("sh", "-c",
                "dpkg-deb -R \"$0\" \"$1\" && sed -i \"s/^Version: .*/Version: $3/\" \"$1/DEBIAN/control\""
                        + " && dpkg-deb --root-owner-group -Zgzip -z1 -b \"$1\" \"$2\" >/dev/null && rm -rf \"$1\"",
                deb.toString(), unpacked.toString(), older.toString(), olderVersion)).ok();
        return older;
    }

    /** The base image plus the .deb's dependencies, made once per set of dependencies. */
    private String depsImage() throws Exception {
        String depends = Packaging.run("dpkg-deb", "--field", deb.toString(), "Depends").ok().out().strip();
        String baseId = Packaging.run("docker", "image", "inspect", "-f", "{{.Id}}", BASE_IMAGE).ok().out().strip();
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest((baseId + "\n" + depends).getBytes());
        String image = "homeport/desktop-deps:bookworm-" + HexFormat.of().formatHex(digest).substring(0, 12);
        if (Packaging.run("docker", "image", "inspect", image).exit() == 0) {
            return image;
        }
        String builder = "homeport-deps-build-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            // The clean install: apt resolves the .deb's declared dependencies from Debian's archive.
            Packaging.run(Duration.ofMinutes(15), Map.of(), List.of("docker", "run", "--name", builder,
                    "--label", "dev.homeport.test=true", "-e", "DEBIAN_FRONTEND=noninteractive",
                    "-v", deb.getParent() + ":/debs:ro", BASE_IMAGE, "sh", "-c",
                    "apt-get update -qq && apt-get install -y -qq --no-install-recommends /debs/" + deb.getFileName()
                            + " >/tmp/install.log 2>&1 || { tail -40 /tmp/install.log; exit 1; };"
                            + " homeport --version && apt-get purge -y -qq homeport && rm -rf /var/lib/apt/lists/*")).ok();
            // A cache keyed by its inputs (the name's digest), which `scripts/rig leftovers` knows by this label.
            Packaging.run("docker", "commit", "--change", "LABEL testcache=true", builder, image).ok();
        } finally {
            Packaging.run("docker", "rm", "-f", builder);
        }
        return image;
    }
}
