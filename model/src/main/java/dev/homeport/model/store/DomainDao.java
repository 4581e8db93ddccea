package dev.homeport.model.store;

import dev.homeport.model.Domain;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(DomainMapper.class)
public interface DomainDao {
    @SqlQuery("SELECT id, service_id, hostname FROM domain WHERE service_id = :serviceId ORDER BY hostname")
    List<Domain> list(@Bind("serviceId") long serviceId);

    @SqlQuery("SELECT id, service_id, hostname FROM domain WHERE hostname = :hostname")
    Optional<Domain> findByHostname(@Bind("hostname") String hostname);

    @SqlUpdate("INSERT INTO domain (service_id, hostname) VALUES (:serviceId, :hostname)")
    @GetGeneratedKeys("id")
    long insert(@Bind("serviceId") long serviceId, @Bind("hostname") String hostname);

    @SqlUpdate("DELETE FROM domain WHERE id = :id")
    int delete(@Bind("id") long id);
}
