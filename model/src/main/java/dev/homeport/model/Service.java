package dev.homeport.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Something that runs as a container. {@code port} is the port the container
 * listens on (null when it serves nothing over the network). Limits are null
 * when unlimited. {@code options} say how its releases are checked and run.
 */
public record Service(long id, long environmentId, String name, ServiceSource source,
                      Integer port, String healthCheckPath, Double cpuLimit, Integer memoryLimitMb, DeployOptions options) {
    public static final String DEFAULT_HEALTH_CHECK_PATH = "/";
    public static final int MIN_MEMORY_MB = 6;
    private static final Pattern MEMORY_SIZE = Pattern.compile("(\\d{1,9})([mg]?)");

    public Service {
        Check.dnsLabel("name", name);
        if (source == null) {
            throw new ValidationException("source", "is required: an image, a git repository or a folder");
        }
        if (port != null) {
            Check.port("port", port);
        }
        healthCheckPath = healthCheckPath == null ? DEFAULT_HEALTH_CHECK_PATH : Check.httpPath("healthCheckPath", healthCheckPath);
        if (cpuLimit != null && (cpuLimit.isNaN() || cpuLimit <= 0 || cpuLimit > 1024)) {
            throw new ValidationException("cpuLimit", "must be a number of CPUs above 0, such as 0.5 or 2, got " + cpuLimit);
        }
        if (memoryLimitMb != null && memoryLimitMb < MIN_MEMORY_MB) {
            throw new ValidationException("memoryLimitMb", "must be at least " + MIN_MEMORY_MB + " MB (Docker's minimum), got " + memoryLimitMb);
        }
        options = options == null ? DeployOptions.defaults() : options;
        HealthGate gate = options.gateFor(port);
        if (port == null && (gate == HealthGate.HTTP || gate == HealthGate.TCP)) {
            throw new ValidationException("healthGate", "the " + gate.label() + " health check needs the service's port: set the port, or choose the image or running check");
        }
    }

    public Service(long id, long environmentId, String name, ServiceSource source,
                   Integer port, String healthCheckPath, Double cpuLimit, Integer memoryLimitMb) {
        this(id, environmentId, name, source, port, healthCheckPath, cpuLimit, memoryLimitMb, null);
    }

    /**
     * A memory limit as the user types it, in MB: {@code 512} and {@code 512m} are megabytes,
     * {@code 1g} is 1024 MB (either letter in either case). The command line and the app both read it here.
     */
    public static int parseMemoryLimitMb(String text) {
        Matcher size = MEMORY_SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!size.matches()) {
            throw new ValidationException("memoryLimitMb", "must be a size such as 256m, 1g or 512 (megabytes), got '"
                    + Check.printable(text) + "'");
        }
        long megabytes = Long.parseLong(size.group(1)) * (size.group(2).equals("g") ? 1024 : 1);
        if (megabytes > Integer.MAX_VALUE) {
            throw new ValidationException("memoryLimitMb", "is too large: " + Check.printable(text));
        }
        return (int) megabytes;
    }

    public HealthGate healthGate() {
        return options.gateFor(port);
    }

    public ServiceKind kind() {
        return source.kind();
    }

    /** The same settings in another environment: how a draft becomes a service to create. */
    public Service withEnvironment(long newEnvironmentId) {
        return new Service(id, newEnvironmentId, name, source, port, healthCheckPath, cpuLimit, memoryLimitMb, options);
    }

    public Service withName(String newName) {
        return new Service(id, environmentId, newName, source, port, healthCheckPath, cpuLimit, memoryLimitMb, options);
    }

    public Service withOptions(DeployOptions newOptions) {
        return new Service(id, environmentId, name, source, port, healthCheckPath, cpuLimit, memoryLimitMb, newOptions);
    }
}
