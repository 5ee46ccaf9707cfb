package io.vigil.server.auth;

import io.vigil.model.VigilException;
import io.vigil.server.store.UserStore;
import io.vigil.server.store.UserStore.ApiToken;
import io.vigil.server.store.UserStore.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users, tokens and the check of an {@code Authorization} header (HTTP Basic or Bearer). Failed
 * checks are logged and answered only after a fixed delay, which slows guessing. A successful Basic
 * login is remembered for a minute (keyed by a SHA-256 of the credentials), so clients that send
 * Basic on every request do not pay for Argon2 each time; a remembered login still reads the user's
 * row, and counts only while that row exists with the same password hash, so a deleted user, a changed
 * password or a demotion takes effect on the next request, even when another process (the CLI) made it.
 */
public final class AuthService {
  private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
  /** The delay before a failed authentication is answered, unless configured otherwise. */
  public static final Duration DEFAULT_FAILURE_DELAY = Duration.ofMillis(300);
  static final Duration LOGIN_CACHE_TTL = Duration.ofSeconds(60);
  private static final int LOGIN_CACHE_MAX = 10_000;
  public static final int MIN_PASSWORD_LENGTH = 8;
  private static final int MAX_PASSWORD_LENGTH = 1024;
  private static final int MAX_HEADER_LENGTH = 8192;

  private final UserStore users;
  private final Clock clock;
  private final Duration failureDelay;
  private final PasswordHasher hasher = new PasswordHasher();
  /** A hash of no one's password, verified for unknown users so they take as long as known ones. */
  private final String dummyHash;
  private final Map<String, CachedLogin> logins = new ConcurrentHashMap<>();

  /** A Basic login that passed Argon2 against {@code passwordHash}. */
  private record CachedLogin(String passwordHash, long expiresAtMillis) {}

  /** A token just created, with its secret, which is shown to the user once and never stored. */
  public record NewToken(ApiToken token, String secret) {}

  public AuthService(UserStore users, Clock clock, Duration failureDelay) {
    this.users = users;
    this.clock = clock;
    this.failureDelay = failureDelay;
    this.dummyHash = hasher.hash("not-a-password".toCharArray());
  }

  // ---- users and tokens

  public User createUser(String username, char[] password, boolean admin) {
    validateUsername(username);
    validatePassword(password);
    return users.createUser(new User(username, hasher.hash(password), admin, clock.millis()));
  }

  public void setPassword(String username, char[] password) {
    validatePassword(password);
    users.setPassword(username, hasher.hash(password));
    logins.clear();
  }

  /**
   * INVALID_PARAMETER_VALUE, after the failure delay, unless {@code current} is the user's password
   * now: a user changing their own password proves it, so a stolen token alone cannot take over the
   * account.
   */
  public void checkCurrentPassword(String username, char[] current) {
    User u = user(username);
    if (current == null || current.length > MAX_PASSWORD_LENGTH || !hasher.verify(current, u.passwordHash())) {
      LOG.warn("wrong current password in a password change of '{}'", username);
      sleep(failureDelay);
      throw VigilException.invalid("current_password is not the user's password.");
    }
  }

  public List<User> listUsers() {
    return users.listUsers();
  }

  public User user(String username) {
    return users.findUser(username).orElseThrow(() -> noUser(username));
  }

  /** Makes a user an admin or not; demoting the last admin is refused. */
  public void setAdmin(String username, boolean admin) {
    users.setAdmin(username, admin);
    logins.clear();
  }

  /**
   * Deletes a user with their tokens and grants; their credentials stop working at once. Deleting the
   * last admin is refused.
   */
  public UserStore.DeletedUser deleteUser(String username) {
    UserStore.DeletedUser d = users.deleteUser(username);
    logins.clear();
    return d;
  }

  private static VigilException noUser(String username) {
    return VigilException.notFound("No user '" + username + "'.");
  }

  /** A new token for an existing user; {@code validFor} null means it never expires. */
  public NewToken createToken(String username, String name, Duration validFor) {
    if (users.findUser(username).isEmpty()) throw noUser(username);
    if (name != null && name.length() > 256) throw VigilException.invalid("Token name is longer than 256 characters.");
    if (validFor != null && (validFor.isNegative() || validFor.isZero())) {
      throw VigilException.invalid("A token's lifetime must be positive.");
    }
    String secret = ApiTokens.newSecret();
    long now = clock.millis();
    ApiToken t = users.createToken(new ApiToken(ApiTokens.newId(), username, ApiTokens.hash(secret),
        name == null ? "" : name, now, validFor == null ? null : now + validFor.toMillis(), false));
    return new NewToken(t, secret);
  }

  public Optional<ApiToken> token(String id) {
    return users.findToken(id);
  }

  public List<ApiToken> tokens(String username) {
    return users.listTokens(username);
  }

  public void revokeToken(String id) {
    users.revokeToken(id);
  }

  /**
   * Creates the first admin from {@code VIGIL_ADMIN_USERNAME} and {@code VIGIL_ADMIN_PASSWORD} when
   * both are set and no user exists yet; returns whether it did.
   */
  public boolean bootstrapAdmin(Map<String, String> env) {
    String user = env.get("VIGIL_ADMIN_USERNAME");
    String password = env.get("VIGIL_ADMIN_PASSWORD");
    if (user == null || user.isBlank() || password == null || password.isEmpty()) return false;
    if (users.countUsers() > 0) return false;
    createUser(user.trim(), password.toCharArray(), true);
    LOG.info("created the first admin user '{}' from VIGIL_ADMIN_USERNAME", user.trim());
    return true;
  }

  public boolean userExists(String username) {
    return username != null && users.findUser(username).isPresent();
  }

  public boolean hasUsers() {
    return users.countUsers() > 0;
  }

  // ---- authentication

  /**
   * The caller named by an {@code Authorization} header value ({@code Basic …} or {@code Bearer …}),
   * or empty when it is missing or wrong. A wrong one is logged with {@code remote} and delayed.
   */
  public Optional<Principal> authenticate(String authorization, String remote) {
    if (authorization == null || authorization.isBlank()) return Optional.empty();
    Optional<Principal> p = check(authorization.trim());
    if (p.isEmpty()) {
      LOG.warn("failed authentication from {} ({})", remote, scheme(authorization));
      sleep(failureDelay);
    }
    return p;
  }

  private Optional<Principal> check(String header) {
    if (header.length() > MAX_HEADER_LENGTH) return Optional.empty();
    int space = header.indexOf(' ');
    if (space < 0) return Optional.empty();
    String scheme = header.substring(0, space);
    String value = header.substring(space + 1).trim();
    if (scheme.equalsIgnoreCase("Bearer")) return bearer(value);
    if (scheme.equalsIgnoreCase("Basic")) return basic(value);
    return Optional.empty();
  }

  private Optional<Principal> bearer(String secret) {
    if (!secret.startsWith(ApiTokens.PREFIX) || secret.length() > 200) return Optional.empty();
    Optional<ApiToken> t = users.findTokenByHash(ApiTokens.hash(secret));
    if (t.isEmpty() || !t.get().usableAt(clock.millis())) return Optional.empty();
    return users.findUser(t.get().username()).map(u -> new Principal(u.username(), u.admin(), t.get().id()));
  }

  private Optional<Principal> basic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) return Optional.empty();
    String username = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    if (password.length() > MAX_PASSWORD_LENGTH) return Optional.empty();
    // MLflow clients may send a token as the Basic password (as MLflow's own server does not, but proxies do).
    if (password.startsWith(ApiTokens.PREFIX)) {
      Optional<Principal> viaToken = bearer(password);
      if (viaToken.isPresent() && viaToken.get().username().equals(username)) return viaToken;
    }
    String key = ApiTokens.hash(username + "\u0000" + password);
    long now = clock.millis();
    Optional<User> user = users.findUser(username);
    CachedLogin cached = logins.get(key);
    if (cached != null && cached.expiresAtMillis() > now && user.isPresent()
        && user.get().passwordHash().equals(cached.passwordHash())) {
      return Optional.of(new Principal(user.get().username(), user.get().admin()));
    }
    boolean ok = hasher.verify(password.toCharArray(), user.map(User::passwordHash).orElse(dummyHash));
    if (!ok || user.isEmpty()) return Optional.empty();
    if (logins.size() >= LOGIN_CACHE_MAX) logins.clear();
    logins.put(key, new CachedLogin(user.get().passwordHash(), now + LOGIN_CACHE_TTL.toMillis()));
    return Optional.of(new Principal(user.get().username(), user.get().admin()));
  }

  private static String scheme(String header) {
    String h = header.trim();
    int space = h.indexOf(' ');
    String s = space < 0 ? "no scheme" : h.substring(0, space);
    return s.length() > 16 ? s.substring(0, 16) + "…" : s.replaceAll("[^A-Za-z0-9-]", "?");
  }

  private static void sleep(Duration d) {
    if (d.isZero() || d.isNegative()) return;
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void validateUsername(String username) {
    if (username == null || !username.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")) {
      throw VigilException.invalid("A username is 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter"
          + " or digit.");
    }
  }

  /** INVALID_PARAMETER_VALUE unless the password's length is within bounds. */
  public static void validatePassword(char[] password) {
    if (password == null || password.length < MIN_PASSWORD_LENGTH) {
      throw VigilException.invalid("A password must have at least " + MIN_PASSWORD_LENGTH + " characters.");
    }
    if (password.length > MAX_PASSWORD_LENGTH) {
      throw VigilException.invalid("A password must have at most " + MAX_PASSWORD_LENGTH + " characters.");
    }
  }
}
