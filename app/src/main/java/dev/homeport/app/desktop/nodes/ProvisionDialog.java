package dev.homeport.app.desktop.nodes;

import dev.homeport.ssh.provision.ProvisionOptions;
import dev.homeport.ssh.provision.ProvisionOptions.DockerSource;
import java.util.Optional;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Says what provisioning does before it starts, and asks where Docker Engine should come from. */
final class ProvisionDialog {
    private ProvisionDialog() {
    }

    static Optional<ProvisionOptions> ask(Window owner, String node) {
        Dialog<ProvisionOptions> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Provision " + node);
        dialog.setHeaderText("Provision " + node + "?");
        Label what = new Label("Homeport installs what is missing from the distribution's packages: Docker Engine, Caddy "
                + "(its admin API on 127.0.0.1 only) and Netdata (on 127.0.0.1 only); adds your user to the docker group; "
                + "and creates the homeport Docker network. What is already in place is left alone. It needs root or "
                + "passwordless sudo for anything it installs, and it can be run again, or resumed after a dropped connection.");
        what.setWrapText(true);
        ToggleGroup source = new ToggleGroup();
        RadioButton distribution = new RadioButton("Docker Engine from the distribution's packages (docker.io)");
        distribution.setToggleGroup(source);
        distribution.setSelected(true);
        distribution.setUserData(DockerSource.DISTRIBUTION);
        RadioButton script = new RadioButton("Docker Engine from Docker's own script (get.docker.com), run as root");
        script.setToggleGroup(source);
        script.setUserData(DockerSource.GET_DOCKER_COM);
        script.setId("docker-from-script");
        Label note = new Label("Docker's choice matters only when the node has no Docker Engine yet.");
        note.getStyleClass().add("text-muted");
        VBox content = new VBox(10, what, distribution, script, note);
        content.setPrefWidth(520);
        dialog.getDialogPane().setContent(content);
        ButtonType start = new ButtonType("Provision", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, start);
        dialog.setResultConverter(button -> button == start
                ? new ProvisionOptions((DockerSource) source.getSelectedToggle().getUserData()) : null);
        return dialog.showAndWait();
    }
}
