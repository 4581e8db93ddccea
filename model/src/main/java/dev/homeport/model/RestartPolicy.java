package dev.homeport.model;

/** Docker's restart policies, by the names Docker gives them. */
public enum RestartPolicy {
    NO("no"), ALWAYS("always"), UNLESS_STOPPED("unless-stopped"), ON_FAILURE("on-failure");

    private final String dockerName;

    RestartPolicy(String dockerName) {
        this.dockerName = dockerName;
    }

    public String dockerName() {
        return dockerName;
    }

    public static RestartPolicy parse(String text) {
        for (RestartPolicy policy : values()) {
            if (policy.dockerName.equalsIgnoreCase(text) || policy.name().equalsIgnoreCase(text)) {
                return policy;
            }
        }
        throw new ValidationException("restart", "must be no, always, unless-stopped or on-failure, got '" + text + "'");
    }
}
