package dev.homeport.bench;

import static dev.homeport.bench.Timing.join;
import static dev.homeport.bench.Timing.median;
import static dev.homeport.bench.Timing.paired;
import static dev.homeport.bench.Timing.run;
import static dev.homeport.bench.Timing.time;

import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Homeport's Docker transport against the docker CLI, side by side in one run,
 * on the rig: listing running containers (what `docker ps` asks the daemon)
 * through Homeport's kept dial-stdio channel, through a new channel each time,
 * with `docker ps` on the node through an OpenSSH ControlMaster, and with the
 * docker CLI's own SSH transport (DOCKER_HOST=ssh://…). Medians, because the
 * machine is shared; each Homeport run is paired with a ControlMaster run.
 */
public final class DockerBench {
    private static final int WARM_RUNS = 200;
    private static final int SLOW_RUNS = 30;
    private static final double GOAL = 0.15;

    private DockerBench() {
    }

    /** {@code --out FILE} rewrites the "## Docker API" section of that page. */
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Path page = BenchArgs.out(options);
        Rig rig = Rig.load();
        if (rig == null) {
            throw new IllegalStateException("The rig is not up: run scripts/rig up");
        }
        Path scratch = Files.createTempDirectory("homeport-docker-bench");
        String section;
        try (NodeConnections connections = new NodeConnections(RigTargets.settings(rig, scratch));
             NodeDocker docker = new NodeDocker(connections.to(RigTargets.rig(rig), Prompts.NONE))) {
            NodeConnection node = connections.to(RigTargets.rig(rig), Prompts.NONE);
            for (int i = 0; i < 50; i++) {
                docker.client().listContainersCmd().exec();
            }
            List<String> ssh = sshCommand(rig);
            Path socket = scratch.resolve("cm.sock");
            run(join(ssh.subList(0, ssh.size() - 1), List.of("-M", "-S", socket.toString(), "-fN", ssh.getLast())));
            List<String> viaMaster = join(ssh.subList(0, ssh.size() - 1), List.of("-S", socket.toString(), ssh.getLast(), "docker", "ps"));
            for (int i = 0; i < 10; i++) {
                run(viaMaster);
            }
            int channelsBefore = docker.transport().channelsOpened();
            double[] warm = paired(WARM_RUNS, () -> docker.client().listContainersCmd().exec(), () -> run(viaMaster, Map.of()));
            int channelsDuring = docker.transport().channelsOpened() - channelsBefore;
            double[] fresh = paired(SLOW_RUNS, () -> {
                try (NodeDocker once = new NodeDocker(node)) {
                    once.client().listContainersCmd().exec();
                }
            }, () -> run(viaMaster, Map.of()));
            run(join(ssh.subList(0, ssh.size() - 1), List.of("-S", socket.toString(), "-O", "exit", ssh.getLast())));

            Map<String, String> cliOverSsh = dockerCliOverSsh(rig, scratch);
            List<String> dockerPs = List.of("docker", "ps");
            run(dockerPs, cliOverSsh);
            double[] times = new double[SLOW_RUNS];
            for (int i = 0; i < SLOW_RUNS; i++) {
                times[i] = time(() -> run(dockerPs, cliOverSsh));
            }
            double dockerHostSsh = median(times);

            double homeportWarm = warm[0];
            section = "## Docker API\n\n"
                    + "Listing the running containers (the API call behind `docker ps`) on the rig's Docker 20.10 (API 1.41), through its"
                    + " OpenSSH sshd over loopback; measured " + java.time.LocalDate.now() + " by `bench/run --only docker`. Medians of "
                    + WARM_RUNS + " runs (warm) and " + SLOW_RUNS + " runs (the others); each Homeport run is paired with a ControlMaster"
                    + " run, back to back. The goal: a warm list at most " + GOAL + "× `docker ps` through a ControlMaster.\n\n"
                    + "| way | median | vs ControlMaster |\n|---|---|---|\n"
                    + row("Homeport, warm (kept dial-stdio channel)", homeportWarm, warm[1])
                    + row("Homeport, new dial-stdio channel and version check each time", fresh[0], fresh[1])
                    + row("`ssh -S <ControlMaster> node docker ps`", warm[1], warm[1])
                    + row("`DOCKER_HOST=ssh://… docker ps` (the docker CLI's own SSH)", dockerHostSsh, warm[1])
                    + '\n'
                    + String.format(Locale.ROOT, "The new-channel row is compared with the ControlMaster runs paired with it (median %.1f ms);"
                            + " the others with the %d paired with the warm runs.%n%n", fresh[1], WARM_RUNS)
                    + String.format(Locale.ROOT, "Warm: **%.3f×** ControlMaster (goal %.2f×: %s). The %d warm lists opened %d new dial-stdio channel%s.%n%n",
                            homeportWarm / warm[1], GOAL, homeportWarm / warm[1] <= GOAL ? "met" : "not met", WARM_RUNS, channelsDuring,
                            channelsDuring == 1 ? "" : "s")
                    + """
                            A warm Homeport list is one HTTP request on a dial-stdio channel that is already open: one
                            round trip over the SSH connection, no process started on either side. `docker ps` through a
                            ControlMaster starts an ssh client here, a new channel, the user's shell and the docker CLI on
                            the node (which pings the daemon, then lists). A new Homeport channel pays for the channel,
                            the start of `docker system dial-stdio` and a `GET /version` before the list. The docker CLI's
                            own `ssh://` transport starts a new ssh connection (key exchange and login) for every command.

                            """;
        }
        System.out.print(section);
        if (page != null) {
            BenchmarksPage.writeSection(page, "Docker API", section);
        }
    }

    /**
     * The docker CLI's ssh:// transport runs `ssh` from the PATH with no way to pass a key or a
     * known_hosts file, so a wrapper named ssh, first on a private PATH, adds them with -F.
     */
    private static Map<String, String> dockerCliOverSsh(Rig rig, Path scratch) throws IOException {
        Path config = scratch.resolve("ssh_config");
        Files.writeString(config, "Host *\n  IdentityFile " + rig.sshKey() + "\n  IdentitiesOnly yes\n  UserKnownHostsFile " + rig.knownHosts()
                + "\n  StrictHostKeyChecking yes\n  BatchMode yes\n  LogLevel ERROR\n");
        Path bin = Files.createDirectories(scratch.resolve("bin"));
        Path wrapper = bin.resolve("ssh");
        Files.writeString(wrapper, "#!/bin/sh\nexec /usr/bin/ssh -F '" + config + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Map.of("PATH", bin + ":" + System.getenv("PATH"),
                "DOCKER_HOST", "ssh://" + rig.sshUser() + "@" + rig.sshHost() + ":" + rig.sshPort(),
                "DOCKER_CONFIG", Files.createDirectories(scratch.resolve("docker-config")).toString());
    }

    private static String row(String way, double ms, double master) {
        return String.format(Locale.ROOT, "| %s | %.1f ms | %.3f× |%n", way, ms, ms / master);
    }

    /** ssh to the rig as a user would type it: its key, its known_hosts, no prompts. */
    static List<String> sshCommand(Rig rig) {
        return List.of("ssh", "-q", "-i", rig.sshKey().toString(), "-p", Integer.toString(rig.sshPort()), "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + rig.knownHosts(), rig.sshUser() + "@" + rig.sshHost());
    }
}
