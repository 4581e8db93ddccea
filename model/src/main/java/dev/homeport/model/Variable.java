package dev.homeport.model;

import dev.homeport.model.vault.Sealed;

/** A plain variable has a value; a secret one has only its sealed form. */
public record Variable(long id, VariableScope scope, long ownerId, String key, String plainValue, Sealed secretValue) {
    public Variable {
        Check.variableKey("key", key);
        if (scope == null) {
            throw new ValidationException("scope", "is required");
        }
        if ((plainValue == null) == (secretValue == null)) {
            throw new ValidationException(key, "must have either a plain value or a secret value");
        }
        if (plainValue != null) {
            checkValue(key, plainValue);
        }
    }

    public boolean secret() {
        return secretValue != null;
    }

    /** Docker passes values as C strings, so a NUL would silently cut them short. */
    public static String checkValue(String key, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new ValidationException(key, "a value cannot contain a NUL character");
        }
        return value;
    }
}
