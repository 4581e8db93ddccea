package dev.homeport.model.store;

import dev.homeport.model.SavedTunnel;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(SavedTunnelMapper.class)
public interface SavedTunnelDao {
    String COLUMNS = "id, name, service_id, node_id, remote_port, local_port, with_app";

    @SqlUpdate("INSERT INTO saved_tunnel (name, service_id, node_id, remote_port, local_port, with_app)"
            + " VALUES (:name, :serviceId, :nodeId, :remotePort, :localPort, :withApp)")
    @GetGeneratedKeys("id")
    long insert(@BindMethods SavedTunnel tunnel);

    @SqlUpdate("UPDATE saved_tunnel SET name = :name, service_id = :serviceId, node_id = :nodeId, remote_port = :remotePort,"
            + " local_port = :localPort, with_app = :withApp WHERE id = :id")
    int update(@BindMethods SavedTunnel tunnel);

    @SqlUpdate("DELETE FROM saved_tunnel WHERE id = :id")
    int delete(@Bind("id") long id);

    /** By name. */
    @SqlQuery("SELECT " + COLUMNS + " FROM saved_tunnel ORDER BY name")
    List<SavedTunnel> all();

    @SqlQuery("SELECT " + COLUMNS + " FROM saved_tunnel WHERE id = :id")
    Optional<SavedTunnel> find(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM saved_tunnel WHERE name = :name")
    Optional<SavedTunnel> byName(@Bind("name") String name);

    @SqlQuery("SELECT " + COLUMNS + " FROM saved_tunnel WHERE local_port = :port")
    Optional<SavedTunnel> byLocalPort(@Bind("port") int port);
}
