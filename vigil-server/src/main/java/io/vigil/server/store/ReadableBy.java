package io.vigil.server.store;

/**
 * A search restricted to what {@code username} may read: experiments (or registered models) with a
 * READ, EDIT or MANAGE grant for them, plus, when {@code defaultRead} (the server's default permission
 * includes READ), every one without a grant for them.
 */
public record ReadableBy(String username, boolean defaultRead) {}
