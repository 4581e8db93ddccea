package dev.homeport.model.store;

import dev.homeport.model.RegistryCredential;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(RegistryCredentialMapper.class)
public interface RegistryCredentialDao {
    String COLUMNS = "id, organisation_id, registry, username, password_sealed";

    @SqlQuery("SELECT " + COLUMNS + " FROM registry_credential WHERE organisation_id = :organisationId ORDER BY registry")
    List<RegistryCredential> list(@Bind("organisationId") long organisationId);

    @SqlQuery("SELECT " + COLUMNS + " FROM registry_credential WHERE id = :id")
    Optional<RegistryCredential> find(@Bind("id") long id);

    @SqlUpdate("INSERT INTO registry_credential (organisation_id, registry, username, password_sealed)"
            + " VALUES (:organisationId, :registry, :username, :password)")
    @GetGeneratedKeys("id")
    long insert(@Bind("organisationId") long organisationId, @Bind("registry") String registry,
                @Bind("username") String username, @Bind("password") String passwordSealed);

    @SqlUpdate("UPDATE registry_credential SET username = :username, password_sealed = :password WHERE id = :id")
    int update(@Bind("id") long id, @Bind("username") String username, @Bind("password") String passwordSealed);

    @SqlUpdate("DELETE FROM registry_credential WHERE id = :id")
    int delete(@Bind("id") long id);
}
