package dev.homeport.model;

/**
 * The percentages at which Homeport's alarms on a node turn WARNING and CRITICAL (see Homeport's alarm file on each node).
 * CPU is the node's average over 10 minutes; a container's memory is its use against its own limit.
 */
public record AlarmThresholds(Level disk, Level inodes, Level memory, Level cpu, Level containerMemory) {
    /** One alarm's two thresholds, in percent: warning below or at critical, both 1–100. */
    public record Level(int warning, int critical) {
        public Level {
            if (warning < 1 || warning > 100) {
                throw new ValidationException("warning", "must be 1–100 %, got " + warning);
            }
            if (critical < 1 || critical > 100) {
                throw new ValidationException("critical", "must be 1–100 %, got " + critical);
            }
            if (warning > critical) {
                throw new ValidationException("warning", "must not be above critical (" + critical + " %), got " + warning);
            }
        }
    }

    public AlarmThresholds {
        if (disk == null || inodes == null || memory == null || cpu == null || containerMemory == null) {
            throw new ValidationException("thresholds", "every alarm needs its levels");
        }
    }

    public static AlarmThresholds defaults() {
        return new AlarmThresholds(new Level(85, 95), new Level(85, 95), new Level(90, 98), new Level(90, 98), new Level(90, 98));
    }

    public AlarmThresholds withDisk(Level level) {
        return new AlarmThresholds(level, inodes, memory, cpu, containerMemory);
    }
}
