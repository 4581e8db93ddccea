package dev.homeport.ssh.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.DatabaseEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scripts a restore runs in the scratch container: valid POSIX shell for each engine, and only for its own backups' format. */
class RestoreScriptTest {
    @Test
    void eachEnginesScriptIsValidShell() throws Exception {
        for (var engine : List.of(DatabaseEngine.POSTGRES, DatabaseEngine.MARIADB, DatabaseEngine.REDIS)) {
            String format = switch (engine) {
                case POSTGRES -> "pg_dump-custom";
                case MARIADB -> "mariadb-sql-gzip";
                case REDIS -> "redis-rdb-gzip";
            };
            String script = ScratchRestore.restoreScript(engine, format);
            Process check = new ProcessBuilder("sh", "-n", "-c", script).redirectErrorStream(true).start();
            String out = new String(check.getInputStream().readAllBytes());
            assertThat(check.waitFor()).as(engine + ": " + out + "\n" + script).isZero();
            assertThat(script).contains("age -d -i - \"$1\"");
        }
        // Redis: the file becomes dump.rdb in the volume ($2), redis-server loads it with no port, then writes its append-only files.
        assertThat(ScratchRestore.restoreScript(DatabaseEngine.REDIS, "redis-rdb-gzip")).contains("> dump.rdb").contains("--port 0")
                .contains("config set appendonly yes").doesNotContain("\r");
    }

    @Test
    void aBackupOfAnotherFormatIsRefused() {
        assertThatThrownBy(() -> ScratchRestore.restoreScript(DatabaseEngine.REDIS, "pg_dump-custom"))
                .isInstanceOf(RestoreException.class).hasMessageContaining("redis-rdb-gzip");
    }

    @Test
    void theVaultsPasswordsTakeThePlaceOfTheLiveEnvironmentsAndAReplicasMissingOnesAreAdded() {
        // One node: the container's own (maybe older) password is replaced by the vault's, in place; the rest kept as it is.
        assertThat(ScratchRestore.environment(new String[] {"POSTGRES_USER=app", "POSTGRES_PASSWORD=old", "PATH=/bin", "ODD"},
                List.of("POSTGRES_PASSWORD=new=ish")))
                .containsExactly("POSTGRES_USER=app", "POSTGRES_PASSWORD=new=ish", "PATH=/bin", "ODD");
        // A Swarm replica has no password variable at all (it reads a secret file): it is added.
        assertThat(ScratchRestore.environment(new String[] {"MARIADB_USER=app"}, List.of("MARIADB_PASSWORD=a", "MARIADB_ROOT_PASSWORD=b")))
                .containsExactly("MARIADB_USER=app", "MARIADB_PASSWORD=a", "MARIADB_ROOT_PASSWORD=b");
        assertThat(ScratchRestore.environment(null, List.of())).isEmpty();
    }
}
