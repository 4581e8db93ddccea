package dev.homeport.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of one release:
 * {@code QUEUED → PREPARING → STARTING → HEALTH_CHECKING → ROUTING → LIVE}.
 * Any state before LIVE can end in FAILED; a LIVE release becomes SUPERSEDED
 * or ROLLED_BACK. A release still in progress when the app stopped becomes
 * INTERRUPTED (or LIVE, when the node shows it is) at the next start.
 */
public enum DeploymentState {
    QUEUED, PREPARING, STARTING, HEALTH_CHECKING, ROUTING, LIVE,
    FAILED, SUPERSEDED, ROLLED_BACK, INTERRUPTED;

    private static final Set<DeploymentState> IN_PROGRESS = EnumSet.of(QUEUED, PREPARING, STARTING, HEALTH_CHECKING, ROUTING);

    public boolean inProgress() {
        return IN_PROGRESS.contains(this);
    }

    public boolean finished() {
        return !inProgress() && this != LIVE;
    }

    public Set<DeploymentState> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(PREPARING, FAILED, INTERRUPTED);
            case PREPARING -> EnumSet.of(STARTING, FAILED, INTERRUPTED);
            case STARTING -> EnumSet.of(HEALTH_CHECKING, FAILED, INTERRUPTED);
            case HEALTH_CHECKING -> EnumSet.of(ROUTING, FAILED, INTERRUPTED);
            // Only a routed release can be found LIVE when the app starts again.
            case ROUTING -> EnumSet.of(LIVE, FAILED, INTERRUPTED);
            case LIVE -> EnumSet.of(SUPERSEDED, ROLLED_BACK);
            case FAILED, SUPERSEDED, ROLLED_BACK, INTERRUPTED -> EnumSet.noneOf(DeploymentState.class);
        };
    }

    public boolean canMoveTo(DeploymentState target) {
        return next().contains(target);
    }
}
