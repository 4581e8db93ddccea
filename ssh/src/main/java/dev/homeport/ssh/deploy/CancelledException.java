package dev.homeport.ssh.deploy;

/** The operator cancelled the deployment. */
final class CancelledException extends DeployException {
    CancelledException() {
        super("Cancelled by the operator; the previous release keeps serving.");
    }
}
