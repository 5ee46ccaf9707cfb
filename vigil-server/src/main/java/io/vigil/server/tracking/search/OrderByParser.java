package io.vigil.server.tracking.search;

import io.vigil.server.tracking.search.FilterLexer.Kind;
import io.vigil.server.tracking.search.FilterLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses MLflow order_by clauses: {@code <identifier> [ASC|DESC]}, e.g. {@code "metrics.acc DESC"},
 * {@code "metrics.`my key` desc"} or, as MLflow also allows, {@code "`metrics.my key` desc"}. Identifiers follow
 * {@link SearchFilterParser}; as in MLflow a name without a prefix is an attribute ({@code "start_time"} means
 * {@code attributes.start_time}). The direction is case-insensitive and defaults to ascending. Experiments can only
 * be ordered by attributes (name, experiment_id, creation_time, last_update_time).
 */
public final class OrderByParser {

  private OrderByParser() {}

  /** Parses runs/search order_by clauses; null or empty gives an empty list. */
  public static List<OrderKey> parseRunOrderBy(List<String> clauses) {
    return parse(SearchTarget.RUNS, clauses);
  }

  /** Parses experiments/search order_by clauses; null or empty gives an empty list. */
  public static List<OrderKey> parseExperimentOrderBy(List<String> clauses) {
    return parse(SearchTarget.EXPERIMENTS, clauses);
  }

  /** Parses order_by clauses for the given target. */
  public static List<OrderKey> parse(SearchTarget target, List<String> clauses) {
    List<OrderKey> keys = new ArrayList<>();
    if (clauses != null) {
      for (String clause : clauses) {
        keys.add(parseClause(target, clause));
      }
    }
    return keys;
  }

  /** Parses one order_by clause. */
  public static OrderKey parseClause(SearchTarget target, String clause) {
    String text = clause == null ? "" : clause;
    List<Token> tokens = FilterLexer.tokenize(text, "order_by clause");
    Token identifier = tokens.get(0);
    if (identifier.kind() != Kind.WORD) {
      throw unparseable(text);
    }
    if (tokens.size() > 3) {
      throw unparseable(text);
    }
    boolean ascending = true;
    int end = 1;
    Token direction = tokens.get(1);
    if (direction.kind() == Kind.WORD || direction.kind() == Kind.KEYWORD) {
      String word = direction.text().toLowerCase(Locale.ROOT);
      if (word.equals("asc")) {
        ascending = true;
      } else if (word.equals("desc")) {
        ascending = false;
      } else {
        throw new SearchSyntaxException("Invalid ordering key in order_by clause '" + text + "'.");
      }
      end = 2;
    }
    if (tokens.get(end).kind() != Kind.END) {
      throw unparseable(text);
    }
    Identifiers.Resolved id = Identifiers.resolve(identifier, target, text, "order_by clause");
    if (!target.orderableEntities().contains(id.type())) {
      throw new SearchSyntaxException(
          "Invalid order_by entity '" + id.type().name().toLowerCase(Locale.ROOT) + "' in order_by clause '" + text
              + "'; experiments can only be ordered by attributes.");
    }
    return new OrderKey(id.type(), id.key(), ascending);
  }

  private static SearchSyntaxException unparseable(String clause) {
    return new SearchSyntaxException("Invalid order_by clause '" + clause + "'. Could not be parsed.");
  }
}
