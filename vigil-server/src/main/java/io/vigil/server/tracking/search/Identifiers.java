package io.vigil.server.tracking.search;

import io.vigil.server.tracking.search.FilterLexer.Token;
import java.util.Locale;

/** Resolves an identifier token ({@code metrics.acc}, {@code tags.`a b`}, {@code start_time}) for a search target. */
final class Identifiers {

  /** A resolved identifier; {@code attribute} is set only for attributes. */
  record Resolved(EntityType type, String key, SearchTarget.Attribute attribute) {}

  private Identifiers() {}

  static Resolved resolve(Token token, SearchTarget target, String input, String what) {
    String raw = token.text();
    String where = FilterLexer.where(token.pos(), input, what);
    int p;
    String entity;
    if (raw.startsWith("`")) {
      p = closing(raw, 0);
      if (p < 0) {
        throw invalid(raw, where);
      }
      entity = unquote(raw.substring(0, p));
    } else {
      p = 0;
      while (p < raw.length() && (Character.isLetterOrDigit(raw.charAt(p)) || raw.charAt(p) == '_')) {
        p++;
      }
      entity = raw.substring(0, p);
    }
    if (p == raw.length()) {
      if (raw.startsWith("`")) {
        // A wholly backticked identifier, as MLflow's order_by accepts: `metrics.my key`.
        int dot = entity.indexOf('.');
        if (dot > 0) {
          String prefix = entity.substring(0, dot).toLowerCase(Locale.ROOT);
          String key = entity.substring(dot + 1);
          var type = target.entityForPrefix(prefix);
          if (type.isPresent() && !key.isEmpty()) {
            return type.get() == EntityType.ATTRIBUTE
                ? attribute(key, target, where)
                : new Resolved(type.get(), key, null);
          }
        }
      }
      return attribute(entity, target, where);
    }
    if (raw.charAt(p) != '.') {
      throw invalid(raw, where);
    }
    String rest = raw.substring(p + 1);
    String key;
    if (!rest.isEmpty() && isQuote(rest.charAt(0))) {
      if (closing(rest, 0) != rest.length()) {
        throw invalid(raw, where);
      }
      key = unquote(rest);
    } else if (rest.indexOf('`') >= 0 || rest.indexOf('\'') >= 0 || rest.indexOf('"') >= 0) {
      throw invalid(raw, where);
    } else {
      key = rest;
    }
    if (key.isEmpty()) {
      throw new SearchSyntaxException("Missing key after '" + entity + ".'" + where);
    }
    String prefix = entity.toLowerCase(Locale.ROOT);
    EntityType type =
        target
            .entityForPrefix(prefix)
            .orElseThrow(
                () -> {
                  if (prefix.equals("dataset") || prefix.equals("datasets")) {
                    return new SearchSyntaxException("Dataset filters are not supported ('" + raw + "')" + where);
                  }
                  return new SearchSyntaxException(
                      "Unknown identifier prefix '" + entity + "' in '" + raw + "' (expected one of "
                          + String.join(", ", target.prefixes()) + ")" + where);
                });
    if (type == EntityType.ATTRIBUTE) {
      return attribute(key, target, where);
    }
    return new Resolved(type, key, null);
  }

  private static Resolved attribute(String name, SearchTarget target, String where) {
    SearchTarget.Attribute attribute =
        target
            .attribute(name)
            .orElseThrow(
                () ->
                    new SearchSyntaxException(
                        "Unknown attribute '" + name + "' (valid attributes: "
                            + String.join(", ", target.attributeNames()) + ")" + where));
    return new Resolved(EntityType.ATTRIBUTE, attribute.name(), attribute);
  }

  private static SearchSyntaxException invalid(String raw, String where) {
    return new SearchSyntaxException(
        "Invalid identifier '" + raw + "'; write <prefix>.<key>, quoting keys with backticks, e.g. metrics.`my key`"
            + where);
  }

  private static boolean isQuote(char c) {
    return c == '`' || c == '\'' || c == '"';
  }

  /** Index just after the quote closing the quoted part starting at {@code start}, or -1. */
  private static int closing(String s, int start) {
    char q = s.charAt(start);
    int i = start + 1;
    while (i < s.length()) {
      if (s.charAt(i) == q) {
        if (i + 1 < s.length() && s.charAt(i + 1) == q) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return -1;
  }

  /** Removes the surrounding quotes of a whole quoted part and undoubles inner quotes. */
  private static String unquote(String quoted) {
    char q = quoted.charAt(0);
    String inner = quoted.substring(1, quoted.length() - 1);
    return inner.replace(String.valueOf(q) + q, String.valueOf(q));
  }
}
