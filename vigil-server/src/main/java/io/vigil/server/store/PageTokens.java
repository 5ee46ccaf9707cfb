package io.vigil.server.store;

import io.vigil.model.VigilException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Page tokens as MLflow writes them: base64 of {@code {"offset": N}}. */
public final class PageTokens {
  private PageTokens() {}

  public static String offsetToken(long offset) {
    return Base64.getEncoder().encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
  }

  /** 0 for a null or empty token; INVALID_PARAMETER_VALUE for anything that is not a token we wrote. */
  public static long offset(String token) {
    if (token == null || token.isEmpty()) return 0;
    String json;
    try {
      json = new String(Base64.getDecoder().decode(token.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw VigilException.invalid("Invalid page token, could not base64-decode");
    }
    var m = java.util.regex.Pattern.compile("\\{\\s*\"offset\"\\s*:\\s*(\\d{1,18})\\s*}").matcher(json);
    if (!m.matches()) throw VigilException.invalid("Invalid page token: expected {\"offset\": N}, got something else");
    return Long.parseLong(m.group(1));
  }
}
