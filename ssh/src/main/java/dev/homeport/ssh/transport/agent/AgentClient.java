package dev.homeport.ssh.transport.agent;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentConstants;
import org.apache.sshd.agent.SshAgentKeyConstraint;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.u2f.SecurityKeyPublicKey;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.BufferException;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists and signs with the keys of a running ssh-agent (draft-miller-ssh-agent), over its
 * Unix socket. Safe to call from several threads: each request uses its own connection.
 */
public final class AgentClient implements SshAgent {
    /** Sign-request flags asking the agent for an RSA signature over SHA-256 or SHA-512 instead of SHA-1. */
    static final int SSH_AGENT_RSA_SHA2_256 = 2;
    static final int SSH_AGENT_RSA_SHA2_512 = 4;

    private static final Logger log = LoggerFactory.getLogger(AgentClient.class);

    private final AgentSocket socket;
    private final AtomicBoolean open = new AtomicBoolean(true);
    /** Each key exactly as the agent listed it, so a sign request names it byte for byte as the agent knows it. */
    private final Map<PublicKey, byte[]> listedKeys = new ConcurrentHashMap<>();

    /** A client for the agent listening on {@code socket}, giving it {@code timeout} to answer each request. */
    public AgentClient(Path socket, Duration timeout) {
        this(new AgentSocket(socket, AgentSocket.CONFIGURED, timeout));
    }

    AgentClient(AgentSocket socket) {
        this.socket = Objects.requireNonNull(socket, "socket");
    }

    @Override
    public List<Map.Entry<PublicKey, String>> getIdentities() throws IOException {
        Buffer answer = exchange(message(SshAgentConstants.SSH2_AGENTC_REQUEST_IDENTITIES),
                SshAgentConstants.SSH2_AGENT_IDENTITIES_ANSWER, "list its keys");
        try {
            int count = answer.getInt();
            if (count < 0) {
                throw new BufferException("negative key count " + count);
            }
            List<Map.Entry<PublicKey, String>> identities = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                byte[] blob = answer.getBytes();
                String comment = answer.getString();
                PublicKey key = decode(blob, comment);
                if (key != null) {
                    listedKeys.put(key, blob);
                    identities.add(new SimpleImmutableEntry<>(key, comment));
                }
            }
            log.debug("The ssh-agent at {} offers {} usable keys", socket.describe(), identities.size());
            return identities;
        } catch (BufferException e) {
            throw malformed("key list", e);
        }
    }

    @Override
    public Map.Entry<String, byte[]> sign(SessionContext session, PublicKey key, String algorithm, byte[] data)
            throws IOException {
        Buffer request = message(SshAgentConstants.SSH2_AGENTC_SIGN_REQUEST);
        byte[] listed = listedKeys.get(key);
        if (listed != null) {
            request.putBytes(listed);
        } else {
            request.putPublicKey(key);
        }
        request.putBytes(data);
        request.putInt(signatureFlags(algorithm));
        Buffer answer = exchange(request, SshAgentConstants.SSH2_AGENT_SIGN_RESPONSE,
                "sign with the " + KeyUtils.getKeyType(key) + " key " + KeyUtils.getFingerPrint(key)
                        + (algorithm == null ? "" : " as " + algorithm));
        try {
            Buffer signature = new ByteArrayBuffer(answer.getBytes());
            String signedAs = signature.getString();
            // SSHD expects a security key's signature with its flags and counter still attached.
            byte[] value = key instanceof SecurityKeyPublicKey ? signature.getCompactData() : signature.getBytes();
            return new SimpleImmutableEntry<>(signedAs, value);
        } catch (BufferException e) {
            throw malformed("signature", e);
        }
    }

    /** The flags that make the agent sign with the hash {@code algorithm} names; 0 for non-RSA algorithms. */
    static int signatureFlags(String algorithm) {
        return switch (algorithm == null ? "" : algorithm) {
            case KeyUtils.RSA_SHA256_KEY_TYPE_ALIAS, KeyUtils.RSA_SHA256_CERT_TYPE_ALIAS -> SSH_AGENT_RSA_SHA2_256;
            case KeyUtils.RSA_SHA512_KEY_TYPE_ALIAS, KeyUtils.RSA_SHA512_CERT_TYPE_ALIAS -> SSH_AGENT_RSA_SHA2_512;
            default -> 0;
        };
    }

    @Override
    public void addIdentity(KeyPair key, String comment, SshAgentKeyConstraint... constraints) {
        throw readOnly();
    }

    @Override
    public void removeIdentity(PublicKey key) {
        throw readOnly();
    }

    @Override
    public void removeAllIdentities() {
        throw readOnly();
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    @Override
    public void close() {
        open.set(false);
        listedKeys.clear();
    }

    @Override
    public String toString() {
        return "AgentClient[" + socket.describe() + "]";
    }

    private static Buffer message(byte type) {
        Buffer buffer = new ByteArrayBuffer();
        buffer.putByte(type);
        return buffer;
    }

    private Buffer exchange(Buffer request, byte expectedType, String purpose) throws IOException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
        Buffer answer = new ByteArrayBuffer(socket.exchange(request.getCompactData()));
        int type = answer.getUByte();
        if (type == expectedType) {
            return answer;
        }
        if (type == SshAgentConstants.SSH_AGENT_FAILURE || type == SshAgentConstants.SSH2_AGENT_FAILURE) {
            throw new SshException("The ssh-agent at " + socket.describe() + " refused to " + purpose);
        }
        throw new SshException("The ssh-agent at " + socket.describe() + " answered "
                + SshAgentConstants.getCommandMessageName(type) + " when asked to " + purpose);
    }

    private PublicKey decode(byte[] blob, String comment) {
        try {
            return new ByteArrayBuffer(blob).getRawPublicKey();
        } catch (SshException | RuntimeException e) {
            log.debug("Skipping the ssh-agent key '{}': SSHD cannot use it ({})", comment, e.getClass().getSimpleName());
            return null;
        }
    }

    private SshException malformed(String what, BufferException cause) {
        return new SshException("The ssh-agent at " + socket.describe() + " sent a malformed " + what, cause);
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException(
                "Homeport only lists and signs with ssh-agent keys; add or remove keys with ssh-add");
    }
}
