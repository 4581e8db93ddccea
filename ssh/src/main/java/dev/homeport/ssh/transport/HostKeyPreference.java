package dev.homeport.ssh.transport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * Orders the host key algorithms a new session asks for the way OpenSSH's
 * client does: ed25519, then ECDSA, then RSA with SHA-2; types already on
 * record for the host come first. Host certificates and SHA-1 RSA, which
 * OpenSSH does not accept by default either, are not offered.
 */
final class HostKeyPreference implements SessionListener {
    private static final List<String> OPENSSH_ORDER = List.of(
            "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256");

    private final HostKeys hostKeys;

    HostKeyPreference(HostKeys hostKeys) {
        this.hostKeys = hostKeys;
    }

    @Override
    public void sessionCreated(Session session) {
        if (!(session instanceof ClientSession client) || client.getConnectAddress() == null) {
            return;
        }
        SshdSocketAddress address = NodeConnections.intendedAddress(client, client.getConnectAddress());
        List<String> known = algorithms(hostKeys.knownTypes(address.getHostName(), address.getPort()));
        List<NamedFactory<Signature>> offered = new ArrayList<>();
        for (NamedFactory<Signature> factory : session.getSignatureFactories()) {
            if (OPENSSH_ORDER.contains(factory.getName())) {
                offered.add(factory);
            }
        }
        offered.sort(Comparator.comparingInt((NamedFactory<Signature> f) -> known.contains(f.getName()) ? known.indexOf(f.getName()) : known.size())
                .thenComparingInt(f -> OPENSSH_ORDER.indexOf(f.getName())));
        session.setSignatureFactories(offered);
    }

    /** An RSA key is asked for with SHA-2 signatures; other types are their own algorithm. */
    private static List<String> algorithms(List<String> keyTypes) {
        List<String> algorithms = new ArrayList<>();
        for (String type : keyTypes) {
            if (type.equals("ssh-rsa")) {
                algorithms.add("rsa-sha2-512");
                algorithms.add("rsa-sha2-256");
            } else {
                algorithms.add(type);
            }
        }
        return algorithms;
    }
}
