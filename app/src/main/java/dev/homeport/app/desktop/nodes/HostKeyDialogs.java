package dev.homeport.app.desktop.nodes;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.Ui;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.HostKeyInfo;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * The two host-key decisions, always the user's: trusting a key seen for the
 * first time, after checking its fingerprint, and replacing a key that
 * changed, after seeing both fingerprints.
 */
public final class HostKeyDialogs {
    private HostKeyDialogs() {
    }

    /**
     * Shows an unknown key's type and SHA256 fingerprint and asks whether to trust it.
     * {@code pinnedKey} is the key the node's record already pins (for a node imported
     * from another machine), or null.
     */
    public static boolean confirmUnknown(Window owner, HostKeyException unknown, String pinnedKey) {
        HostKeyInfo key = unknown.presented();
        ButtonType trust = new ButtonType("Trust and connect", ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, null, ButtonType.CANCEL, trust);
        alert.initOwner(owner);
        alert.setTitle("Unknown host key");
        alert.setHeaderText("Is this " + NodeMessages.where(unknown) + "?");
        alert.setGraphic(Ui.icon(Feather.SHIELD));

        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(8);
        TextField fingerprint = new TextField(key.fingerprint());
        fingerprint.setEditable(false);
        fingerprint.setId("host-key-fingerprint");
        fingerprint.setPrefColumnCount(44);
        GridPane.setHgrow(fingerprint, Priority.ALWAYS);
        Label type = new Label(key.type());
        type.setId("host-key-type");
        facts.addRow(0, muted("Key type"), type);
        facts.addRow(1, muted("Fingerprint"), fingerprint);

        VBox content = new VBox(12,
                wrapped("Homeport has never connected to " + NodeMessages.where(unknown) + " before, so it cannot tell whether this "
                        + "server is the one you mean or an impostor. The server presented this key:"),
                facts,
                wrapped("Check it before you trust it. On the server, or through your provider's web console, run"),
                command("ssh-keygen -lf " + publicKeyFile(key.type())),
                wrapped("and compare the SHA256 fingerprint it prints. Once trusted, the key is pinned: Homeport refuses to connect "
                        + "if the server ever presents another one."));
        if (pinnedKey != null && sameKey(pinnedKey, key.openSsh())) {
            Label pinned = wrapped("This is the key this node's record already pins (for example from an inventory imported from "
                    + "another machine); this machine has not trusted it yet.");
            pinned.getStyleClass().add(Styles.SUCCESS);
            content.getChildren().add(pinned);
        } else if (pinnedKey != null) {
            Label differs = wrapped("This is NOT the key this node's record pins (" + NodeFacts.fingerprintOrNull(pinnedKey) + ").");
            differs.getStyleClass().add(Styles.DANGER);
            content.getChildren().add(differs);
        }
        content.setPrefWidth(640);
        alert.getDialogPane().setContent(content);
        alert.getDialogPane().setId("host-key-confirmation");
        alert.getDialogPane().setStyle("-fx-max-width: 700px;"); // room for the whole fingerprint (the theme caps dialogs at 600)
        alert.setOnShown(e -> FormRows.resizeWindow(alert.getDialogPane()));
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        ((Button) alert.getDialogPane().lookupButton(trust)).setDefaultButton(false);
        return alert.showAndWait().filter(trust::equals).isPresent();
    }

    /** Shows OpenSSH's warning with both fingerprints, and replaces the key only on an explicit confirmation. */
    static boolean confirmReplace(Window owner, String nodeName, HostKeyException changed) {
        return Dialogs.confirmDanger(owner, "Replace the pinned host key of " + nodeName + "?",
                NodeMessages.changed(changed) + "\n\nIf you reinstalled or rebuilt the server, check the new fingerprint on it with "
                        + "'ssh-keygen -lf " + publicKeyFile(changed.presented().type()) + "' before you replace the key.",
                "Replace pinned key");
    }

    /** Where OpenSSH keeps the server's public host key of this type. */
    static String publicKeyFile(String type) {
        String name = type.equals("ssh-ed25519") ? "ed25519" : type.startsWith("ecdsa") ? "ecdsa" : type.equals("ssh-rsa") ? "rsa" : "*";
        return "/etc/ssh/ssh_host_" + name + "_key.pub";
    }

    static boolean sameKey(String a, String b) {
        String[] x = a.strip().split("\\s+");
        String[] y = b.strip().split("\\s+");
        return x.length >= 2 && y.length >= 2 && x[0].equals(y[0]) && x[1].equals(y[1]);
    }

    private static Label wrapped(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        return label;
    }

    private static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_MUTED);
        label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return label;
    }

    private static TextField command(String text) {
        TextField field = new TextField(text);
        field.setEditable(false);
        return field;
    }
}
