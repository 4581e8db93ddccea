package dev.homeport.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Linux app image: its runtime, its launcher, the AOT cache, and the app it starts. */
class AppImageIT {
    private static Path image;

    @BeforeAll
    static void built() {
        image = Packaging.requireImage();
    }

    @Test
    void javafxNativesSitInTheRuntimeNotInAUserCache() {
        Path lib = image.resolve("lib/runtime/lib");
        for (String name : List.of("libglass.so", "libglassgtk3.so", "libprism_sw.so", "libprism_es2.so", "libjavafx_font.so")) {
            assertThat(lib.resolve(name)).as(name).isRegularFile();
        }
    }

    @Test
    void theRuntimeHoldsEveryModuleTheAppNeeds(@TempDir Path classPath) throws IOException {
        String release = Files.readString(image.resolve("lib/runtime/release"));
        Set<String> modules = Stream.of(release.lines().filter(l -> l.startsWith("MODULES=")).findFirst().orElseThrow()
                        .substring("MODULES=".length()).replace("\"", "").trim().split("\\s+"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(modules).contains("javafx.controls", "javafx.graphics", "java.sql", "jdk.unsupported");

        // What jdeps finds in the app's jars must all be in the runtime: a new library that
        // needs another JDK module fails here rather than on a user's machine.
        Path app = image.resolve("lib/app");
        List<String> jars;
        try (Stream<Path> files = Files.list(app)) {
            jars = asOnTheClassPath(files.filter(f -> f.toString().endsWith(".jar")).sorted().toList(), classPath);
        }
        List<String> javafx;
        try (Stream<Path> files = Files.list(Packaging.root().resolve("app/target/lib"))) {
            javafx = files.map(Path::toString).filter(f -> f.matches(".*/javafx-[a-z]+-[0-9.]+-[a-z0-9-]+\\.jar")).sorted().toList();
        }
        Path jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps");
        List<String> command = Packaging.list(jdeps.toString(), "--multi-release", "25", "--ignore-missing-deps", "-q",
                "--print-module-deps", "--module-path", String.join(":", javafx), "--class-path", String.join(":", jars));
        command.addAll(jars);
        String out = Packaging.run(Duration.ofMinutes(3), Map.of(), command).ok().out();
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        Set<String> needed = new TreeSet<>(Arrays.asList(last.split(",")));
        needed.removeIf(m -> m.startsWith("javafx."));
        assertThat(modules).as("jdeps says the app needs %s", needed).containsAll(needed);
    }

    /**
     * The jars as the launcher uses them, on the class path, where a module descriptor means nothing: copies
     * without their module-info, so jdeps does not look for modules a descriptor names but the app leaves out
     * (JediTermFX's names pty4j, a local-PTY library Homeport does not ship).
     */
    private static List<String> asOnTheClassPath(List<Path> jars, Path folder) throws IOException {
        List<String> copies = new java.util.ArrayList<>();
        for (Path jar : jars) {
            Path copy = folder.resolve(jar.getFileName());
            try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(jar));
                 var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(copy))) {
                for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    if (entry.getName().endsWith("module-info.class")) {
                        continue;
                    }
                    out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            copies.add(copy.toString());
        }
        return copies;
    }

    @Test
    void theLauncherIsTheCommandLine() {
        String out = Packaging.run(Duration.ofMinutes(1), Map.of("HOMEPORT_HOME", "/nonexistent/never-created"),
                List.of(image.resolve("bin/homeport").toString(), "--version")).ok().out();
        assertThat(out.strip()).startsWith("homeport ").doesNotContain("WARNING", "warning");
    }

    @Test
    void theLauncherAsksNoPackageManager(@TempDir Path tools) throws IOException {
        // jpackage's own Linux launcher runs rpm and dpkg on every start (about 0.4 s); ours
        // must not. Stand-ins on PATH record any call.
        Path calls = tools.resolve("calls");
        for (String tool : List.of("rpm", "dpkg")) {
            Path standIn = tools.resolve(tool);
            Files.writeString(standIn, "#!/bin/sh\necho " + tool + " >>'" + calls + "'\nexit 1\n");
            assertThat(standIn.toFile().setExecutable(true)).isTrue();
        }
        Packaging.run(Duration.ofMinutes(1), Map.of("PATH", tools + ":" + System.getenv("PATH"),
                        "HOMEPORT_HOME", "/nonexistent/never-created"),
                List.of(image.resolve("bin/homeport").toString(), "--version")).ok();
        assertThat(calls).as("the launcher called a package manager").doesNotExist();
    }

    @Test
    void theLauncherUsesTheAotCache() throws IOException {
        String cfg = Files.readString(image.resolve("lib/app/homeport.cfg"));
        assertThat(cfg).contains("java-options=-XX:AOTCache=$APPDIR/homeport.aot",
                "java-options=--enable-native-access=javafx.graphics,ALL-UNNAMED");
        assertThat(image.resolve("lib/app/homeport.aot")).isRegularFile();
        // The command line's own cache, trained on 'org list'; a failed training would leave commands on the window's.
        assertThat(image.resolve("lib/app/homeport-cli.aot")).as("the command line's AOT cache").isNotEmptyFile();
        // With AOTMode=on the JVM refuses to start unless it can map the cache (for a command, the command line's).
        Packaging.run(Duration.ofMinutes(1), Map.of("JAVA_TOOL_OPTIONS", "-XX:AOTMode=on"),
                List.of(image.resolve("bin/homeport").toString(), "--version")).ok();
    }

    @Test
    void theDesktopAppOpensItsMainViewAndLoadsNoNativesIntoTheUsersHome(@TempDir Path home) throws Exception {
        Path report = home.resolve("startup.txt");
        try (Packaging.Display display = new Packaging.Display()) {
            Packaging.run(Duration.ofMinutes(2), Map.of(
                            "DISPLAY", display.name,
                            "HOME", home.toString(),
                            "HOMEPORT_HOME", home.resolve("data").toString(),
                            "JAVA_TOOL_OPTIONS", "-Dhomeport.startup.report=" + report + " -Dhomeport.startup.exit=true"),
                    List.of(image.resolve("bin/homeport").toString())).ok();
        }
        assertThat(Files.readString(report)).contains("first-frame ", "main-view ");
        assertThat(home.resolve("data/homeport.mv.db")).isRegularFile();
        assertThat(home.resolve(".openjfx")).as("JavaFX extracted natives into the user's home").doesNotExist();
    }
}
