package dev.homeport.ssh.provision;

import dev.homeport.ssh.transport.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Package commands, as data. Every one runs non-interactively (through
 * {@code env}, since sudo resets the environment), keeps changed config files
 * as they are, and waits for a lock that another apt holds rather than fail.
 */
final class Apt {
    static final Duration LOCK_TIMEOUT = Duration.ofMinutes(10);
    private static final List<String> NONINTERACTIVE = List.of("env", "DEBIAN_FRONTEND=noninteractive");

    private Apt() {
    }

    static Command.Simple update() {
        return apt("update");
    }

    static Command.Simple install(String... packages) {
        List<String> argv = new ArrayList<>(List.of("install", "--no-install-recommends"));
        argv.addAll(List.of(packages));
        return apt(argv.toArray(String[]::new));
    }

    /** What apt would install for each package ("Candidate:"), read before installing so a missing package gets a clear message. */
    static Command.Simple policy(String... packages) {
        List<String> argv = new ArrayList<>(List.of("apt-cache", "policy"));
        argv.addAll(List.of(packages));
        return Command.of(argv);
    }

    /** The packages that {@code apt-cache policy} output offers no candidate for. */
    static List<String> withoutCandidate(String policyOutput, String... packages) {
        List<String> missing = new ArrayList<>();
        for (String pkg : packages) {
            String candidate = "";
            boolean inPackage = false;
            for (String line : policyOutput.split("\n")) {
                if (!line.startsWith(" ")) {
                    inPackage = line.strip().equals(pkg + ":");
                } else if (inPackage && line.strip().startsWith("Candidate:")) {
                    candidate = line.strip().substring("Candidate:".length()).strip();
                }
            }
            if (candidate.isEmpty() || candidate.equals("(none)")) {
                missing.add(pkg);
            }
        }
        return missing;
    }

    /** Finishes what an interrupted dpkg left half done. */
    static Command.Simple configurePending() {
        List<String> argv = new ArrayList<>(NONINTERACTIVE);
        argv.addAll(List.of("dpkg", "--force-confdef", "--force-confold", "--configure", "-a"));
        return Command.of(argv);
    }

    /** Repairs what {@code dpkg --configure -a} cannot: a package whose unpacking was killed is installed again. */
    static Command.Simple fixBroken() {
        return apt("--fix-broken", "install");
    }

    private static Command.Simple apt(String... arguments) {
        List<String> argv = new ArrayList<>(NONINTERACTIVE);
        argv.addAll(List.of("apt-get", "-q", "-y", "-o", "DPkg::Lock::Timeout=" + LOCK_TIMEOUT.toSeconds(),
                "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold"));
        argv.addAll(List.of(arguments));
        return Command.of(argv);
    }
}
