package dev.homeport.ssh.provision;

/** How a probe check came out. Anything but OK comes with a next action. */
public enum CheckStatus {
    OK,
    WARNING,
    FAILED
}
