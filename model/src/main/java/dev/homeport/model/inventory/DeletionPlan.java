package dev.homeport.model.inventory;

import java.util.List;

/**
 * What deleting an item removes, for the user to confirm before it happens.
 * {@code removes} lists every group of things, with names; {@code keeps} says
 * what is left alone.
 */
public record DeletionPlan(Ref target, String title, List<String> removes, List<String> keeps) {
    /** The note that what runs on the nodes stays; a delete that undeploys too leaves it out. */
    public static final String LEFT_RUNNING = "What it runs on nodes (containers, Caddy routes, images, backup schedules) is not removed, and keeps running.";

    public DeletionPlan {
        removes = List.copyOf(removes);
        keeps = List.copyOf(keeps);
    }

    /** True when it has services, whose containers and routes a plain delete leaves on the nodes. */
    public boolean leavesRunning() {
        return keeps.contains(LEFT_RUNNING);
    }

    /** This plan for a delete that undeploys too: without the note that things keep running. */
    public DeletionPlan undeploying() {
        return new DeletionPlan(target, title, removes, keeps.stream().filter(line -> !line.equals(LEFT_RUNNING)).toList());
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
