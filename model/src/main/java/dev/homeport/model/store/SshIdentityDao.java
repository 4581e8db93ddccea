package dev.homeport.model.store;

import dev.homeport.model.SshIdentity;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(SshIdentityMapper.class)
public interface SshIdentityDao {
    String COLUMNS = "id, name, public_key, private_key_sealed";

    @SqlQuery("SELECT " + COLUMNS + " FROM ssh_identity ORDER BY name")
    List<SshIdentity> list();

    @SqlQuery("SELECT " + COLUMNS + " FROM ssh_identity WHERE id = :id")
    Optional<SshIdentity> find(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM ssh_identity WHERE name = :name")
    Optional<SshIdentity> findByName(@Bind("name") String name);

    @SqlUpdate("INSERT INTO ssh_identity (name, public_key, private_key_sealed) VALUES (:name, :publicKey, :privateKey)")
    @GetGeneratedKeys("id")
    long insert(@Bind("name") String name, @Bind("publicKey") String publicKey, @Bind("privateKey") String privateKeySealed);

    @SqlUpdate("DELETE FROM ssh_identity WHERE id = :id")
    int delete(@Bind("id") long id);
}
