package dev.homeport.ssh.rig;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * Gives tests the {@link Rig}. Without a rig, a developer's run skips these
 * tests with a hint; under CI ({@code CI=true}) it fails instead, because a
 * green CI must mean the tests against real servers ran.
 */
public final class RigExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Rig.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Rig rig = Rig.load();
        if (rig != null) {
            return rig;
        }
        String message = "The test rig is not up (no " + Rig.directory().resolve("rig.properties") + "); run scripts/rig up";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new ParameterResolutionException(message + ". Under CI the rig tests must run, never skip.");
        }
        throw new TestAbortedException(message);
    }
}
