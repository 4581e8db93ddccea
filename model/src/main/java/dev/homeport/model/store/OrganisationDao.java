package dev.homeport.model.store;

import dev.homeport.model.Organisation;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(OrganisationMapper.class)
public interface OrganisationDao {
    String COLUMNS = "id, name, acme_email, acme_directory";

    @SqlQuery("SELECT " + COLUMNS + " FROM organisation ORDER BY name")
    List<Organisation> list();

    @SqlQuery("SELECT " + COLUMNS + " FROM organisation WHERE id = :id")
    Optional<Organisation> find(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM organisation WHERE name = :name")
    Optional<Organisation> findByName(@Bind("name") String name);

    @SqlUpdate("INSERT INTO organisation (name, acme_email, acme_directory) VALUES (:name, :acmeEmail, :acmeDirectory)")
    @GetGeneratedKeys("id")
    long insert(@Bind("name") String name, @Bind("acmeEmail") String acmeEmail, @Bind("acmeDirectory") String acmeDirectory);

    @SqlUpdate("UPDATE organisation SET name = :name, acme_email = :acmeEmail, acme_directory = :acmeDirectory WHERE id = :id")
    int update(@Bind("id") long id, @Bind("name") String name, @Bind("acmeEmail") String acmeEmail,
               @Bind("acmeDirectory") String acmeDirectory);

    @SqlUpdate("DELETE FROM organisation WHERE id = :id")
    int delete(@Bind("id") long id);
}
