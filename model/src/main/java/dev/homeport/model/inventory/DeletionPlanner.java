package dev.homeport.model.inventory;

import dev.homeport.model.Application;
import dev.homeport.model.Environment;
import dev.homeport.model.Service;
import dev.homeport.model.VariableScope;
import dev.homeport.model.store.ApplicationDao;
import dev.homeport.model.store.DeploymentDao;
import dev.homeport.model.store.DomainDao;
import dev.homeport.model.store.EnvironmentDao;
import dev.homeport.model.store.RegistryCredentialDao;
import dev.homeport.model.store.ServiceDao;
import dev.homeport.model.store.VariableDao;
import dev.homeport.model.store.WorkerNodeDao;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** Walks the subtree under an item and names everything a delete would remove. */
final class DeletionPlanner {
    private static final int NAMES_SHOWN = 8;

    private final Handle h;
    private final List<String> applications = new ArrayList<>();
    private final List<String> environments = new ArrayList<>();
    private final List<String> services = new ArrayList<>();
    private final List<String> domains = new ArrayList<>();
    private final List<String> nodes = new ArrayList<>();
    private int variables;
    private int deployments;
    private int registries;

    DeletionPlanner(Handle h) {
        this.h = h;
    }

    DeletionPlan plan(Ref ref, InventoryPath path) {
        switch (ref.level()) {
            case ORGANISATION -> {
                registries = h.attach(RegistryCredentialDao.class).list(ref.id()).size();
                h.attach(ApplicationDao.class).list(ref.id()).forEach(a -> addApplication(a, path.child(a.name())));
            }
            case APPLICATION -> h.attach(EnvironmentDao.class).list(ref.id()).forEach(e -> addEnvironment(e, path.child(e.name())));
            case ENVIRONMENT -> addEnvironmentContents(ref.id(), path);
            case SERVICE -> addServiceContents(ref.id());
        }
        List<String> removes = new ArrayList<>();
        named(removes, Level.APPLICATION.count(applications.size()), applications);
        named(removes, Level.ENVIRONMENT.count(environments.size()), environments);
        named(removes, Level.SERVICE.count(services.size()), services);
        named(removes, plural(domains.size(), "domain"), domains);
        counted(removes, plural(variables, "variable"), variables);
        counted(removes, plural(registries, "registry credential"), registries);
        counted(removes, plural(deployments, "deployment record") + " and their logs", deployments);
        List<String> keeps = new ArrayList<>();
        if (!nodes.isEmpty()) {
            keeps.add("Worker nodes stay, but are detached: " + String.join(", ", nodes.stream().distinct().toList()) + ".");
        }
        if (ref.level() == Level.SERVICE || !services.isEmpty()) {
            keeps.add(DeletionPlan.LEFT_RUNNING);
        }
        return new DeletionPlan(ref, ref.level().singular() + " '" + path + "'", removes, keeps);
    }

    private void addApplication(Application application, InventoryPath path) {
        applications.add(path.toString());
        h.attach(EnvironmentDao.class).list(application.id()).forEach(e -> addEnvironment(e, path.child(e.name())));
    }

    private void addEnvironment(Environment environment, InventoryPath path) {
        environments.add(path.toString());
        addEnvironmentContents(environment.id(), path);
    }

    private void addEnvironmentContents(long environmentId, InventoryPath path) {
        variables += h.attach(VariableDao.class).of(VariableScope.ENVIRONMENT, environmentId).size();
        h.attach(WorkerNodeDao.class).attachedTo(environmentId).forEach(n -> nodes.add(n.name()));
        for (Service service : h.attach(ServiceDao.class).list(environmentId)) {
            services.add(path.child(service.name()).toString());
            addServiceContents(service.id());
        }
    }

    private void addServiceContents(long serviceId) {
        h.attach(DomainDao.class).list(serviceId).forEach(d -> domains.add(d.hostname()));
        variables += h.attach(VariableDao.class).of(VariableScope.SERVICE, serviceId).size();
        deployments += h.attach(DeploymentDao.class).countOfService(serviceId);
    }

    private static void named(List<String> out, String heading, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())));
        out.add(heading + ": " + shown + (names.size() > NAMES_SHOWN ? " and " + (names.size() - NAMES_SHOWN) + " more" : ""));
    }

    private static void counted(List<String> out, String line, int count) {
        if (count > 0) {
            out.add(line);
        }
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
