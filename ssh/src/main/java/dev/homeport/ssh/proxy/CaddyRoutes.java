package dev.homeport.ssh.proxy;
public final class CaddyRoutes {
    public CaddyRoutes(CaddyAdmin a) {}
    public void route(ServiceRoute r) {}
    public void remove(long id) {}
    public java.util.Optional<ServiceRoute> current(long id) { return java.util.Optional.empty(); }
}
