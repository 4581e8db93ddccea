package dev.homeport.ssh.health;

import dev.homeport.ssh.netdata.NetdataClient;
import dev.homeport.ssh.netdata.NetdataException;
import dev.homeport.ssh.transport.NodeConnection;
import java.time.Duration;

/** Netdata answers /api/v1/info on the node's 127.0.0.1:19999, read through an SSH forward. */
public final class NetdataCheck implements HealthCheck {
    public static final String NAME = "netdata";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(NodeConnection connection, Duration timeout) {
        try (NetdataClient netdata = NetdataClient.of(connection, timeout)) {
            return CheckResult.ok(NAME, "Netdata " + netdata.info().version() + ".");
        } catch (NetdataException e) {
            return CheckResult.failed(NAME, e.getMessage());
        }
    }
}
