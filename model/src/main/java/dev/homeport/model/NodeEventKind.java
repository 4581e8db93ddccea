package dev.homeport.model;

/** What happened to a Worker Node: a probe looked at it, or a provisioning run changed (or checked) it. */
public enum NodeEventKind {
    PROBE,
    PROVISION
}
