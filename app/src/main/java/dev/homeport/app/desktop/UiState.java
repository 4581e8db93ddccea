package dev.homeport.app.desktop;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javafx.geometry.Rectangle2D;

/**
 * What the desktop remembers between runs: window bounds, the chosen
 * theme, the place the user was looking at, how often nodes are checked, whether the Logs tabs wrap long lines, and the
 * terminal window's tabs and bounds, in {@code ui.properties} next to the store. Read and written off the FX thread.
 */
public record UiState(double x, double y, double width, double height, boolean maximized, ThemeChoice theme, String place,
                      int nodeCheckSeconds, boolean logWrap, List<String> terminals, Rectangle2D terminalBounds) {
    public static final int MIN_NODE_CHECK_SECONDS = 5;
    public static final int MAX_NODE_CHECK_SECONDS = 3600;
    public static final UiState DEFAULT = new UiState(Double.NaN, Double.NaN, 1200, 780, false, ThemeChoice.SYSTEM, "", 30, false,
            List.of(), null);

    /**
     * {@code terminals}: the terminal window's tabs open at the last close, each as the terminal window names it;
     * {@code terminalBounds}: where the terminal window was and its size when last closed, null when it never was.
     */
    public UiState {
        terminals = List.copyOf(terminals);
    }

    public static UiState load(Path file) {
        if (!Files.isReadable(file)) {
            return DEFAULT;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
            return new UiState(number(p, "window.x", Double.NaN), number(p, "window.y", Double.NaN),
                    Math.max(640, number(p, "window.width", DEFAULT.width)), Math.max(420, number(p, "window.height", DEFAULT.height)),
                    Boolean.parseBoolean(p.getProperty("window.maximized")), ThemeChoice.parse(p.getProperty("theme")),
                    p.getProperty("place", ""), nodeCheckSeconds(p), Boolean.parseBoolean(p.getProperty("logs.wrap")), terminals(p),
                    terminalBounds(p));
        } catch (IOException | IllegalArgumentException e) {
            return DEFAULT;
        }
    }

    public void save(Path file) throws IOException {
        Properties p = new Properties();
        if (!Double.isNaN(x)) {
            p.setProperty("window.x", Double.toString(x));
            p.setProperty("window.y", Double.toString(y));
        }
        p.setProperty("window.width", Double.toString(width));
        p.setProperty("window.height", Double.toString(height));
        p.setProperty("window.maximized", Boolean.toString(maximized));
        p.setProperty("theme", theme.name());
        p.setProperty("place", place);
        p.setProperty("nodes.check.seconds", Integer.toString(nodeCheckSeconds));
        p.setProperty("logs.wrap", Boolean.toString(logWrap));
        for (int i = 0; i < terminals.size(); i++) {
            p.setProperty("terminal.tab." + i, terminals.get(i));
        }
        if (terminalBounds != null) {
            p.setProperty("terminal.x", Double.toString(terminalBounds.getMinX()));
            p.setProperty("terminal.y", Double.toString(terminalBounds.getMinY()));
            p.setProperty("terminal.width", Double.toString(terminalBounds.getWidth()));
            p.setProperty("terminal.height", Double.toString(terminalBounds.getHeight()));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".new");
        try (Writer out = Files.newBufferedWriter(temp)) {
            p.store(out, "Homeport window and theme");
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> terminals(Properties p) {
        List<String> tabs = new ArrayList<>();
        for (int i = 0; p.getProperty("terminal.tab." + i) != null; i++) {
            tabs.add(p.getProperty("terminal.tab." + i));
        }
        return tabs;
    }

    /** The terminal window's saved bounds; null when any of the four is missing or not a number (the window opens where it would). */
    private static Rectangle2D terminalBounds(Properties p) {
        double[] values = new double[4];
        String[] keys = {"terminal.x", "terminal.y", "terminal.width", "terminal.height"};
        for (int i = 0; i < keys.length; i++) {
            try {
                values[i] = number(p, keys[i], Double.NaN);
            } catch (NumberFormatException e) {
                return null;
            }
            if (!Double.isFinite(values[i])) {
                return null;
            }
        }
        return values[2] > 0 && values[3] > 0 ? new Rectangle2D(values[0], values[1], values[2], values[3]) : null;
    }

    private static int nodeCheckSeconds(Properties p) {
        int seconds = (int) number(p, "nodes.check.seconds", DEFAULT.nodeCheckSeconds);
        return Math.clamp(seconds, MIN_NODE_CHECK_SECONDS, MAX_NODE_CHECK_SECONDS);
    }

    private static double number(Properties p, String key, double fallback) {
        String value = p.getProperty(key);
        return value == null ? fallback : Double.parseDouble(value);
    }
}
