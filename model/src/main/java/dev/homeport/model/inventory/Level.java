package dev.homeport.model.inventory;

/** The levels of the inventory tree, top down. */
public enum Level {
    ORGANISATION("organisation", "organisations"),
    APPLICATION("application", "applications"),
    ENVIRONMENT("environment", "environments"),
    SERVICE("service", "services");

    private final String singular;
    private final String plural;

    Level(String singular, String plural) {
        this.singular = singular;
        this.plural = plural;
    }

    public String singular() {
        return singular;
    }

    public String plural() {
        return plural;
    }

    public String count(int n) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** The level below this one, or null for services. */
    public Level child() {
        return this == SERVICE ? null : values()[ordinal() + 1];
    }

    public Level parent() {
        return this == ORGANISATION ? null : values()[ordinal() - 1];
    }
}
