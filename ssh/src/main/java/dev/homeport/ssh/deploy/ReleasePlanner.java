package dev.homeport.ssh.deploy;

import dev.homeport.model.Application;
import dev.homeport.model.Domain;
import dev.homeport.model.Environment;
import dev.homeport.model.Organisation;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.Volume;
import dev.homeport.model.inventory.Inventory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a service as the inventory has it now into the snapshot a new release runs. */
final class ReleasePlanner {
    private final Inventory inventory;

    ReleasePlanner(Inventory inventory) {
        this.inventory = inventory;
    }

    /** Where the service sits: environment, application and organisation, for names and the ACME email. */
    record Place(Service service, long key, Environment environment, Application application, Organisation organisation) {
        String path() {
            return organisation.name() + "/" + application.name() + "/" + environment.name() + "/" + service.name();
        }

        /** Four characters of the node key, so names on a node stay apart across Homeport stores. */
        String keyTag() {
            String text = Long.toString(key, 36);
            return text.substring(Math.max(0, text.length() - 4));
        }

        /** The tag of an image built for a release. */
        String buildTag(long deploymentId) {
            return "homeport/" + environment.name() + "-" + service.name() + "-" + keyTag() + ":" + deploymentId;
        }

        /**
         * The Swarm service that runs the service's replicas on a cluster, {@code <env>-<service>-<key tag>}: one
         * for all releases (a release is an update of it), and its name on the cluster's overlay network.
         */
        String swarmName() {
            return environment.name() + "-" + service.name() + "-" + keyTag();
        }
    }

    Place place(long serviceId) {
        Service service = inventory.service(serviceId);
        Environment environment = inventory.environment(service.environmentId());
        Application application = inventory.application(environment.applicationId());
        return new Place(service, inventory.serviceNodeKey(serviceId), environment, application, inventory.organisation(application.organisationId()));
    }

    ConfigSnapshot snapshot(Place place) {
        Service service = place.service();
        // The environment's variables first, then the service's: a service's own value wins.
        Map<String, ConfigSnapshot.Var> variables = new LinkedHashMap<>();
        for (VariableScope scope : List.of(VariableScope.ENVIRONMENT, VariableScope.SERVICE)) {
            long owner = scope == VariableScope.ENVIRONMENT ? place.environment().id() : service.id();
            for (Variable variable : inventory.variables(scope, owner)) {
                variables.put(variable.key(), new ConfigSnapshot.Var(variable.key(), variable.plainValue(),
                        variable.secret() ? variable.secretValue().text() : null));
            }
        }
        return new ConfigSnapshot(source(service.source()), service.port(), service.healthGate().name(), service.healthCheckPath(),
                service.options().healthTimeoutSeconds(), service.options().restart().name(), service.cpuLimit(), service.memoryLimitMb(),
                service.options().volumes().stream().map(Volume::toString).toList(), List.copyOf(variables.values()),
                inventory.domains(service.id()).stream().map(Domain::hostname).toList(), place.organisation().acmeEmail(),
                place.organisation().acmeDirectory(),
                service.options().drainSeconds(), service.options().keepReleases(), service.options().replicas(),
                service.options().pinnedNode());
    }

    static String source(ServiceSource source) {
        return switch (source) {
            case ServiceSource.Image image -> "image " + image.image();
            case ServiceSource.Git git -> "git " + git.url() + " " + git.ref() + " (" + git.dockerfile() + " in " + git.context() + ")";
            case ServiceSource.Folder folder -> "folder " + folder.path() + " (" + folder.dockerfile() + ")";
        };
    }
}
