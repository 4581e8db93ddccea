package dev.homeport.model;

/** Variables belong to an Environment (shared by its services) or to one Service, which wins on a clash. */
public enum VariableScope {
    ENVIRONMENT, SERVICE
}
