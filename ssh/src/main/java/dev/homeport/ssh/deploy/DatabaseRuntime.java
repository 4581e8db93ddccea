package dev.homeport.ssh.deploy;

import dev.homeport.model.DatabaseEngine;
import java.util.List;

/**
 * How a database's container is run and asked: commands as data, run by Docker's exec API in the
 * container (argument lists, no shell on the node). None carries a password: each reads it from the
 * container's own environment, where the service's secret variable put it, and hands it to the
 * client through the variable the client reads ({@code MYSQL_PWD}, {@code REDISCLI_AUTH}) or to
 * the server as configuration on standard input.
 */
public final class DatabaseRuntime {
    private DatabaseRuntime() {
    }

    /**
     * The container's command, or null for the image's own. The official redis image has no
     * password setting, and {@code --requirepass} would show the password in every process list;
     * so Redis gets its configuration as a here-document on standard input ({@code redis-server -}),
     * which the shell writes itself from {@code REDIS_PASSWORD}, and its entrypoint takes its place.
     */
    static List<String> command(DatabaseEngine engine) {
        if (engine != DatabaseEngine.REDIS) {
            return null;
        }
        return List.of("sh", "-c", "exec docker-entrypoint.sh redis-server - <<EOF\n"
                + "requirepass $REDIS_PASSWORD\n"
                + "appendonly yes\n"
                + "EOF\n");
    }

    /** The database's own health check, run in its container; exit 0 is healthy. A scratch restore waits on it too. */
    public static List<String> healthCheck(DatabaseEngine engine) {
        return switch (engine) {
            // Over TCP: while the image sets itself up, its server listens on the socket only.
            case POSTGRES -> List.of("sh", "-c", "exec pg_isready -q -h 127.0.0.1 -p 5432 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"");
            case MARIADB -> List.of("sh", "-c", "export MYSQL_PWD=\"$MARIADB_PASSWORD\"; exec mariadb-admin ping --silent -h 127.0.0.1 -P 3306 -u \"$MARIADB_USER\"");
            case REDIS -> List.of("sh", "-c", "export REDISCLI_AUTH=\"$REDIS_PASSWORD\"; [ \"$(redis-cli -h 127.0.0.1 -p 6379 ping)\" = PONG ]");
        };
    }

    /**
     * The check Swarm runs in a database's replica on a cluster, again and again while it runs (on one node the check
     * gates a release only): {@link #healthCheck}, with the replica's secret files read into variables first, except
     * that Redis also counts as healthy when it asks for a password it was not given. After a password change
     * ({@code CONFIG SET requirepass}) the replica's secret still holds the old one until the next release; a check that
     * failed then would have Swarm restart Redis, which would bring the old password back. PostgreSQL's check needs no
     * password, and {@code mariadb-admin ping} answers 0 when the server refuses the password.
     */
    public static List<String> clusterHealthCheck(DatabaseEngine engine) {
        if (engine == DatabaseEngine.REDIS) {
            return withSecretFiles(List.of("sh", "-c", "export REDISCLI_AUTH=\"$REDIS_PASSWORD\";"
                    + " case \"$(redis-cli -h 127.0.0.1 -p 6379 ping 2>&1)\" in PONG|*NOAUTH*|*WRONGPASS*) exit 0 ;; esac; exit 1"));
        }
        return withSecretFiles(healthCheck(engine));
    }

    /**
     * The database's own client for a person at a terminal ({@code psql}, {@code mariadb}, {@code redis-cli}), run in
     * its container on its database: Open console in the app, {@code homeport shell DB --client}. As a password change
     * does ({@link DatabasePasswords#command}), it signs in by what a change leaves valid: PostgreSQL's local socket,
     * which the official image trusts (as the service's user); MariaDB's root password (as root), which no change
     * touches. Redis has only its one password, from the container's environment: after a change, it is the new one
     * from the next deploy on. A password goes to the client through the variable it reads, never its command line;
     * on a cluster it is read from the replica's secret files first.
     */
    public static List<String> console(DatabaseEngine engine) {
        return withSecretFiles(switch (engine) {
            case POSTGRES -> List.of("sh", "-c", "exec psql -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"");
            case MARIADB -> List.of("sh", "-c", "export MYSQL_PWD=\"$MARIADB_ROOT_PASSWORD\"; exec mariadb -u root \"$MARIADB_DATABASE\"");
            case REDIS -> List.of("sh", "-c", "export REDISCLI_AUTH=\"$REDIS_PASSWORD\"; exec redis-cli -h 127.0.0.1 -p 6379");
        });
    }

    /**
     * Turns the files Swarm put in {@code /run/secrets} into the variables their names say, in the shell that runs
     * what follows. On a cluster a database's passwords are Swarm secrets: its server gets them as variables (the
     * replica's first step exports them before the image's entrypoint runs), but a command run in the container
     * later (its health check, a password change, a backup) starts from the container's own environment, which has
     * only the plain variables. On one node there is no {@code /run/secrets}, and this does nothing. The names are
     * Homeport's checked variable names; values are never parsed by the shell.
     */
    public static final String SECRET_FILES_TO_ENVIRONMENT = "for f in /run/secrets/*; do [ -f \"$f\" ] || continue;"
            + " export \"${f##*/}=$(cat \"$f\")\"; done\n";

    /**
     * The name ({@code $0}) of the shell a Swarm replica with secret variables runs first, which reads {@code /run/secrets}
     * into variables and then runs the image's own entrypoint and arguments (the replica container's command). A scratch
     * restore beside the replica knows it by this name.
     */
    public static final String SECRETS_SHELL = "homeport-secrets";

    /** {@code command} ({@code sh -c SCRIPT …}) with {@link #SECRET_FILES_TO_ENVIRONMENT} first; another command as it is. */
    public static List<String> withSecretFiles(List<String> command) {
        if (command.size() < 3 || !command.get(0).equals("sh") || !command.get(1).equals("-c")) {
            return command;
        }
        List<String> wrapped = new java.util.ArrayList<>(command);
        wrapped.set(2, SECRET_FILES_TO_ENVIRONMENT + command.get(2));
        return List.copyOf(wrapped);
    }

    /** The check in words, for the deploy log. */
    static String describeCheck(DatabaseEngine engine) {
        return switch (engine) {
            case POSTGRES -> "pg_isready";
            case MARIADB -> "mariadb-admin ping";
            case REDIS -> "redis-cli ping (PONG, with the password)";
        };
    }
}
