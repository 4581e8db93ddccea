package dev.homeport.model.inventory;

import dev.homeport.model.Deployment;
import dev.homeport.model.store.DeploymentDao;
import dev.homeport.model.store.Store;
import java.util.List;

/** Reads the record of deployments: recent activity, and the releases of a service. */
public final class DeploymentHistory {
    private final Store store;

    public DeploymentHistory(Store store) {
        this.store = store;
    }

    public List<Deployment> recent(int limit) {
        return store.read(h -> h.attach(DeploymentDao.class).recent(limit));
    }

    public List<Deployment> ofService(long serviceId) {
        return store.read(h -> h.attach(DeploymentDao.class).ofService(serviceId));
    }

    public List<String> log(long deploymentId) {
        return store.read(h -> h.attach(DeploymentDao.class).log(deploymentId));
    }
}
