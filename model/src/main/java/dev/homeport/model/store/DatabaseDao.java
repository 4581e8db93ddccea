package dev.homeport.model.store;

import dev.homeport.model.Database;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The services that are databases (engine, pinned major version, data volume). */
@RegisterRowMapper(DatabaseMapper.class)
public interface DatabaseDao {
    String COLUMNS = "d.service_id, d.engine, d.major_version, d.data_volume, d.public_port";

    @SqlQuery("SELECT " + COLUMNS + " FROM service_database d WHERE d.service_id = :serviceId")
    Optional<Database> find(@Bind("serviceId") long serviceId);

    @SqlQuery("SELECT " + COLUMNS + " FROM service_database d JOIN service s ON s.id = d.service_id"
            + " WHERE s.environment_id = :environmentId ORDER BY s.name")
    List<Database> ofEnvironment(@Bind("environmentId") long environmentId);

    default void insert(Database database) {
        insert(database.serviceId(), database.engine().name(), database.majorVersion(), database.dataVolume(), database.publicPort());
    }

    @SqlUpdate("INSERT INTO service_database (service_id, engine, major_version, data_volume, public_port)"
            + " VALUES (:serviceId, :engine, :major, :volume, :publicPort)")
    void insert(@Bind("serviceId") long serviceId, @Bind("engine") String engine, @Bind("major") String major,
                @Bind("volume") String volume, @Bind("publicPort") Integer publicPort);

    @SqlUpdate("UPDATE service_database SET public_port = :port WHERE service_id = :serviceId")
    int setPublicPort(@Bind("serviceId") long serviceId, @Bind("port") Integer port);

    @SqlUpdate("UPDATE service_database SET data_volume = :volume WHERE service_id = :serviceId")
    int setDataVolume(@Bind("serviceId") long serviceId, @Bind("volume") String volume);

    @SqlUpdate("INSERT INTO database_old_volume (service_id, volume, replaced_at, replaced_by)"
            + " VALUES (:serviceId, :volume, :replacedAt, :replacedBy)")
    void keepOldVolume(@Bind("serviceId") long serviceId, @Bind("volume") String volume,
                       @Bind("replacedAt") java.time.OffsetDateTime replacedAt, @Bind("replacedBy") String replacedBy);

    @SqlQuery("SELECT volume FROM database_old_volume WHERE service_id = :serviceId ORDER BY replaced_at")
    List<String> oldVolumes(@Bind("serviceId") long serviceId);

    @SqlUpdate("DELETE FROM database_old_volume WHERE service_id = :serviceId AND volume = :volume")
    int forgetOldVolume(@Bind("serviceId") long serviceId, @Bind("volume") String volume);
}
