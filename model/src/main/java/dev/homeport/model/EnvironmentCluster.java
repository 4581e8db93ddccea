package dev.homeport.model;

/**
 * An environment whose nodes form one cluster: the engine, and the engine's own ID of the
 * cluster, so a node already in another cluster is told apart from one of this environment's.
 */
public record EnvironmentCluster(long environmentId, ClusterEngine engine, String clusterId) {
    public EnvironmentCluster {
        if (engine == null) {
            throw new ValidationException("engine", "is required");
        }
        if (clusterId == null || clusterId.isBlank() || clusterId.length() > 128) {
            throw new ValidationException("clusterId", "must be the engine's ID of the cluster, got '" + Check.printable(String.valueOf(clusterId)) + "'");
        }
    }
}
