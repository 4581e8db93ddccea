package dev.homeport.ssh.deploy;

import java.util.Map;

/**
 * The labels Homeport puts on what it runs, so its view of a node can always
 * be rebuilt from the node itself.
 */
public final class Labels {
    static final String MANAGED = "dev.homeport.managed";
    /** The service's node key (not its row id: ids repeat across Homeport stores). */
    public static final String SERVICE = "dev.homeport.service";
    public static final String DEPLOYMENT = "dev.homeport.deployment";
    static final String PATH = "dev.homeport.path";
    /** The loopback port of the node that Caddy proxies to. */
    static final String UPSTREAM = "dev.homeport.upstream";

    private Labels() {
    }

    static Map<String, String> of(long serviceKey, long deploymentId, String path) {
        return Map.of(MANAGED, "true", SERVICE, Long.toString(serviceKey), DEPLOYMENT, Long.toString(deploymentId), PATH, path);
    }
}
