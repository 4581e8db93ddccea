package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.homeport.model.CrashLoopPolicy;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.Deployment;
import dev.homeport.model.ReleaseMark;
import dev.homeport.model.ReleaseMoment;
import dev.homeport.model.RestartPolicy;
import dev.homeport.model.Service;
import dev.homeport.model.inventory.WatchSettings;
import dev.homeport.model.ServiceSource;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A release's container crashing after the release went LIVE, on the rig's node, seen through Docker's events:
 * a crash loop is recorded in the release ("LIVE, then crashed 3 times in N s"), a container that stops unasked
 * is reported down, and what Homeport asked for (a restart) is neither.
 */
class CrashWatchTest extends RigDeployTest {
    private final List<CrashWatch.Crash> crashes = new CopyOnWriteArrayList<>();
    private CrashWatch watch;

    private void watch() {
        watch(() -> new CrashLoopPolicy(3, Duration.ofMinutes(2)));
    }

    private void watch(Supplier<CrashLoopPolicy> policy) {
        watch = new CrashWatch(fixture.inventory, fixture.history, fixture.nodeService, fixture.clients, policy, crashes::add);
        watch.watch(fixture.node);
        await().atMost(Duration.ofSeconds(20)).until(() -> watch.listening("rig"));
    }

    @AfterEach
    void stopWatching() {
        if (watch != null) {
            watch.close();
        }
    }

    @Test
    void aCrashLoopAfterLiveIsRecordedInTheRelease() throws Exception {
        Service service = fixture.service(new Service(0, 0, "crashy", new ServiceSource.Image(apps.crashingImage("v1")), TestApps.PORT,
                "/health", null, null, DeployOptions.defaults().withRestart(RestartPolicy.UNLESS_STOPPED)));
        watch();
        Deployment live = fixture.deployLive(service.id());

        // Homeport's own restart sends a kill first: not a crash.
        fixture.deploys.restart(service.id(), Prompts.NONE);
        assertThat(crash(live)).contains("crashing");
        await().atMost(Duration.ofSeconds(60)).until(() -> crashes.stream().anyMatch(c -> c.kind() == CrashWatch.Kind.CRASH_LOOP));
        CrashWatch.Crash loop = crashes.stream().filter(c -> c.kind() == CrashWatch.Kind.CRASH_LOOP).findFirst().orElseThrow();
        assertThat(crashes).as("Docker restarts it each time: never down").noneMatch(c -> c.kind() == CrashWatch.Kind.DOWN);
        assertThat(loop.deploymentId()).isEqualTo(live.id());
        assertThat(loop.serviceId()).isEqualTo(service.id());
        assertThat(loop.path()).isEqualTo("acme/shop/" + fixture.environment.name() + "/crashy");
        assertThat(loop.node()).isEqualTo("rig");
        assertThat(loop.crashes()).as("the restart asked for is not counted").isEqualTo(3);
        assertThat(loop.exitCode()).isEqualTo(3);
        assertThat(loop.note()).matches("LIVE, then crashed 3 times in \\d+ s");

        List<ReleaseMark> marks = fixture.history.marks(live.id());
        assertThat(marks).extracting(ReleaseMark::kind).containsExactly(ReleaseMark.Kind.LIVE, ReleaseMark.Kind.CRASHED);
        assertThat(marks.getLast().note()).isEqualTo(loop.note());
        assertThat(fixture.history.find(live.id()).state()).as("still the live release: the user decides on a rollback")
                .isEqualTo(dev.homeport.model.DeploymentState.LIVE);
        assertThat(fixture.history.log(live.id())).anyMatch(line -> line.startsWith("Crash loop after LIVE: " + loop.note()));
        assertThat(fixture.history.moments(service.id())).extracting(ReleaseMoment::kind)
                .containsExactly(ReleaseMoment.Kind.LIVE, ReleaseMoment.Kind.CRASHED);
        ReplicaState state = fixture.deploys.containers(service.id(), Prompts.NONE).getFirst();
        assertThat(state.restarts()).isGreaterThanOrEqualTo(3);
        assertThat(state.exitCode()).isEqualTo(3);

        // Reported once per release, however long it loops.
        Thread.sleep(3000);
        assertThat(crashes).filteredOn(c -> c.kind() == CrashWatch.Kind.CRASH_LOOP).hasSize(1);
    }

    @Test
    void aPolicySavedWhileWatchingAppliesFromTheNextCrash() throws Exception {
        Service service = fixture.service(new Service(0, 0, "touchy", new ServiceSource.Image(apps.crashingImage("v1")), TestApps.PORT,
                "/health", null, null, DeployOptions.defaults().withRestart(RestartPolicy.UNLESS_STOPPED)));
        WatchSettings settings = new WatchSettings(fixture.store);
        watch(settings::crashLoop);
        Deployment live = fixture.deployLive(service.id());
        // Saved after the watch started, as Settings → Alerts does while the app runs.
        settings.setCrashLoop(new CrashLoopPolicy(2, 30));
        assertThat(crash(live)).contains("crashing");
        await().atMost(Duration.ofSeconds(60)).until(() -> crashes.stream().anyMatch(c -> c.kind() == CrashWatch.Kind.CRASH_LOOP));
        CrashWatch.Crash loop = crashes.stream().filter(c -> c.kind() == CrashWatch.Kind.CRASH_LOOP).findFirst().orElseThrow();
        assertThat(loop.crashes()).as("two crashes make a loop under the saved policy, not three").isEqualTo(2);
        assertThat(loop.note()).matches("LIVE, then crashed twice in \\d+ s");
        assertThat(loop.span()).isLessThanOrEqualTo(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.history.marks(live.id()).size() == 2);
        List<ReleaseMark> marks = fixture.history.marks(live.id());
        assertThat(marks).extracting(ReleaseMark::kind).containsExactly(ReleaseMark.Kind.LIVE, ReleaseMark.Kind.CRASHED);
        assertThat(marks.getLast().note()).isEqualTo(loop.note());
    }

    @Test
    void aContainerThatStopsUnaskedIsReportedDownAndAStopIsNot() throws Exception {
        Service service = fixture.service(new Service(0, 0, "fragile", new ServiceSource.Image(apps.crashingImage("v1")), TestApps.PORT,
                "/health", null, null, DeployOptions.defaults().withRestart(RestartPolicy.NO)));
        watch();
        Deployment live = fixture.deployLive(service.id());
        fixture.deploys.stop(service.id(), Prompts.NONE);
        fixture.deploys.start(service.id(), Prompts.NONE);
        crash(live);
        await().atMost(Duration.ofSeconds(30)).until(() -> !crashes.isEmpty());
        Thread.sleep(1000);
        assertThat(crashes).hasSize(1);
        CrashWatch.Crash down = crashes.getFirst();
        assertThat(down.kind()).isEqualTo(CrashWatch.Kind.DOWN);
        assertThat(down.deploymentId()).isEqualTo(live.id());
        assertThat(down.exitCode()).isEqualTo(3);
        assertThat(down.note()).isEqualTo("LIVE, then stopped without being asked (exit 3)");
        assertThat(fixture.history.log(live.id())).anyMatch(line -> line.contains("stopped without being asked, exit 3"));
    }

    /** Asks the release's container to crash, through its loopback port on the rig; returns the answer. */
    private String crash(Deployment live) throws Exception {
        var container = fixture.container(live.serviceId(), live.id()).orElseThrow();
        String upstream = container.getLabels().get(Labels.UPSTREAM);
        try (HttpClient http = HttpClient.newHttpClient()) {
            return await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                    URI.create("http://" + upstream + "/cgi-bin/crash")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200).body();
        }
    }
}
