package dev.homeport.model.inventory;

import dev.homeport.model.Database;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.Service;
import dev.homeport.model.ValidationException;
import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.vault.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References from one service's variables to another's: {@code ${{api.PUBLIC_URL}}} in a value stands
 * for the variable {@code PUBLIC_URL} of the service {@code api} in the same environment, read when a
 * release is made, so a change there reaches every service that refers to it on its next deploy. A
 * database offers its connection settings this way: {@code DATABASE_URL} ({@code REDIS_URL} for Redis),
 * {@code HOST}, {@code PORT}, {@code USER}, {@code PASSWORD} and {@code NAME}. A value that takes in a
 * secret is secret itself. The stored value stays the reference: it is what the app shows and an export writes.
 */
public final class References {
    /** {@code ${{service.KEY}}}: a service name (a DNS label) and a variable key. */
    public static final Pattern REFERENCE = Pattern.compile("\\$\\{\\{([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\\.([A-Za-z_][A-Za-z0-9_]*)}}");

    private final Inventory inventory;

    public References(Inventory inventory) {
        this.inventory = inventory;
    }

    /** A value with its references replaced, and whether it took in a secret. */
    public record Resolved(Secret value, boolean secret) {
    }

    /** The services named in a value's references, in order, without repeats. */
    public static List<String> referredServices(String value) {
        List<String> names = new ArrayList<>();
        Matcher m = REFERENCE.matcher(value);
        while (m.find()) {
            if (!names.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    public static boolean hasReferences(String value) {
        return value != null && REFERENCE.matcher(value).find();
    }

    /**
     * Replaces the references in {@code value}, a variable of a service of {@code environmentId}.
     * {@code hostOf} names a service on its environment's network (the name other containers reach it by).
     * Throws a {@link ValidationException} naming the reference when the service or variable does not exist.
     */
    public Resolved resolve(long environmentId, String key, String value, Function<Service, String> hostOf) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        boolean secret = false;
        while (m.find()) {
            String name = m.group(1);
            String wanted = m.group(2);
            Service service = inventory.services(environmentId).stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new ValidationException(key, "refers to " + m.group() + ", but this environment has no service named '"
                            + name + "'"));
            Part part = part(service, wanted, hostOf).orElseThrow(() -> new ValidationException(key, "refers to " + m.group()
                    + ", but service '" + name + "' has no variable " + wanted + offered(service)));
            secret |= part.secret();
            m.appendReplacement(out, Matcher.quoteReplacement(part.value().reveal()));
        }
        m.appendTail(out);
        return new Resolved(Secret.of(out.toString()), secret);
    }

    /** The services of the environment whose variables, or the environment's own, refer to {@code serviceName}. */
    public List<Service> referrers(long environmentId, String serviceName) {
        boolean environmentRefers = inventory.variables(VariableScope.ENVIRONMENT, environmentId).stream()
                .anyMatch(v -> refersTo(v, serviceName));
        List<Service> referrers = new ArrayList<>();
        for (Service service : inventory.services(environmentId)) {
            if (!service.name().equals(serviceName) && (environmentRefers
                    || inventory.variables(VariableScope.SERVICE, service.id()).stream().anyMatch(v -> refersTo(v, serviceName)))) {
                referrers.add(service);
            }
        }
        return referrers;
    }

    private static boolean refersTo(Variable variable, String serviceName) {
        return !variable.secret() && referredServices(variable.plainValue()).contains(serviceName);
    }

    private record Part(Secret value, boolean secret) {
    }

    private String offered(Service service) {
        return inventory.databases().find(service.id())
                .map(d -> " (a " + d.engine().title() + " database offers " + String.join(", ", d.engine().offeredVariables()) + ")")
                .orElse("");
    }

    /** A database's own variables come first: {@code ${{db.PASSWORD}}} is its password whatever the engine calls it. */
    private Optional<Part> part(Service service, String wanted, Function<Service, String> hostOf) {
        Optional<Database> database = inventory.databases().find(service.id());
        List<Variable> variables = inventory.variables(VariableScope.SERVICE, service.id());
        if (database.isPresent() && database.get().engine().offeredVariables().contains(wanted)) {
            DatabaseEngine engine = database.get().engine();
            String host = hostOf.apply(service);
            String port = Integer.toString(engine.port());
            Secret password = inventory.reveal(find(variables, engine.passwordVariable()));
            String user = engine.userVariable() == null ? null : find(variables, engine.userVariable()).plainValue();
            String name = engine.databaseVariable() == null ? null : find(variables, engine.databaseVariable()).plainValue();
            return Optional.of(switch (wanted) {
                case "HOST" -> new Part(Secret.of(host), false);
                case "PORT" -> new Part(Secret.of(port), false);
                case "USER" -> new Part(Secret.of(user), false);
                case "NAME" -> new Part(Secret.of(name), false);
                case "PASSWORD" -> new Part(password, true);
                default -> new Part(Secret.of(url(engine, user, password.reveal(), host, port, name)), true);
            });
        }
        return variables.stream().filter(v -> v.key().equals(wanted)).findFirst()
                .map(v -> new Part(inventory.reveal(v), v.secret()));
    }

    /** {@code postgresql://USER:PASSWORD@HOST:PORT/NAME}, {@code mysql://…}, {@code redis://:PASSWORD@HOST:PORT/0}; generated passwords need no escaping. */
    public static String url(DatabaseEngine engine, String user, String password, String host, String port, String name) {
        String encodedPassword = encodedPassword(password);
        if (engine == DatabaseEngine.REDIS) {
            return "redis://:" + encodedPassword + "@" + host + ":" + port + "/0";
        }
        return engine.urlScheme() + "://" + java.net.URLEncoder.encode(user, java.nio.charset.StandardCharsets.UTF_8) + ":"
                + encodedPassword + "@" + host + ":" + port + "/" + name;
    }

    static String encodedPassword(String password) {
        return java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Variable find(List<Variable> variables, String key) {
        return variables.stream().filter(v -> v.key().equals(key)).findFirst()
                .orElseThrow(() -> new ValidationException(key, "the database's variable " + key + " is missing; set it again"));
    }
}
