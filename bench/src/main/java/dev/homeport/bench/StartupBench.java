package dev.homeport.bench;

import static dev.homeport.bench.Timing.median;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Startup benchmark: the time from process start to the first frame of the main window,
 * under Xvfb, for Homeport and for a bare JavaFX window, each in several set-ups. Runs go
 * round-robin over the set-ups, so a noisy neighbour slows all of them alike, and the
 * medians are reported. Each process reports its own frames (see {@code BareWindow} and
 * {@code DesktopApp}); the clock is the same wall clock on both sides.
 *
 * <p>Arguments: {@code --runs N --image DIR --bench-lib DIR --app-target DIR --scratch DIR
 * --out FILE}; {@code DISPLAY} must name an Xvfb display. bench/run passes them all.
 */
public final class StartupBench {
    /** By name: the harness itself runs without JavaFX. */
    private static final String BARE_WINDOW = "dev.homeport.bench.BareWindow";

    private record Setup(String key, String label, List<String> command, Map<String, String> env, boolean homeport) {
    }

    private record Sample(double firstFrameMs, double mainViewMs) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int runs = Integer.parseInt(opts.getOrDefault("runs", "11"));
        Path image = Path.of(opts.get("image"));
        Path benchLib = Path.of(opts.get("bench-lib"));
        Path appTarget = Path.of(opts.get("app-target"));
        Path scratch = Path.of(opts.get("scratch"));
        Path out = Path.of(opts.get("out"));
        String jdk = System.getProperty("java.home");

        Path runtimeJava = image.resolve("lib/runtime/bin/java");
        Path launcher = image.resolve("bin/homeport");
        String benchCp = benchLib.resolve("homeport-bench.jar") + ":" + jarsIn(benchLib, "atlantafx");
        String fxJars = jarsIn(appTarget.resolve("lib"), "javafx-");
        String appCp = onlyJar(appTarget, "homeport-app-") + ":" + appTarget.resolve("lib") + "/*";
        String nativeAccess = "--enable-native-access=javafx.graphics,ALL-UNNAMED";

        Path bareAot = scratch.resolve("bare.aot");
        List<String> bareOnRuntime = List.of(runtimeJava.toString(), nativeAccess, "-cp", benchCp, BARE_WINDOW);

        List<Setup> setups = new ArrayList<>();
        setups.add(new Setup("bare-jdk", "Bare window, full JDK, JavaFX jars on the module path", List.of(jdk + "/bin/java",
                nativeAccess, "--module-path", fxJars, "--add-modules", "javafx.controls", "-cp", benchCp,
                BARE_WINDOW), Map.of(), false));
        setups.add(new Setup("bare", "Bare window, Homeport's runtime (default CDS)", bareOnRuntime, Map.of(), false));
        setups.add(new Setup("bare-aot", "Bare window, Homeport's runtime, its own AOT cache",
                insert(bareOnRuntime, 1, "-XX:AOTCache=" + bareAot), Map.of(), false));
        setups.add(new Setup("app-jdk", "Homeport from a checkout (bin/homeport: full JDK, jars)", List.of(jdk + "/bin/java",
                "--module-path", fxJars, "--add-modules", "javafx.controls", nativeAccess, "-cp", appCp,
                "dev.homeport.app.Main"), Map.of(), true));
        // The launcher's own class path and options, less the AOT cache, on the image's runtime.
        List<String> withoutAot = fromLauncherConfig(image, runtimeJava);
        setups.add(new Setup("app-nocds", "Homeport's app image, no CDS archive, no AOT cache",
                insert(withoutAot, 1, "-Xshare:off"), Map.of(), true));
        setups.add(new Setup("app-cds", "Homeport's app image, default CDS archive, no AOT cache", withoutAot, Map.of(), true));
        setups.add(new Setup("app", "Homeport installed, as shipped (AOT cache)", List.of(launcher.toString()), Map.of(), true));

        if (opts.containsKey("compare")) { // other app images, side by side: --compare before=DIR,after=DIR
            for (String item : opts.get("compare").split(",")) {
                String[] kv = item.split("=", 2);
                setups.add(new Setup(kv[0], "Homeport app image in " + kv[1], List.of(Path.of(kv[1], "bin/homeport").toString()),
                        Map.of(), true));
            }
        }
        if (opts.containsKey("setups")) { // a quick comparison: only these set-ups, and no report file
            List<String> only = List.of(opts.get("setups").split(","));
            setups.removeIf(s -> !only.contains(s.key()));
        }
        Path home = scratch.resolve("home");
        prepareHome(launcher, home);
        trainBareAot(bareOnRuntime, bareAot, scratch);

        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        setups.forEach(s -> samples.put(s.key(), new ArrayList<>()));
        for (int run = 0; run <= runs; run++) {
            for (Setup setup : setups) {
                Sample sample = measure(setup, home, scratch);
                if (run > 0) { // run 0 warms the file cache and the ~/.openjfx native cache
                    samples.get(setup.key()).add(sample);
                }
            }
            System.err.printf("run %d/%d done%n", run, runs);
        }

        if (opts.containsKey("setups")) {
            for (Setup s : setups) {
                List<Sample> list = samples.get(s.key());
                System.out.printf(Locale.ROOT, "%-10s first frame %6.0f ms   main view %6.0f ms%n", s.key(),
                        median(list.stream().mapToDouble(Sample::firstFrameMs).toArray()),
                        median(list.stream().mapToDouble(Sample::mainViewMs).toArray()));
            }
            return;
        }
        String section = report(setups, samples, runs);
        System.out.println(section);
        BenchmarksPage.writeSection(out, "Startup", section);
    }

    /** The java command that the jpackage launcher runs, from its configuration file, without the AOT cache. */
    private static List<String> fromLauncherConfig(Path image, Path java) throws IOException {
        Path appDir = image.resolve("lib/app");
        List<String> options = new ArrayList<>();
        List<String> classPath = new ArrayList<>();
        String mainClass = null;
        for (String line : Files.readAllLines(appDir.resolve("homeport.cfg"))) {
            String value = line.substring(line.indexOf('=') + 1).replace("$APPDIR", appDir.toString());
            if (line.startsWith("app.classpath=")) {
                classPath.add(value);
            } else if (line.startsWith("app.mainclass=")) {
                mainClass = value;
            } else if (line.startsWith("java-options=") && !value.startsWith("-XX:AOTCache")) {
                options.add(value);
            }
        }
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(options);
        command.add("-cp");
        command.add(String.join(":", classPath));
        command.add(mainClass);
        return command;
    }

    private static Sample measure(Setup setup, Path home, Path scratch) throws Exception {
        Path report = scratch.resolve("startup-" + setup.key() + ".txt");
        Files.deleteIfExists(report);
        List<String> command = new ArrayList<>(setup.command());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(scratch.resolve("last-" + setup.key() + ".log").toFile());
        String options = "-Dhomeport.startup.report=" + report + " -Dhomeport.startup.exit=true";
        String extra = setup.env().get("JAVA_TOOL_OPTIONS");
        pb.environment().put("JAVA_TOOL_OPTIONS", extra == null ? options : extra + " " + options);
        pb.environment().put("HOMEPORT_HOME", home.toString());
        long t0 = micros();
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(setup.key() + " did not exit; see " + scratch.resolve("last-" + setup.key() + ".log"));
        }
        List<String> lines = Files.exists(report) ? Files.readAllLines(report) : List.of();
        double first = at(lines, "first-frame", t0);
        double main = setup.homeport() ? at(lines, "main-view", t0) : Double.NaN;
        if (Double.isNaN(first) || p.exitValue() != 0) {
            throw new IllegalStateException(setup.key() + " failed (exit " + p.exitValue() + "):\n"
                    + Files.readString(scratch.resolve("last-" + setup.key() + ".log")));
        }
        return new Sample(first, main);
    }

    private static double at(List<String> lines, String event, long t0) {
        return lines.stream().filter(l -> l.startsWith(event + " ")).findFirst()
                .map(l -> (Long.parseLong(l.substring(event.length() + 1).trim()) - t0) / 1000.0).orElse(Double.NaN);
    }

    private static long micros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /** A store with the example inventory, opened at an environment page: what a returning user starts into. */
    private static void prepareHome(Path launcher, Path home) throws Exception {
        if (Files.exists(home.resolve("homeport.mv.db"))) {
            return;
        }
        Files.createDirectories(home);
        Path example = Path.of("docs/examples/demo-inventory.yaml").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "import", example.toString()).inheritIO();
        pb.environment().put("HOMEPORT_HOME", home.toString());
        if (pb.start().waitFor() != 0) {
            throw new IllegalStateException("could not import " + example);
        }
        Files.writeString(home.resolve("ui.properties"),
                "window.x=0\nwindow.y=0\nwindow.width=1200\nwindow.height=780\ntheme=LIGHT\nplace=acme/shop/production\n");
    }

    private static void trainBareAot(List<String> bare, Path aot, Path scratch) throws Exception {
        if (Files.exists(aot)) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(insert(bare, 1, "-XX:AOTCacheOutput=" + aot)).redirectErrorStream(true)
                .redirectOutput(scratch.resolve("bare-training.log").toFile());
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Dhomeport.startup.exit=true");
        if (pb.start().waitFor() != 0 || !Files.exists(aot)) {
            throw new IllegalStateException("the bare window's AOT training run failed; see " + scratch.resolve("bare-training.log"));
        }
    }

    private static String report(List<Setup> setups, Map<String, List<Sample>> samples, int runs) {
        Map<String, Double> first = new LinkedHashMap<>();
        Map<String, Double> main = new LinkedHashMap<>();
        for (Setup s : setups) {
            first.put(s.key(), median(samples.get(s.key()).stream().mapToDouble(Sample::firstFrameMs).toArray()));
            main.put(s.key(), median(samples.get(s.key()).stream().mapToDouble(Sample::mainViewMs).toArray()));
        }
        double bare = first.get("bare");
        StringBuilder md = new StringBuilder();
        md.append("## Startup\n\n");
        md.append("Time from process start to the first frame of the main window, under Xvfb (software rendering),\n")
                .append("median of ").append(runs).append(" runs per set-up, run round-robin on a shared 2-core machine\n")
                .append("(").append(cpu()).append("). Measured ").append(LocalDate.now()).append(" by `bench/run`, which rewrites this section.\n")
                .append("Homeport opens a store holding the example inventory at an environment page. Its *first frame* is the\n")
                .append("window with the \"Opening your inventory\" progress page; *main view* is the frame after the store has\n")
                .append("opened and the inventory page replaced it. See [startup](startup.md) for what each set-up means and why.\n\n");
        md.append("| set-up | first frame (ms) | × bare window | main view (ms) | × bare window |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (Setup s : setups) {
            double f = first.get(s.key());
            double m = main.get(s.key());
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %s | %s |%n", s.label(), f, f / bare,
                    s.homeport() ? String.format(Locale.ROOT, "%.0f", m) : "", s.homeport() ? String.format(Locale.ROOT, "%.2f", m / bare) : ""));
        }
        md.append(String.format(Locale.ROOT, "%nThe goal: Homeport as shipped within 1.3× of the bare window on the same runtime. "
                        + "First frame: **%.2f×**; main view: **%.2f×**.%n%n",
                first.get("app") / bare, main.get("app") / bare));
        md.append("What each part gives (differences of medians; negative is faster):\n\n");
        md.append(String.format(Locale.ROOT, "- AOT cache (JEP 483/514/515) over the default CDS archive: first frame %+.0f ms, main view %+.0f ms.%n",
                first.get("app") - first.get("app-cds"), main.get("app") - main.get("app-cds")));
        md.append(String.format(Locale.ROOT, "- Default CDS archive (jlink `--generate-cds-archive`) over none: first frame %+.0f ms, main view %+.0f ms.%n",
                first.get("app-cds") - first.get("app-nocds"), main.get("app-cds") - main.get("app-nocds")));
        md.append(String.format(Locale.ROOT, "- The jlinked runtime with JavaFX inside, over a full JDK with the JavaFX jars (both with default CDS): first frame %+.0f ms, main view %+.0f ms.%n",
                first.get("app-cds") - first.get("app-jdk"), main.get("app-cds") - main.get("app-jdk")));
        md.append(String.format(Locale.ROOT, "- The same for the bare window: %+.0f ms; its own AOT cache gives it %+.0f ms.%n",
                first.get("bare") - first.get("bare-jdk"), first.get("bare-aot") - first.get("bare")));
        md.append(String.format(Locale.ROOT, "- Opening the store off the FX thread: the store opens in the %.0f ms between the first frame and the main view"
                        + " (as shipped); on the FX thread that time would come before the first frame.%n",
                main.get("app") - first.get("app")));
        return md.toString();
    }


    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static List<String> insert(List<String> list, int at, String item) {
        List<String> copy = new ArrayList<>(list);
        copy.add(at, item);
        return copy;
    }

    private static String jarsIn(Path dir, String prefix) throws IOException {
        try (var files = Files.list(dir)) {
            return String.join(":", files.map(Path::toString)
                    .filter(f -> Path.of(f).getFileName().toString().startsWith(prefix) && f.endsWith(".jar")).sorted().toList());
        }
    }

    private static String onlyJar(Path dir, String prefix) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(Path::toString).filter(f -> Path.of(f).getFileName().toString().startsWith(prefix)
                    && f.endsWith(".jar") && !f.endsWith("-tests.jar")).findFirst().orElseThrow();
        }
    }
}
