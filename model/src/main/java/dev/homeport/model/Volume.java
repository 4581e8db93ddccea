package dev.homeport.model;

/**
 * Storage mounted into a service's container: a named Docker volume (kept across
 * releases) or a folder of the node, written {@code SOURCE:TARGET[:ro]} as with
 * {@code docker run -v}.
 */
public record Volume(String source, String target, boolean readOnly) {
    public Volume {
        Check.notBlank("volume", source);
        if (source.startsWith("/")) {
            Check.absolutePath("volume", source);
        } else if (!source.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}")) {
            throw new ValidationException("volume", "must be a volume name (letters, digits, _ . -) or an absolute folder of the node, got '"
                    + Check.printable(source) + "'");
        }
        Check.absolutePath("volume", target);
        if (target.contains(":") || source.contains(":")) {
            throw new ValidationException("volume", "a path cannot contain ':', got '" + Check.printable(source + ":" + target) + "'");
        }
    }

    /** Reads {@code SOURCE:TARGET} or {@code SOURCE:TARGET:ro}. */
    public static Volume parse(String text) {
        Check.notBlank("volume", text);
        String[] parts = text.split(":", -1);
        if (parts.length == 3 && (parts[2].equals("ro") || parts[2].equals("rw"))) {
            return new Volume(parts[0], parts[1], parts[2].equals("ro"));
        }
        if (parts.length == 2) {
            return new Volume(parts[0], parts[1], false);
        }
        throw new ValidationException("volume", "must be SOURCE:TARGET or SOURCE:TARGET:ro, such as data:/var/lib/app, got '"
                + Check.printable(text) + "'");
    }

    public boolean named() {
        return !source.startsWith("/");
    }

    @Override
    public String toString() {
        return source + ":" + target + (readOnly ? ":ro" : "");
    }
}
