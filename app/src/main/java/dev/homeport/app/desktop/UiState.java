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

/**
 * What the desktop remembers between runs: window bounds, the chosen
 * theme, the place the user was looking at, how often nodes are checked, whether the Logs tabs wrap long lines and the
 * terminal window's tabs, in {@code ui.properties} next to the store. Read and written off the FX thread.
 */
public record UiState(double x, double y, double width, double height, boolean maximized, ThemeChoice theme, String place,
                      int nodeCheckSeconds, boolean logWrap, List<String> terminals) {
    public static final int MIN_NODE_CHECK_SECONDS = 5;
    public static final int MAX_NODE_CHECK_SECONDS = 3600;
    public static final UiState DEFAULT = new UiState(Double.NaN, Double.NaN, 1200, 780, false, ThemeChoice.SYSTEM, "", 30, false,
            List.of());

    /** {@code terminals}: the terminal window's tabs open at the last close, each as the terminal window names it. */
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
                    p.getProperty("place", ""), nodeCheckSeconds(p), Boolean.parseBoolean(p.getProperty("logs.wrap")), terminals(p));
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

    private static int nodeCheckSeconds(Properties p) {
        int seconds = (int) number(p, "nodes.check.seconds", DEFAULT.nodeCheckSeconds);
        return Math.clamp(seconds, MIN_NODE_CHECK_SECONDS, MAX_NODE_CHECK_SECONDS);
    }

    private static double number(Properties p, String key, double fallback) {
        String value = p.getProperty(key);
        return value == null ? fallback : Double.parseDouble(value);
    }
}
