package dev.homeport.ssh.deploy;

import dev.homeport.model.Check;
import dev.homeport.model.Domain;
import dev.homeport.model.Service;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.ssh.proxy.DnsCheck;
import dev.homeport.ssh.proxy.DomainNames;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A service's domains beyond the inventory: the sslip.io name it can use with no
 * DNS set up, and whether its public names lead to its node. The node's address
 * is the one Homeport reaches it by over SSH.
 */
public final class ServiceDomains {
    private final Inventory inventory;
    private final DeployService deploys;
    private final DnsCheck dns;

    public ServiceDomains(Inventory inventory, DeployService deploys) {
        this.inventory = inventory;
        this.deploys = deploys;
        this.dns = new DnsCheck();
    }

    /** {@code <service>.<node ip>.sslip.io}, for the node the service deploys to. Blocking: it may resolve the node's name. */
    public String defaultDomain(long serviceId) {
        Service service = inventory.service(serviceId);
        return DomainNames.sslipDefault(service.name(), nodeAddresses(deploys.nodeFor(service, null)).getFirst());
    }

    /**
     * One DNS check per domain of the service, against its node's addresses (on a cluster, any node's: each
     * answers every domain). Blocking, up to a few seconds per name.
     */
    public List<DnsCheck.Result> check(long serviceId) {
        Service service = inventory.service(serviceId);
        List<String> node = deploys.nodesFor(service, null).stream().flatMap(n -> nodeAddresses(n).stream()).toList();
        return inventory.domains(serviceId).stream().map(Domain::hostname).map(name -> dns.check(name, node)).toList();
    }

    /** The node's addresses, IPv4 first (sslip.io names read better with them). */
    static List<String> nodeAddresses(WorkerNode node) {
        if (Check.isIpAddress(node.host())) {
            return List.of(node.host().replace("[", "").replace("]", ""));
        }
        try {
            return Arrays.stream(InetAddress.getAllByName(node.host()))
                    .sorted(Comparator.comparing(address -> address instanceof Inet4Address ? 0 : 1))
                    .map(DomainNames::text)
                    .toList();
        } catch (UnknownHostException e) {
            throw new DeployException("The address of node " + node.name() + " (" + node.host() + ") does not resolve here, so its domains cannot be checked.");
        }
    }
}
