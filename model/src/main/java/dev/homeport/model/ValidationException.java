package dev.homeport.model;

/**
 * Input that breaks a rule. The message always names the field and the rule,
 * for example {@code port: must be 1–65535, got 70000}.
 */
public final class ValidationException extends IllegalArgumentException {
    private final String field;
    private final String rule;

    public ValidationException(String field, String rule) {
        super(field + ": " + rule);
        this.field = field;
        this.rule = rule;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }

    /** The same error, reported under a longer path such as {@code applications/shop/port}. */
    public ValidationException under(String prefix) {
        return new ValidationException(prefix + "/" + field, rule);
    }
}
