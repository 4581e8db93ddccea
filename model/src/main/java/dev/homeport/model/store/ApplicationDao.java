package dev.homeport.model.store;

import dev.homeport.model.Application;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(ApplicationMapper.class)
public interface ApplicationDao {
    String COLUMNS = "id, organisation_id, name";

    @SqlQuery("SELECT " + COLUMNS + " FROM application ORDER BY name")
    List<Application> listAll();

    @SqlQuery("SELECT " + COLUMNS + " FROM application WHERE organisation_id = :organisationId ORDER BY name")
    List<Application> list(@Bind("organisationId") long organisationId);

    @SqlQuery("SELECT " + COLUMNS + " FROM application WHERE id = :id")
    Optional<Application> find(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM application WHERE organisation_id = :organisationId AND name = :name")
    Optional<Application> findByName(@Bind("organisationId") long organisationId, @Bind("name") String name);

    @SqlUpdate("INSERT INTO application (organisation_id, name) VALUES (:organisationId, :name)")
    @GetGeneratedKeys("id")
    long insert(@Bind("organisationId") long organisationId, @Bind("name") String name);

    @SqlUpdate("UPDATE application SET name = :name WHERE id = :id")
    int rename(@Bind("id") long id, @Bind("name") String name);

    @SqlUpdate("DELETE FROM application WHERE id = :id")
    int delete(@Bind("id") long id);
}
