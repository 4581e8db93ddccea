package dev.homeport.app.desktop.tunnels;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.Service;
import dev.homeport.model.inventory.Databases;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.tunnel.Tunnel;
import dev.homeport.ssh.tunnel.TunnelTarget;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;

/**
 * "Open tunnel": asks for the port (a service's own by default) and, if wanted, the local port, opens the
 * tunnel in the background, then shows its local address with Copy and Open in browser, and its
 * connections and bytes as they move. Not modal: the operator keeps working while it is open. Closing the
 * dialog closes the tunnel; so does closing Homeport.
 */
public final class TunnelDialog {
    private final MainModel main;
    private final Window owner;
    private final String what;
    private final Integer defaultPort;
    private final Function<Integer, TunnelTarget> resolve;
    /** The service a tunnel leads to, or null for a node's port; a database's tunnel offers its connection URL. */
    private final Long serviceId;
    private final Dialog<Void> dialog = new Dialog<>();
    private final TextField port = new TextField();
    private final TextField local = new TextField();
    private final Label error = Dialogs.errorLabel("tunnel-error");
    private final Button open = Ui.button("Open", Feather.LOG_IN, this::open, Styles.ACCENT);
    private Tunnel tunnel;
    private Timeline ticker;

    private TunnelDialog(MainModel main, Window owner, String what, Integer defaultPort, Function<Integer, TunnelTarget> resolve) {
        this(main, owner, what, defaultPort, resolve, null);
    }

    private TunnelDialog(MainModel main, Window owner, String what, Integer defaultPort, Function<Integer, TunnelTarget> resolve,
                         Long serviceId) {
        this.serviceId = serviceId;
        this.main = main;
        this.owner = owner;
        this.what = what;
        this.defaultPort = defaultPort;
        this.resolve = resolve;
    }

    /** A tunnel to the container port of a service's live release (its own port unless another is typed). */
    public static void forService(MainModel main, Service service, String path, Window owner) {
        new TunnelDialog(main, owner, path, service.port(),
                chosen -> main.homeport().deployService().tunnelTarget(service.id(), chosen, new FxPrompts(owner)), service.id()).show();
    }

    /** A tunnel to a port on the node itself (its 127.0.0.1). */
    public static void forNode(MainModel main, WorkerNode node, Window owner) {
        new TunnelDialog(main, owner, node.name(), null, chosen -> TunnelTarget.nodePort(node, chosen)).show();
    }

    private void show() {
        dialog.initOwner(owner);
        dialog.initModality(Modality.NONE);
        dialog.setTitle("Tunnel to " + what);
        dialog.setHeaderText("Open a tunnel to " + what);
        dialog.getDialogPane().setId("tunnel-dialog");
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        port.setId("tunnel-port");
        port.setPromptText(defaultPort == null ? "the port to reach" : defaultPort.toString());
        if (defaultPort != null) {
            port.setText(defaultPort.toString());
        }
        local.setId("tunnel-local");
        local.setPromptText("any free port");
        open.setId("tunnel-open");
        open.setDefaultButton(true);
        error.setMaxWidth(460);
        error.setManaged(false);
        GridPane form = new GridPane();
        form.setHgap(12);
        form.setVgap(10);
        form.addRow(0, new Label(defaultPort == null ? "Port on the node" : "Container port"), port);
        form.addRow(1, new Label("Local port"), local);
        Label about = Ui.muted("Homeport listens on 127.0.0.1 only: only this computer can use the tunnel.");
        about.setWrapText(true);
        about.setMaxWidth(460);
        dialog.getDialogPane().setContent(new VBox(12, form, about, error, open));
        dialog.setOnHidden(e -> closeTunnel());
        dialog.show();
        port.requestFocus();
    }

    private void open() {
        Integer chosen = number(port.getText(), "Port", defaultPort == null);
        Integer localPort = number(local.getText(), "Local port", false);
        if (chosen == null && defaultPort == null || error.isManaged()) {
            return;
        }
        open.setDisable(true);
        main.tasks().run("Opening a tunnel to " + what, () -> {
                    TunnelTarget target = resolve.apply(chosen);
                    // A database's own port: the dialog offers its URL, with the user and password from the vault.
                    Databases.Credentials credentials = serviceId != null && java.util.Objects.equals(target.port(), main.homeport().inventory().service(serviceId).port())
                            && main.homeport().inventory().databases().find(serviceId).isPresent()
                            ? main.homeport().inventory().databases().credentials(serviceId) : null;
                    return new Opened(main.homeport().tunnels().open(target, localPort, new FxPrompts(owner), Tunnel.Listener.NONE), credentials);
                })
                .onSuccess(result -> opened(result.tunnel(), result.credentials()))
                .onFailure(failure -> {
                    open.setDisable(false);
                    say(Dialogs.userMessage(failure));
                })
                .start();
    }

    /** A port typed in a field: null when empty; a message (and null) when it is not a port. */
    private Integer number(String text, String field, boolean required) {
        say(null);
        String typed = text == null ? "" : text.strip();
        if (typed.isEmpty()) {
            if (required) {
                say(field + ": type the port to reach.");
            }
            return null;
        }
        try {
            int value = Integer.parseInt(typed);
            if (value >= 1 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        say(field + ": a port is a number from 1 to 65535, got '" + typed + "'.");
        return null;
    }

    private void say(String message) {
        error.setText(message == null ? "" : message);
        error.setManaged(message != null);
        error.setVisible(message != null);
    }

    private record Opened(Tunnel tunnel, Databases.Credentials credentials) {
    }

    private void opened(Tunnel opened, Databases.Credentials credentials) {
        if (!dialog.isShowing()) {
            main.tasks().background("homeport-tunnel-close", () -> main.homeport().tunnels().close(opened));
            return;
        }
        tunnel = opened;
        TunnelTarget target = opened.target();
        dialog.setHeaderText("Tunnel to " + target.what());
        // A database's URL carries its password: the screen shows it masked, the clipboard gets it whole.
        Label address = new Label(credentials == null ? opened.localAddress() : credentials.maskedUrl("127.0.0.1", opened.localPort()));
        address.setId("tunnel-address");
        address.getStyleClass().add(credentials == null ? Styles.TITLE_3 : Styles.TEXT_BOLD);
        Button copy = Ui.button(credentials == null ? "Copy" : "Copy URL", Feather.COPY, () -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(credentials != null ? credentials.url("127.0.0.1", opened.localPort())
                    : target.http() ? opened.localUrl("http") : opened.localAddress());
            Clipboard.getSystemClipboard().setContent(content);
        }, Styles.SMALL);
        copy.setId("tunnel-copy");
        Button browser = Ui.button("Open in browser", Feather.EXTERNAL_LINK, () -> main.openInBrowser(opened.localUrl("http")), Styles.SMALL);
        browser.setId("tunnel-browser");
        browser.setVisible(target.http());
        browser.setManaged(target.http());
        Button save = Ui.button("Save this tunnel…", Feather.BOOKMARK, () -> save(opened), Styles.SMALL);
        save.setId("tunnel-save");
        save.setTooltip(new javafx.scene.control.Tooltip("Keep it in Tunnels, on this local port, to start with one click or with the app."));
        HBox line = new HBox(10, address, copy, browser, save);
        line.setAlignment(Pos.CENTER_LEFT);
        Label stats = new Label();
        stats.setId("tunnel-stats");
        Label about = Ui.muted("Only this computer can use it (127.0.0.1). It closes with this dialog, or when Homeport closes.");
        about.setWrapText(true);
        about.setMaxWidth(460);
        Runnable update = () -> stats.setText(describe(opened.stats()));
        update.run();
        ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> update.run()));
        ticker.setCycleCount(Timeline.INDEFINITE);
        ticker.play();
        dialog.getDialogPane().setContent(new VBox(12, line, stats, about));
        dialog.getDialogPane().getScene().getWindow().sizeToScene();
    }

    /**
     * Saves the open tunnel (on its local port) and hands over to the saved one: this dialog's tunnel closes,
     * the saved one starts in Tunnels on the same port, and the dialog closes.
     */
    private void save(Tunnel opened) {
        TunnelTarget target = opened.target();
        String text = defaultPort == null ? what + ":" + target.port()
                : target.port() == defaultPort ? what : what + ":" + target.port();
        String base = what.substring(what.lastIndexOf('/') + 1);
        String name = (defaultPort == null || target.port() != defaultPort ? base + "-" + target.port() : base)
                .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        new SavedTunnelDialog(main, owner, new SavedTunnelDialog.Draft(0, name, text, opened.localPort(), true), saved -> {
            Tunnel handover = tunnel;
            tunnel = null;
            if (ticker != null) {
                ticker.stop();
            }
            main.tasks().run("Starting the saved tunnel " + saved.name(), () -> {
                        if (handover != null) {
                            main.homeport().tunnels().close(handover);
                        }
                        main.homeport().savedTunnels().start(saved, new FxPrompts(owner));
                    })
                    .onSuccess(done -> {
                        dialog.close();
                        main.notices().add(new dev.homeport.app.desktop.Notice("Saved the tunnel " + saved.name(),
                                saved.localAddress() + " now runs from Tunnels, and keeps that port.", false));
                    })
                    .onFailure(failure -> {
                        dialog.close();
                        main.notices().add(new dev.homeport.app.desktop.Notice("Saved the tunnel " + saved.name() + ", but it did not start",
                                Dialogs.userMessage(failure), true));
                    })
                    .start();
        }).show();
    }

    /** {@code Listening · 2 connections in all · 1.2 KiB sent · 14.0 KiB received}. */
    static String describe(Tunnel.Stats stats) {
        String state = switch (stats.state()) {
            case LISTENING -> "Listening";
            case CONNECTED -> stats.open() + (stats.open() == 1 ? " connection open" : " connections open");
            case CLOSED -> "Closed";
        };
        String text = state + " · " + stats.total() + (stats.total() == 1 ? " connection" : " connections") + " in all · "
                + Tunnel.size(stats.sent()) + " sent · " + Tunnel.size(stats.received()) + " received";
        if (stats.failed() > 0) {
            text += " · " + stats.failed() + " failed (" + stats.lastError() + ")";
        }
        return text;
    }

    private void closeTunnel() {
        if (ticker != null) {
            ticker.stop();
        }
        if (tunnel != null) {
            Tunnel closing = tunnel;
            tunnel = null;
            // Closing waits (briefly) until the port is free: not on the FX thread.
            main.tasks().background("homeport-tunnel-close", () -> main.homeport().tunnels().close(closing));
        }
    }
}
