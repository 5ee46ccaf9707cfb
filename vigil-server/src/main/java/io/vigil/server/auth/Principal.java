package io.vigil.server.auth;

/**
 * The authenticated caller of a request; {@code tokenId} names the API token used, or is null for a
 * password login (rate limits count per token, else per user).
 */
public record Principal(String username, boolean admin, String tokenId) {
  public Principal(String username, boolean admin) {
    this(username, admin, null);
  }
}
