package dev.homeport.bench;

import atlantafx.base.theme.PrimerLight;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The startup baseline: a bare JavaFX window with an AtlantaFX theme, the size of
 * Homeport's window. It reports its first frame the way Homeport does (see DesktopApp):
 * {@code -Dhomeport.startup.report=FILE} appends {@code first-frame <epoch µs>}, and
 * {@code -Dhomeport.startup.exit=true} closes it right after.
 */
public final class BareWindow extends Application {
    @Override
    public void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Label label = new Label("Hello");
        StackPane root = new StackPane(label);
        root.setAlignment(Pos.CENTER);
        Scene scene = new Scene(root, 1200, 780);
        stage.setScene(scene);
        stage.setTitle("Bare window");
        stage.show();
        scene.addPostLayoutPulseListener(new Runnable() {
            @Override
            public void run() {
                scene.removePostLayoutPulseListener(this);
                Platform.runLater(() -> {
                    report("first-frame");
                    if (Boolean.getBoolean("homeport.startup.exit")) {
                        Platform.exit();
                    }
                });
            }
        });
        Platform.requestNextPulse();
    }

    private static void report(String event) {
        String file = System.getProperty("homeport.startup.report");
        if (file == null) {
            return;
        }
        try {
            Files.writeString(Path.of(file), event + " " + ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        launch(BareWindow.class, args);
    }
}
