package io.vigil.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Metric, param and tag names checked on the caller's thread with MLflow's rules, so a bad name
 * fails at the call that used it instead of poisoning a whole batch on the server; and metric keys
 * interned to small ints with their JSON encoding cached, so the hot path stores no strings.
 */
final class Names {
  static final int MAX_KEY_LENGTH = 250;
  static final int MAX_PARAM_VALUE_LENGTH = 6000;
  static final int MAX_TAG_VALUE_LENGTH = 5000;

  private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
  private volatile byte[][] jsonKeys = new byte[64][];
  private int next;

  /** The id of a metric key, validating it the first time it is seen. */
  int metricKeyId(String key) {
    Integer id = ids.get(key);
    return id != null ? id : register(key);
  }

  private synchronized int register(String key) {
    Integer id = ids.get(key);
    if (id != null) return id;
    validate(key, "Metric");
    int n = next++;
    byte[][] a = jsonKeys;
    if (n == a.length) a = Arrays.copyOf(a, a.length * 2);
    // Valid names need no JSON escaping.
    a[n] = ('"' + key + '"').getBytes(StandardCharsets.US_ASCII);
    jsonKeys = a;
    ids.put(key, n);
    return n;
  }

  /** The quoted JSON bytes of a metric key id. */
  byte[] jsonKey(int id) {
    return jsonKeys[id];
  }

  /** Throws {@link IllegalArgumentException} unless {@code name} follows MLflow's naming rules. */
  static void validate(String name, String what) {
    if (name == null || name.isEmpty()) throw new IllegalArgumentException(what + " name must not be empty");
    if (name.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(what + " name '" + name.substring(0, 40) + "…' exceeds the maximum length of " + MAX_KEY_LENGTH);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-' || c == '.' || c == ' ' || c == '/';
      if (!ok) {
        throw new IllegalArgumentException("Invalid " + what.toLowerCase() + " name '" + name + "': names may only contain"
            + " alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/)");
      }
    }
    if (name.startsWith("/") || name.contains("//")) {
      throw new IllegalArgumentException("Invalid " + what.toLowerCase() + " name '" + name + "': must not start with '/' or contain '//'");
    }
    for (String part : name.split("/", -1)) {
      if (part.equals("..") || part.equals(".")) {
        throw new IllegalArgumentException("Invalid " + what.toLowerCase() + " name '" + name + "': must not refer to '.' or '..'");
      }
    }
  }

  static void validateValue(String key, String value, int max, String what) {
    if (value == null) throw new IllegalArgumentException(what + " '" + key + "' must have a value (use \"\" for empty)");
    if (value.length() > max) {
      throw new IllegalArgumentException(what + " value for '" + key + "' has " + value.length() + " characters, more than MLflow's limit of " + max);
    }
  }
}
