package dev.homeport.model.store;

import dev.homeport.model.NodeIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.vault.Sealed;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class WorkerNodeMapper implements RowMapper<WorkerNode> {
    @Override
    public WorkerNode map(ResultSet rs, StatementContext ctx) throws SQLException {
        NodeIdentity identity = switch (rs.getString("identity_kind")) {
            case "KEY_FILE" -> new NodeIdentity.KeyFile(rs.getString("identity_file"));
            case "STORED_KEY" -> new NodeIdentity.StoredKey(rs.getLong("identity_id"));
            case "AGENT" -> new NodeIdentity.Agent();
            case "SSH_CONFIG" -> new NodeIdentity.SshConfig();
            case "PASSWORD" -> {
                String sealed = rs.getString("password_sealed");
                yield new NodeIdentity.Password(sealed == null ? null : new Sealed(sealed));
            }
            default -> throw new SQLException("unknown identity kind " + rs.getString("identity_kind"));
        };
        return new WorkerNode(rs.getLong("id"), rs.getString("name"), rs.getString("host"), rs.getInt("port"),
                rs.getString("ssh_user"), identity, rs.getString("host_key"));
    }

    static Map<String, Object> columns(WorkerNode node) {
        Map<String, Object> columns = new HashMap<>();
        columns.put("name", node.name());
        columns.put("host", node.host());
        columns.put("port", node.port());
        columns.put("user", node.user());
        columns.put("hostKey", node.hostKey());
        columns.put("identityFile", null);
        columns.put("identityId", null);
        columns.put("passwordSealed", null);
        switch (node.identity()) {
            case NodeIdentity.KeyFile file -> {
                columns.put("identityKind", "KEY_FILE");
                columns.put("identityFile", file.path());
            }
            case NodeIdentity.StoredKey stored -> {
                columns.put("identityKind", "STORED_KEY");
                columns.put("identityId", stored.identityId());
            }
            case NodeIdentity.Agent agent -> columns.put("identityKind", "AGENT");
            case NodeIdentity.SshConfig config -> columns.put("identityKind", "SSH_CONFIG");
            case NodeIdentity.Password password -> {
                columns.put("identityKind", "PASSWORD");
                columns.put("passwordSealed", password.stored() == null ? null : password.stored().text());
            }
        }
        return columns;
    }
}
