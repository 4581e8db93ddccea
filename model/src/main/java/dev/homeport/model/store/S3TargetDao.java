package dev.homeport.model.store;

import dev.homeport.model.S3Target;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(S3TargetMapper.class)
public interface S3TargetDao {
    String COLUMNS = "id, organisation_id, name, endpoint, region, bucket, prefix, access_key_id, secret_key_sealed";

    @SqlQuery("SELECT " + COLUMNS + " FROM s3_target WHERE organisation_id = :organisationId ORDER BY name")
    List<S3Target> list(@Bind("organisationId") long organisationId);

    @SqlQuery("SELECT " + COLUMNS + " FROM s3_target WHERE id = :id")
    Optional<S3Target> find(@Bind("id") long id);

    @SqlUpdate("INSERT INTO s3_target (organisation_id, name, endpoint, region, bucket, prefix, access_key_id, secret_key_sealed)"
            + " VALUES (:organisationId, :name, :endpoint, :region, :bucket, :prefix, :accessKeyId, :secretKey)")
    @GetGeneratedKeys("id")
    long insert(@Bind("organisationId") long organisationId, @Bind("name") String name, @Bind("endpoint") String endpoint,
                @Bind("region") String region, @Bind("bucket") String bucket, @Bind("prefix") String prefix,
                @Bind("accessKeyId") String accessKeyId, @Bind("secretKey") String secretKeySealed);

    @SqlUpdate("DELETE FROM s3_target WHERE id = :id")
    int delete(@Bind("id") long id);
}
