package dev.homeport.app.desktop.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.ssh.alerts.NodeAlerts.NodeAlarms;
import dev.homeport.ssh.netdata.Alarm;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the app tells of, between two reads of the nodes' alarms. */
class AlarmWatchTest {
    private static Alarm alarm(String node, String name, String status, boolean muted) {
        return new Alarm(node, "disk_space._." + name, name, "disk_space._", "/", status, "93%", Instant.EPOCH, "disk space used on /", muted);
    }

    @Test
    void newlyRaisedAndNewlyCriticalAreToldMutedAndUnreadNodesAreNot() {
        List<NodeAlarms> first = List.of(new NodeAlarms("web-1", List.of(alarm("web-1", "homeport_disk_space", "WARNING", false)), null),
                new NodeAlarms("web-2", List.of(alarm("web-2", "homeport_memory", "WARNING", false)), null));
        Set<String> seen = AlarmWatch.keys(first, null);

        List<NodeAlarms> second = List.of(
                new NodeAlarms("web-1", List.of(alarm("web-1", "homeport_disk_space", "CRITICAL", false),
                        alarm("web-1", "homeport_cpu", "WARNING", true)), null),
                new NodeAlarms("web-2", List.of(), "Netdata on web-2 does not answer"));
        assertThat(AlarmWatch.fresh(seen, second)).extracting(Alarm::name, Alarm::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("homeport_disk_space", "CRITICAL"));
        Set<String> after = AlarmWatch.keys(second, seen);

        // web-2 answers again with what it had: nothing is told again.
        List<NodeAlarms> third = List.of(new NodeAlarms("web-1", second.getFirst().raised(), null), first.get(1));
        assertThat(AlarmWatch.fresh(after, third)).isEmpty();
    }
}
