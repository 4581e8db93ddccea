package dev.homeport.ssh.proxy;
public record ServiceRoute(long serviceId, String label, java.util.List<String> hostnames, String upstream, String acmeEmail) {}
