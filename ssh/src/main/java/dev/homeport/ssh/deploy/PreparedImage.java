package dev.homeport.ssh.deploy;

/** The image a release runs: the reference it came by (a pulled name or our build tag) and its ID on the node. */
record PreparedImage(String reference, String id) {
}
