package dev.homeport.ssh.rig;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the {@link Rig}. Without a rig, a developer's run skips these
 * tests with a hint; under CI ({@code CI=true}) they run and fail instead,
 * because a green CI must mean the tests against real servers ran.
 */
public final class RigExtension implements ExecutionCondition, ParameterResolver {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Rig.load() != null || underCi()) {
            return ConditionEvaluationResult.enabled("the rig is up, or this is CI");
        }
        return ConditionEvaluationResult.disabled(missing());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Rig.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Rig rig = Rig.load();
        if (rig == null) {
            throw new ParameterResolutionException(missing() + ". Under CI the rig tests must run, never skip.");
        }
        return rig;
    }

    private static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static String missing() {
        return "The test rig is not up (no " + Rig.directory().resolve("rig.properties") + "); run scripts/rig up";
    }
}
