package dev.homeport.model.inventory;

import java.util.List;

/**
 * What deleting an item removes, for the user to confirm before it happens.
 * {@code removes} lists every group of things, with names; {@code keeps} says
 * what is left alone.
 */
public record DeletionPlan(Ref target, String title, List<String> removes, List<String> keeps) {
    public DeletionPlan {
        removes = List.copyOf(removes);
        keeps = List.copyOf(keeps);
    }

    public String describe() {
        StringBuilder text = new StringBuilder("Delete ").append(title).append('?');
        if (!removes.isEmpty()) {
            text.append("\nThis also removes:");
            removes.forEach(line -> text.append("\n  • ").append(line));
        }
        keeps.forEach(line -> text.append('\n').append(line));
        return text.toString();
    }
}
