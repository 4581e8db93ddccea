package dev.homeport.model.store;

import dev.homeport.model.Variable;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Variables of one owner: an environment or a service. */
@RegisterRowMapper(VariableMapper.class)
public interface VariableDao {
    String COLUMNS = "id, environment_id, service_id, var_key, plain_value, secret_sealed";

    @SqlQuery("SELECT " + COLUMNS + " FROM variable WHERE environment_id = :environmentId ORDER BY var_key")
    List<Variable> ofEnvironment(@Bind("environmentId") long environmentId);

    @SqlQuery("SELECT " + COLUMNS + " FROM variable WHERE service_id = :serviceId ORDER BY var_key")
    List<Variable> ofService(@Bind("serviceId") long serviceId);

    default List<Variable> of(dev.homeport.model.VariableScope scope, long ownerId) {
        return scope == dev.homeport.model.VariableScope.ENVIRONMENT ? ofEnvironment(ownerId) : ofService(ownerId);
    }

    default long insert(Variable variable) {
        boolean env = variable.scope() == dev.homeport.model.VariableScope.ENVIRONMENT;
        return insert(env ? variable.ownerId() : null, env ? null : variable.ownerId(), variable.key(), variable.plainValue(),
                variable.secretValue() == null ? null : variable.secretValue().text());
    }

    @SqlUpdate("INSERT INTO variable (environment_id, service_id, var_key, plain_value, secret_sealed)"
            + " VALUES (:environmentId, :serviceId, :key, :plainValue, :secretSealed)")
    @GetGeneratedKeys("id")
    long insert(@Bind("environmentId") Long environmentId, @Bind("serviceId") Long serviceId, @Bind("key") String key,
                @Bind("plainValue") String plainValue, @Bind("secretSealed") String secretSealed);

    @SqlUpdate("DELETE FROM variable WHERE id = :id")
    int delete(@Bind("id") long id);
}
