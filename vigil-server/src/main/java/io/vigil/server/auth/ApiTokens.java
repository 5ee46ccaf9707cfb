package io.vigil.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** API token secrets: {@code vgl_} and 32 random bytes (base64url); stored only as their SHA-256. */
public final class ApiTokens {
  public static final String PREFIX = "vgl_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiTokens() {}

  /** A new secret, to be shown once. */
  public static String newSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** A short random id (not secret) naming a token for listing and revocation. */
  public static String newId() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Hex SHA-256 of the secret, as stored. */
  public static String hash(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
