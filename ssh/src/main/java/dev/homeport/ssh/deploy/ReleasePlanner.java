package dev.homeport.ssh.deploy;

import dev.homeport.model.Application;
import dev.homeport.model.Database;
import dev.homeport.model.Domain;
import dev.homeport.model.Environment;
import dev.homeport.model.Organisation;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.Volume;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.References;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
            return ReleasePlanner.keyTag(key);
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

    static String keyTag(long nodeKey) {
        String text = Long.toString(nodeKey, 36);
        return text.substring(Math.max(0, text.length() - 4));
    }

    /**
     * The name other containers reach a service by: its Swarm service's name on a cluster, the alias of
     * a database's container on the {@code homeport} network of a node; the same for every release.
     */
    String hostOf(Environment environment, Service service) {
        return environment.name() + "-" + service.name() + "-" + keyTag(inventory.serviceNodeKey(service.id()));
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
        // References to other services' variables are read now: a change there reaches this service on its next deploy.
        References references = new References(inventory);
        for (ConfigSnapshot.Var variable : List.copyOf(variables.values())) {
            if (!variable.secret() && References.hasReferences(variable.value())) {
                References.Resolved resolved;
                try {
                    resolved = references.resolve(place.environment().id(), variable.key(), variable.value(),
                            s -> hostOf(place.environment(), s));
                } catch (dev.homeport.model.ValidationException e) {
                    throw new DeployException("Variable " + e.getMessage() + ". Nothing was started.", e);
                }
                variables.put(variable.key(), resolved.secret()
                        ? new ConfigSnapshot.Var(variable.key(), null, inventory.sealVariable(resolved.value()).text())
                        : new ConfigSnapshot.Var(variable.key(), resolved.value().reveal(), null));
            }
        }
        Optional<Database> database = inventory.databases().find(service.id());
        return new ConfigSnapshot(source(service.source()), service.port(), service.healthGate().name(), service.healthCheckPath(),
                service.options().healthTimeoutSeconds(), service.options().restart().name(), service.cpuLimit(), service.memoryLimitMb(),
                service.options().volumes().stream().map(Volume::toString).toList(), List.copyOf(variables.values()),
                inventory.domains(service.id()).stream().map(Domain::hostname).toList(), place.organisation().acmeEmail(),
                place.organisation().acmeDirectory(),
                service.options().drainSeconds(), service.options().keepReleases(), service.options().replicas(),
                service.options().pinnedNode(),
                database.map(d -> d.engine().name()).orElse(null), database.map(Database::publicPort).orElse(null));
    }

    static String source(ServiceSource source) {
        return switch (source) {
            case ServiceSource.Image image -> "image " + image.image();
            case ServiceSource.Git git -> "git " + git.url() + " " + git.ref() + " (" + git.dockerfile() + " in " + git.context() + ")";
            case ServiceSource.Folder folder -> "folder " + folder.path() + " (" + folder.dockerfile() + ")";
        };
    }
}
