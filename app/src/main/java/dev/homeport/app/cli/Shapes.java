package dev.homeport.app.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.homeport.app.cli.Output.Field;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.Variable;
import dev.homeport.model.inventory.InventoryPath;
import java.util.List;

/**
 * What {@code list} and {@code show} print, as JSON and as text. These records
 * are made for output: they copy names and plain values out of the model and
 * never hold a model record, so a sealed secret cannot reach the output.
 * Scripts depend on the JSON field names: add fields, never rename them.
 */
final class Shapes {
    private Shapes() {
    }

    /** An organisation, application or environment in a list. */
    record ItemRow(String path, String name) implements Output.Row {
        static ItemRow of(InventoryPath parent, String name) {
            return new ItemRow(parent == null ? name : parent.child(name).toString(), name);
        }

        @Override
        public List<String> cells() {
            return List.of(name);
        }
    }

    record ServiceRow(String path, String name, String kind, String source, Integer port) implements Output.Row {
        static ServiceRow of(InventoryPath environment, Service service) {
            return new ServiceRow(environment.child(service.name()).toString(), service.name(), service.kind().label(),
                    service.source().describe(), service.port());
        }

        @Override
        public List<String> cells() {
            return List.of(name, kind, source, port == null ? "-" : port.toString());
        }
    }

    record OrgDetails(String path, String name, String acmeEmail, List<String> applications) implements Output.Details {
        @Override
        public List<Field> fields() {
            return List.of(Field.of("organisation", path), Field.of("ACME email", acmeEmail, "(not set)"),
                    new Field("applications", applications));
        }
    }

    record AppDetails(String path, String name, List<String> environments) implements Output.Details {
        @Override
        public List<Field> fields() {
            return List.of(Field.of("application", path), new Field("environments", environments));
        }
    }

    record EnvDetails(String path, String name, List<String> services, List<VariableValue> variables, List<String> nodes)
            implements Output.Details {
        @Override
        public List<Field> fields() {
            return List.of(Field.of("environment", path), new Field("services", services),
                    new Field("variables", variables.stream().map(VariableValue::text).toList()), new Field("nodes", nodes));
        }
    }

    record ServiceDetails(String path, String name, String kind, SourceValue source, Integer port, String healthPath,
                          Double cpus, Integer memoryMb, List<String> domains, List<VariableValue> variables)
            implements Output.Details {
        static ServiceDetails of(InventoryPath path, Service service, List<String> domains, List<VariableValue> variables) {
            return new ServiceDetails(path.toString(), service.name(), service.kind().label(), SourceValue.of(service.source()),
                    service.port(), service.healthCheckPath(), service.cpuLimit(), service.memoryLimitMb(), domains, variables);
        }

        @Override
        public List<Field> fields() {
            return List.of(Field.of("service", path), Field.of("kind", kind), Field.of("source", source.text()),
                    Field.of("port", port), Field.of("health path", healthPath),
                    Field.of("cpus", cpus, "unlimited"), Field.of("memory", memoryMb == null ? null : memoryMb + " MB", "unlimited"),
                    new Field("domains", domains), new Field("variables", variables.stream().map(VariableValue::text).toList()));
        }
    }

    /** Where a service comes from; only the fields of its kind are present. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SourceValue(String image, String url, String ref, String path, String dockerfile, String context) {
        static SourceValue of(ServiceSource source) {
            return switch (source) {
                case ServiceSource.Image i -> new SourceValue(i.image(), null, null, null, null, null);
                case ServiceSource.Git g -> new SourceValue(null, g.url(), g.ref(), null, g.dockerfile(), g.context());
                case ServiceSource.Folder f -> new SourceValue(null, null, null, f.path(), f.dockerfile(), null);
            };
        }

        String text() {
            if (image != null) {
                return image;
            }
            if (url != null) {
                return url + " (ref " + ref + ", dockerfile " + dockerfile + ", context " + context + ")";
            }
            return path + " (dockerfile " + dockerfile + ")";
        }
    }

    /** A plain variable has its value; a secret one only says so: {@code {"key": "X", "secret": true}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VariableValue(String key, String value, boolean secret) {
        static VariableValue of(Variable variable) {
            return variable.secret()
                    ? new VariableValue(variable.key(), null, true)
                    : new VariableValue(variable.key(), variable.plainValue(), false);
        }

        String text() {
            return key + "=" + (secret ? "(secret)" : value);
        }
    }
}
