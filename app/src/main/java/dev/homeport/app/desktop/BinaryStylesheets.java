package dev.homeport.app.desktop;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javafx.css.Stylesheet;

/**
 * Build step, run by Maven after compiling (app/pom.xml): writes a binary {@code .bss} beside
 * every {@code .css} in the given classes folder. JavaFX loads {@code name.bss} in place of
 * {@code name.css} when both are there, which spares the CSS parser at start-up (about 70 ms
 * of the first frame, docs/startup.md). The {@code .css} files stay the source; a stale
 * {@code .bss} can only come from skipping the build.
 */
public final class BinaryStylesheets {
    private BinaryStylesheets() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("Usage: BinaryStylesheets <classes folder>");
        }
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
            sources = files.filter(f -> f.toString().endsWith(".css")).toList();
        }
        for (Path css : sources) {
            Path bss = css.resolveSibling(css.getFileName().toString().replaceFirst("\\.css$", ".bss"));
            try {
                Stylesheet.convertToBinary(css.toFile(), new File(bss.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not convert " + css + " to " + bss, e);
            }
        }
    }
}
