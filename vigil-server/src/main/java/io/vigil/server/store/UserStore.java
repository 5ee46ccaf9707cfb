package io.vigil.server.store;

import java.util.List;
import java.util.Optional;

/**
 * Users and API tokens. The store keeps hashes only: password hashes (the encoded output of a slow,
 * salted algorithm) and SHA-256 digests of tokens; it holds no policy about either.
 */
public interface UserStore {

  /** A user; {@code passwordHash} is an encoded hash, never a password. */
  record User(String username, String passwordHash, boolean admin, long created) {
    @Override
    public String toString() {
      return "User[" + username + (admin ? ", admin" : "") + "]";
    }
  }

  /**
   * An API token as stored.
   *
   * @param tokenHash hex SHA-256 of the token
   * @param expiresAt epoch millis after which the token is refused, or null for never
   */
  record ApiToken(String id, String username, String tokenHash, String name, long created, Long expiresAt,
      boolean revoked) {
    public boolean usableAt(long nowMillis) {
      return !revoked && (expiresAt == null || nowMillis < expiresAt);
    }

    @Override
    public String toString() {
      return "ApiToken[" + id + " of " + username + "]";
    }
  }

  /** RESOURCE_ALREADY_EXISTS when the username is taken. */
  User createUser(User user);

  Optional<User> findUser(String username);

  List<User> listUsers();

  /** RESOURCE_DOES_NOT_EXIST when unknown. */
  void setPassword(String username, String passwordHash);

  long countUsers();

  /**
   * Makes a user an admin or not. RESOURCE_DOES_NOT_EXIST when unknown; INVALID_PARAMETER_VALUE when
   * it would demote the last admin (checked in the same transaction, so two demotions cannot race).
   */
  void setAdmin(String username, boolean admin);

  /** What {@link #deleteUser} removed besides the user. */
  record DeletedUser(String username, int tokens, int experimentGrants, int modelGrants) {}

  /**
   * Removes a user with their API tokens and their grants on experiments and registered models, in one
   * transaction. Rows that only name the user (runs' user_id, the audit log) are kept as they are.
   * RESOURCE_DOES_NOT_EXIST when unknown; INVALID_PARAMETER_VALUE when the user is the last admin.
   */
  DeletedUser deleteUser(String username);

  /** RESOURCE_DOES_NOT_EXIST when the user is unknown. */
  ApiToken createToken(ApiToken token);

  Optional<ApiToken> findTokenByHash(String tokenHash);

  Optional<ApiToken> findToken(String id);

  /** A user's tokens, oldest first. */
  List<ApiToken> listTokens(String username);

  /** RESOURCE_DOES_NOT_EXIST when unknown; revoking twice is harmless. */
  void revokeToken(String id);
}
