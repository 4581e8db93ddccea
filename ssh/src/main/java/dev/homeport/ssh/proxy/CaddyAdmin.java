package dev.homeport.ssh.proxy;
public final class CaddyAdmin implements AutoCloseable {
    public static CaddyAdmin over(dev.homeport.ssh.transport.NodeConnection c) { return new CaddyAdmin(); }
    public void close() {}
}
