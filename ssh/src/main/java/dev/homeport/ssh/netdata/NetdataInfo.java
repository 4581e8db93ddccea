package dev.homeport.ssh.netdata;

/** What /api/v1/info says about the Netdata agent on a node. */
public record NetdataInfo(String version, String hostname, int cores) {
}
