package dev.homeport.model.inventory;

import dev.homeport.model.Application;
import dev.homeport.model.Environment;
import dev.homeport.model.Organisation;
import dev.homeport.model.Service;
import java.util.List;

/** The whole Organisation → Application → Environment → Service tree, read at once for display. */
public record InventoryTree(List<Organisation> organisations, List<Application> applications,
                            List<Environment> environments, List<Service> services) {
    public InventoryTree {
        organisations = List.copyOf(organisations);
        applications = List.copyOf(applications);
        environments = List.copyOf(environments);
        services = List.copyOf(services);
    }

    public List<Application> applicationsOf(long organisationId) {
        return applications.stream().filter(a -> a.organisationId() == organisationId).toList();
    }

    public List<Environment> environmentsOf(long applicationId) {
        return environments.stream().filter(e -> e.applicationId() == applicationId).toList();
    }

    public List<Service> servicesOf(long environmentId) {
        return services.stream().filter(s -> s.environmentId() == environmentId).toList();
    }

    public boolean isEmpty() {
        return organisations.isEmpty();
    }
}
