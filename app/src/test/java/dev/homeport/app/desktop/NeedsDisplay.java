package dev.homeport.app.desktop;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * UI tests need an X display (the rig's Xvfb under scripts/test). Without one
 * they are skipped on a developer's machine, and fail under CI.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsDisplay.Condition.class)
public @interface NeedsDisplay {
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String display = System.getenv("DISPLAY");
            if (display != null && !display.isBlank()) {
                return ConditionEvaluationResult.enabled("display " + display);
            }
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("No DISPLAY for the UI tests. Under CI they must run: scripts/test starts the rig's Xvfb and sets DISPLAY.");
            }
            return ConditionEvaluationResult.disabled("no DISPLAY; run the tests through scripts/test");
        }
    }
}
