package dev.homeport.model.inventory;

/** Points at one item of the inventory tree. */
public record Ref(Level level, long id) {
}
