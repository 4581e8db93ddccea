package dev.homeport.bench;

import static dev.homeport.bench.Timing.median;
import static dev.homeport.bench.Timing.time;

import dev.homeport.ssh.rig.Rig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code homeport} command as a user runs it (a JVM per command, {@code java -cp} the app's
 * jars as bin/homeport runs it): {@code homeport org list} with the app closed and with the app
 * open (the command sent to the app over its socket), each with and without the command line's
 * AOT cache, side by side in rounds with a fresh {@code ssh node docker version} on the rig's
 * sshd and the local {@code docker version}. Also a .env file of 253 variables set in one
 * {@code var import} against 20 single {@code var set} calls. Medians.
 */
public final class CliBench {
    private static final int RUNS = 11;
    private static final int VAR_SETS = 20;
    private static final int ENV_LINES = 253;

    private CliBench() {
    }

    /** {@code --app-target DIR} (app/target, with its jar and lib/), {@code --runs N}, {@code --out FILE}. */
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Path page = BenchArgs.out(options);
        int runs = BenchArgs.runs(options, RUNS);
        Path target = Path.of(BenchArgs.value(options, "--app-target").orElseThrow(() -> new IllegalArgumentException("--app-target DIR")));
        Rig rig = Rig.load();
        if (rig == null) {
            throw new IllegalStateException("The rig is not up: run scripts/rig up");
        }
        Path jar;
        try (Stream<Path> files = Files.list(target)) {
            jar = files.filter(f -> f.getFileName().toString().matches("homeport-app-.*\\.jar") && !f.toString().endsWith("-tests.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no homeport-app jar in " + target));
        }
        String classpath = jar + ":" + target.resolve("lib") + "/*";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path scratch = Files.createTempDirectory("homeport-cli-bench");
        try {
            Path home = scratch.resolve("home");
            Map<String, String> env = Map.of("HOMEPORT_HOME", home.toString());
            // As bin/homeport and the installed launcher run a command: C1 only (docs/startup.md).
            List<String> homeport = List.of(java, "-XX:TieredStopAtLevel=1", "-cp", classpath, "dev.homeport.app.Main");
            for (String org : List.of("acme", "globex", "initech")) {
                Timing.run(join(homeport, "org", "create", org), env);
                Timing.run(join(homeport, "app", "create", org + "/shop"), env);
                Timing.run(join(homeport, "environment", "create", org + "/shop/prod"), env);
            }
            // The command line's AOT cache, trained as bin/homeport trains it: 'org list' on a store of its own.
            Path cache = scratch.resolve("homeport-cli.aot");
            Map<String, String> trainingHome = Map.of("HOMEPORT_HOME", scratch.resolve("training").toString());
            Timing.run(join(homeport, "org", "create", "training"), trainingHome);
            Timing.run(join(List.of(java, "-XX:AOTCacheOutput=" + cache, "-XX:TieredStopAtLevel=1", "-Xlog:disable", "-Xlog:all=off", "-cp", classpath,
                    "dev.homeport.app.Main"), "org", "list"), trainingHome);
            List<String> withCache = List.of(java, "-XX:AOTCache=" + cache, "-XX:TieredStopAtLevel=1", "-Xlog:disable", "-Xlog:all=off", "-cp", classpath,
                    "dev.homeport.app.Main");
            List<String> ssh = List.of("ssh", "-q", "-i", rig.sshKey().toString(), "-p", Integer.toString(rig.sshPort()),
                    "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + rig.knownHosts(),
                    rig.sshUser() + "@" + rig.sshHost(), "docker", "version");
            List<String> docker = List.of("docker", "version");

            Map<String, List<String>> closed = new LinkedHashMap<>();
            closed.put("`homeport org list`, app closed", join(homeport, "org", "list"));
            closed.put("`homeport org list`, app closed, CLI AOT cache", join(withCache, "org", "list"));
            closed.put("fresh `ssh node docker version` (rig sshd)", ssh);
            closed.put("local `docker version`", docker);
            Map<String, Double> closedMedians = rounds(closed, env, runs);
            double varSetsClosed = time(() -> {
                for (int i = 0; i < VAR_SETS; i++) {
                    Timing.run(join(withCache, "var", "set", "acme/shop/prod", "KEY_" + i + "=value-" + i), env);
                }
            }) / VAR_SETS;
            Path envFile = scratch.resolve("big.env");
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < ENV_LINES; i++) {
                lines.append("VAR_").append(i).append("=value-").append(i).append('\n');
            }
            Files.writeString(envFile, lines);
            double importClosed = time(() -> Timing.run(join(withCache, "var", "import", "globex/shop/prod", envFile.toString()), env));

            Map<String, Double> openMedians;
            double varSetsOpen;
            double importOpen;
            // The same home, held open by the headless server until its input ends.
            ProcessBuilder serving = new ProcessBuilder(java, "-cp", classpath, "dev.homeport.app.cli.CliServer")
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            serving.environment().putAll(env);
            Process server = serving.start();
            try {
                String socket = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
                if (socket == null) {
                    throw new IllegalStateException("the headless server did not start");
                }
                Map<String, List<String>> open = new LinkedHashMap<>();
                open.put("`homeport org list`, app open (served)", join(homeport, "org", "list"));
                open.put("`homeport org list`, app open (served), CLI AOT cache", join(withCache, "org", "list"));
                open.put("fresh `ssh node docker version` (rig sshd)", ssh);
                openMedians = rounds(open, env, runs);
                varSetsOpen = time(() -> {
                    for (int i = 0; i < VAR_SETS; i++) {
                        Timing.run(join(withCache, "var", "set", "acme/shop/prod", "KEY_" + i + "=value-" + i), env);
                    }
                }) / VAR_SETS;
                importOpen = time(() -> Timing.run(join(withCache, "var", "import", "initech/shop/prod", envFile.toString()), env));
            } finally {
                server.getOutputStream().close();
                server.waitFor();
            }
            String section = section(runs, closedMedians, openMedians, varSetsClosed, varSetsOpen, importClosed, importOpen);
            System.out.print(section);
            if (page != null) {
                BenchmarksPage.writeSection(page, "Command line", section);
            }
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Each round runs every command once, in order, so a busy moment of the shared machine hits them all; medians in ms. */
    private static Map<String, Double> rounds(Map<String, List<String>> commands, Map<String, String> env, int runs) throws Exception {
        for (List<String> command : commands.values()) {
            Timing.run(command, env); // warm-up: the file cache
        }
        Map<String, double[]> times = new LinkedHashMap<>();
        commands.keySet().forEach(name -> times.put(name, new double[runs]));
        for (int i = 0; i < runs; i++) {
            for (var entry : commands.entrySet()) {
                times.get(entry.getKey())[i] = time(() -> Timing.run(entry.getValue(), env));
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        times.forEach((name, values) -> medians.put(name, median(values)));
        return medians;
    }

    private static String section(int runs, Map<String, Double> closed, Map<String, Double> open, double varSetClosed,
                                  double varSetOpen, double importClosed, double importOpen) {
        double sshClosed = closed.get("fresh `ssh node docker version` (rig sshd)");
        double sshOpen = open.get("fresh `ssh node docker version` (rig sshd)");
        StringBuilder out = new StringBuilder("## Command line\n\n")
                .append("One `homeport` command per JVM, as a user runs it (`java -cp` the app's jars, as `bin/homeport` does), measured ")
                .append(java.time.LocalDate.now()).append(" by `bench/run --only cli`, on a machine of ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores shared with other work. Medians of ").append(runs)
                .append(" rounds; each round runs every command of its table once, in turn, so a busy moment hits them all. ")
                .append("\"App open\" is the headless server (`CliServer`, the class the desktop app runs) holding the store;")
                .append(" the command is sent to it over its socket. The goal: an inventory command in at most 2× a fresh")
                .append(" `ssh node docker version`, and no slower with the app open than closed.\n\n");
        out.append("| App closed | median | × fresh ssh |\n|---|---|---|\n");
        closed.forEach((name, ms) -> out.append(row(name, ms, sshClosed)));
        out.append("\n| App open | median | × fresh ssh |\n|---|---|---|\n");
        open.forEach((name, ms) -> out.append(row(name, ms, sshOpen)));
        out.append("\n| Setting many variables (CLI AOT cache) | app closed | app open |\n|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| one `var set` call (mean of %d) | %.0f ms | %.0f ms |%n", VAR_SETS, varSetClosed, varSetOpen))
                .append(String.format(Locale.ROOT, "| %d `var set` calls, extrapolated | %.1f s | %.1f s |%n", ENV_LINES,
                        varSetClosed * ENV_LINES / 1000, varSetOpen * ENV_LINES / 1000))
                .append(String.format(Locale.ROOT, "| one `var import` of a %d-line .env file | %.0f ms | %.0f ms |%n", ENV_LINES,
                        importClosed, importOpen));
        return out.append('\n').toString();
    }

    private static String row(String name, double ms, double ssh) {
        return String.format(Locale.ROOT, "| %s | %.0f ms | %.1f× |%n", name, ms, ms / ssh);
    }

    private static List<String> join(List<String> command, String... more) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(more));
        return all;
    }
}
