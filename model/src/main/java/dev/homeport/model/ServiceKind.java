package dev.homeport.model;

import java.util.Locale;

public enum ServiceKind {
    /** An image reference, pulled on the node. */
    IMAGE,
    /** A git repository that the node clones and builds. */
    GIT,
    /** A folder on the operator's machine, streamed to the node as a build context. */
    FOLDER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ServiceKind parse(String text) {
        for (ServiceKind kind : values()) {
            if (kind.label().equalsIgnoreCase(text)) {
                return kind;
            }
        }
        throw new ValidationException("kind", "must be image, git or folder, got '" + text + "'");
    }
}
