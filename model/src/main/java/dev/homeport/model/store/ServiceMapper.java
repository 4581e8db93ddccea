package dev.homeport.model.store;

import dev.homeport.model.DeployOptions;
import dev.homeport.model.HealthGate;
import dev.homeport.model.RestartPolicy;
import dev.homeport.model.Service;
import dev.homeport.model.Volume;
import dev.homeport.model.vault.Sealed;
import dev.homeport.model.ServiceKind;
import dev.homeport.model.ServiceSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class ServiceMapper implements RowMapper<Service> {
    @Override
    public Service map(ResultSet rs, StatementContext ctx) throws SQLException {
        ServiceSource source = switch (ServiceKind.valueOf(rs.getString("kind"))) {
            case IMAGE -> new ServiceSource.Image(rs.getString("image"), rs.getObject("registry_credential_id", Long.class));
            case GIT -> new ServiceSource.Git(rs.getString("git_url"), rs.getString("git_ref"),
                    rs.getString("dockerfile"), rs.getString("build_context"), rs.getObject("git_deploy_key_id", Long.class),
                    rs.getString("git_token_sealed") == null ? null : new Sealed(rs.getString("git_token_sealed")));
            case FOLDER -> new ServiceSource.Folder(rs.getString("folder_path"), rs.getString("dockerfile"));
        };
        return new Service(rs.getLong("id"), rs.getLong("environment_id"), rs.getString("name"), source,
                rs.getObject("port", Integer.class), rs.getString("health_check_path"),
                rs.getObject("cpu_limit", Double.class), rs.getObject("memory_limit_mb", Integer.class), options(rs));
    }

    private static DeployOptions options(ResultSet rs) throws SQLException {
        String gate = rs.getString("health_gate");
        String volumes = rs.getString("volumes");
        return new DeployOptions(gate == null ? null : HealthGate.valueOf(gate), rs.getInt("health_timeout_s"),
                RestartPolicy.valueOf(rs.getString("restart_policy")),
                volumes == null || volumes.isEmpty() ? List.of() : volumes.lines().map(Volume::parse).toList(),
                rs.getInt("keep_releases"), rs.getInt("drain_s"), rs.getInt("replicas"),
                rs.getString("pinned_node"));
    }

    /** Flattens a Service into its columns; the source fills the columns of its kind, the others stay null. */
    static java.util.Map<String, Object> columns(Service service) {
        var columns = new java.util.HashMap<String, Object>();
        columns.put("environmentId", service.environmentId());
        columns.put("name", service.name());
        columns.put("kind", service.kind().name());
        for (String column : List.of("image", "registryCredentialId", "gitUrl", "gitRef", "dockerfile", "context", "folderPath",
                "gitDeployKeyId", "gitToken")) {
            columns.put(column, null);
        }
        switch (service.source()) {
            case ServiceSource.Image image -> {
                columns.put("image", image.image());
                columns.put("registryCredentialId", image.registryCredentialId());
            }
            case ServiceSource.Git git -> {
                columns.put("gitUrl", git.url());
                columns.put("gitRef", git.ref());
                columns.put("dockerfile", git.dockerfile());
                columns.put("context", git.context());
                columns.put("gitDeployKeyId", git.deployKeyId());
                columns.put("gitToken", git.token() == null ? null : git.token().text());
            }
            case ServiceSource.Folder folder -> {
                columns.put("folderPath", folder.path());
                columns.put("dockerfile", folder.dockerfile());
            }
        }
        columns.put("port", service.port());
        columns.put("healthCheckPath", service.healthCheckPath());
        columns.put("cpuLimit", service.cpuLimit());
        columns.put("memoryLimitMb", service.memoryLimitMb());
        DeployOptions options = service.options();
        columns.put("healthGate", options.healthGate() == null ? null : options.healthGate().name());
        columns.put("healthTimeout", options.healthTimeoutSeconds());
        columns.put("restartPolicy", options.restart().name());
        columns.put("volumes", options.volumes().isEmpty() ? null
                : String.join("\n", options.volumes().stream().map(Volume::toString).toList()));
        columns.put("keepReleases", options.keepReleases());
        columns.put("drain", options.drainSeconds());
        columns.put("replicas", options.replicas());
        columns.put("pinnedNode", options.pinnedNode());
        return columns;
    }
}
