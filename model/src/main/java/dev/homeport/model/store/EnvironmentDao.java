package dev.homeport.model.store;

import dev.homeport.model.Environment;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(EnvironmentMapper.class)
public interface EnvironmentDao {
    String COLUMNS = "id, application_id, name";

    @SqlQuery("SELECT " + COLUMNS + " FROM environment ORDER BY name")
    List<Environment> listAll();

    @SqlQuery("SELECT " + COLUMNS + " FROM environment WHERE application_id = :applicationId ORDER BY name")
    List<Environment> list(@Bind("applicationId") long applicationId);

    @SqlQuery("SELECT " + COLUMNS + " FROM environment WHERE id = :id")
    Optional<Environment> find(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM environment WHERE application_id = :applicationId AND name = :name")
    Optional<Environment> findByName(@Bind("applicationId") long applicationId, @Bind("name") String name);

    @SqlUpdate("INSERT INTO environment (application_id, name) VALUES (:applicationId, :name)")
    @GetGeneratedKeys("id")
    long insert(@Bind("applicationId") long applicationId, @Bind("name") String name);

    @SqlUpdate("UPDATE environment SET name = :name WHERE id = :id")
    int rename(@Bind("id") long id, @Bind("name") String name);

    @SqlUpdate("DELETE FROM environment WHERE id = :id")
    int delete(@Bind("id") long id);
}
