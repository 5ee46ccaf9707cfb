package io.vigil.server.auth;

/** The authenticated caller of a request. */
public record Principal(String username, boolean admin) {}
