package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.HealthCheck;
import dev.homeport.model.HealthGate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of a cluster release that need no cluster: the health check each replica runs, and log lines. */
class SwarmServiceSpecTest {
    @Test
    void anHttpGateBecomesACheckInsideEachReplicaWithThePathQuoted() {
        HealthCheck check = SwarmServiceSpec.healthCheck(HealthGate.HTTP, 8080, "/health?x='1'", Duration.ofSeconds(30), false);

        assertThat(check.getTest()).hasSize(2).first().isEqualTo("CMD-SHELL");
        assertThat(check.getTest().get(1)).isEqualTo("wget -q -O /dev/null 'http://127.0.0.1:8080/health?x='\\''1'\\''' || curl -fsS -o"
                + " /dev/null 'http://127.0.0.1:8080/health?x='\\''1'\\''' || busybox wget -q -O /dev/null 'http://127.0.0.1:8080/health?x='\\''1'\\'''");
        // Failures count only after the health timeout, as a release's check may take that long to pass.
        assertThat(check.getStartPeriod()).isEqualTo(Duration.ofSeconds(30).toNanos());
    }

    @Test
    void aTcpGateTriesNcThenBash() {
        HealthCheck check = SwarmServiceSpec.healthCheck(HealthGate.TCP, 5432, null, Duration.ofSeconds(60), false);

        assertThat(check.getTest().get(1)).isEqualTo("nc -z 127.0.0.1 5432 || busybox nc -z 127.0.0.1 5432"
                + " || bash -c 'exec 3<>/dev/tcp/127.0.0.1/5432'");
    }

    @Test
    void withTheNodesBusyboxTheCheckNeedsNothingOfTheImageNotEvenAShell() {
        HealthCheck http = SwarmServiceSpec.healthCheck(HealthGate.HTTP, 8080, "/health?x='1'", Duration.ofSeconds(30), true);
        HealthCheck tcp = SwarmServiceSpec.healthCheck(HealthGate.TCP, 5432, null, Duration.ofSeconds(60), true);

        assertThat(http.getTest()).containsExactly("CMD", "/.homeport/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/health?x='1'");
        assertThat(tcp.getTest()).containsExactly("CMD", "/.homeport/busybox", "nc", "-w", "2", "127.0.0.1", "5432");
        assertThat(http.getStartPeriod()).isEqualTo(Duration.ofSeconds(30).toNanos());
        assertThat(SwarmServiceSpec.healthCheck(HealthGate.RUNNING, 8080, "/", Duration.ofSeconds(60), true)).isNull();
    }

    @Test
    void theImagesOwnCheckAndTheRunningGateAddNone() {
        assertThat(SwarmServiceSpec.healthCheck(HealthGate.IMAGE, 8080, "/", Duration.ofSeconds(60), false)).isNull();
        assertThat(SwarmServiceSpec.healthCheck(HealthGate.RUNNING, null, "/", Duration.ofSeconds(60), false)).isNull();
        assertThat(SwarmServiceSpec.healthCheck(HealthGate.HTTP, null, "/", Duration.ofSeconds(60), false)).isNull();
    }

    @Test
    void aDatabasesCheckIsItsOwnAfterTheReplicasSecretFilesAreRead() {
        HealthCheck postgres = SwarmServiceSpec.databaseCheck(dev.homeport.model.DatabaseEngine.POSTGRES, Duration.ofSeconds(60));
        HealthCheck redis = SwarmServiceSpec.databaseCheck(dev.homeport.model.DatabaseEngine.REDIS, Duration.ofSeconds(60));

        assertThat(postgres.getTest()).hasSize(4).startsWith("CMD", "sh", "-c");
        assertThat(postgres.getTest().get(3)).startsWith(DatabaseRuntime.SECRET_FILES_TO_ENVIRONMENT).contains("pg_isready");
        assertThat(postgres.getStartPeriod()).isEqualTo(Duration.ofSeconds(60).toNanos());
        // Redis is healthy when it asks for a password too: after a password change the replica's secret is the old one.
        assertThat(redis.getTest().get(3)).startsWith(DatabaseRuntime.SECRET_FILES_TO_ENVIRONMENT).contains("PONG|*NOAUTH*|*WRONGPASS*");
        // A command that is no shell script is left as it is.
        assertThat(DatabaseRuntime.withSecretFiles(java.util.List.of("redis-cli", "ping"))).containsExactly("redis-cli", "ping");
    }

    @Test
    void aLogLineIsLedByTheReplicaItCameFrom() {
        String line = "2026-12-06T03:00:00.000000000Z com.docker.swarm.node.id=n0d3,com.docker.swarm.service.id=s3rv,"
                + "com.docker.swarm.task.id=t4sk1234567890abcdef GET / 200";

        assertThat(ClusterReleases.withReplica(line, Map.of("t4sk1234567890abcdef", "web.2@n3")))
                .isEqualTo("2026-12-06T03:00:00.000000000Z web.2@n3 GET / 200");
        assertThat(ClusterReleases.withReplica(line, Map.of())).contains(" t4sk12345678 GET / 200");
        assertThat(ClusterReleases.withReplica("2026-12-06T03:00:00Z plain line", Map.of())).isEqualTo("2026-12-06T03:00:00Z plain line");
    }
}
