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

    /** The check in words, for the deploy log. */
    static String describeCheck(DatabaseEngine engine) {
        return switch (engine) {
            case POSTGRES -> "pg_isready";
            case MARIADB -> "mariadb-admin ping";
            case REDIS -> "redis-cli ping (PONG, with the password)";
        };
    }
}
