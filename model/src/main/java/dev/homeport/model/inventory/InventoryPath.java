package dev.homeport.model.inventory;

import dev.homeport.model.ValidationException;
import java.util.List;

/**
 * How users name an item: {@code org}, {@code org/app}, {@code org/app/env} or
 * {@code org/app/env/service}. The depth says the level.
 */
public record InventoryPath(List<String> parts) {
    public InventoryPath {
        parts = List.copyOf(parts);
        if (parts.isEmpty() || parts.size() > Level.values().length) {
            throw new ValidationException("path", "must be org, org/app, org/app/env or org/app/env/service");
        }
    }

    public static InventoryPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ValidationException("path", "is required, such as acme/shop/prod/web");
        }
        String[] parts = text.strip().split("/", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new ValidationException("path", "has an empty part in '" + text + "'");
            }
        }
        return new InventoryPath(List.of(parts));
    }

    public static InventoryPath parse(String text, Level expected) {
        InventoryPath path = parse(text);
        if (path.level() != expected) {
            throw new ValidationException("path", "'" + text + "' names " + article(path.level()) + ", but "
                    + article(expected) + " is needed: " + example(expected));
        }
        return path;
    }

    public Level level() {
        return Level.values()[parts.size() - 1];
    }

    public String name() {
        return parts.getLast();
    }

    public InventoryPath parent() {
        return parts.size() == 1 ? null : new InventoryPath(parts.subList(0, parts.size() - 1));
    }

    public InventoryPath child(String name) {
        var longer = new java.util.ArrayList<>(parts);
        longer.add(name);
        return new InventoryPath(longer);
    }

    @Override
    public String toString() {
        return String.join("/", parts);
    }

    private static String article(Level level) {
        return (level == Level.ORGANISATION || level == Level.APPLICATION || level == Level.ENVIRONMENT ? "an " : "a ") + level.singular();
    }

    private static String example(Level level) {
        return switch (level) {
            case ORGANISATION -> "ORG";
            case APPLICATION -> "ORG/APP";
            case ENVIRONMENT -> "ORG/APP/ENV";
            case SERVICE -> "ORG/APP/ENV/SERVICE";
        };
    }
}
