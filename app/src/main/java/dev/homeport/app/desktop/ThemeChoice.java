package dev.homeport.app.desktop;

/** The user's theme setting: follow the OS, or a fixed light or dark theme. */
public enum ThemeChoice {
    SYSTEM("Follow the system"), LIGHT("Light"), DARK("Dark");

    private final String label;

    ThemeChoice(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static ThemeChoice parse(String text) {
        for (ThemeChoice choice : values()) {
            if (choice.name().equalsIgnoreCase(text)) {
                return choice;
            }
        }
        return SYSTEM;
    }

    @Override
    public String toString() {
        return label;
    }
}
