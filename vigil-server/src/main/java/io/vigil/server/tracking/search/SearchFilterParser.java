package io.vigil.server.tracking.search;

import io.vigil.server.tracking.search.FilterLexer.Kind;
import io.vigil.server.tracking.search.FilterLexer.Token;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses MLflow's search filter grammar into a {@link FilterExpr}.
 *
 * <p>Grammar (keywords case-insensitive): {@code expr := and (OR and)*}, {@code and := primary (AND primary)*},
 * {@code primary := '(' expr ')' | identifier comparator value}. OR and parentheses go beyond MLflow, which only has
 * AND. Identifiers are {@code <prefix>.<key>} with the prefixes MLflow accepts (metric(s), param(s), parameter(s),
 * tag(s), attribute(s), attr, run — for experiments only tag(s) and attribute(s)/attr) or a bare attribute name; keys
 * with dots or spaces may be quoted with backticks or quotes ({@code metrics.`my metric`}); unquoted keys may contain
 * dots ({@code tags.mlflow.runName}). Values are single- or double-quoted strings (a doubled quote escapes it),
 * numbers, or for IN / NOT IN a list {@code ('a', 'b')}. Metrics and numeric attributes take {@code = != < <= > >=}
 * with a number; params, tags and string attributes take {@code = != LIKE ILIKE IN NOT IN} with strings.
 *
 * <p>Errors throw {@link SearchSyntaxException} naming the offending token and its 0-based position.
 */
public final class SearchFilterParser {

  private final SearchTarget target;
  private final String input;
  private final List<Token> tokens;
  private int next;

  private SearchFilterParser(SearchTarget target, String input) {
    this.target = target;
    this.input = input;
    this.tokens = FilterLexer.tokenize(input, "filter");
  }

  /** Parses a runs/search filter; empty for a null, empty or blank filter. */
  public static Optional<FilterExpr> parseRunFilter(String filter) {
    return parse(SearchTarget.RUNS, filter);
  }

  /** Parses an experiments/search filter; empty for a null, empty or blank filter. */
  public static Optional<FilterExpr> parseExperimentFilter(String filter) {
    return parse(SearchTarget.EXPERIMENTS, filter);
  }

  /** Parses a filter for the given target; empty for a null, empty or blank filter. */
  public static Optional<FilterExpr> parse(SearchTarget target, String filter) {
    if (filter == null || filter.isBlank()) {
      return Optional.empty();
    }
    SearchFilterParser parser = new SearchFilterParser(target, filter);
    FilterExpr expr = parser.orExpr();
    Token end = parser.peek();
    if (end.kind() != Kind.END) {
      throw parser.error("Unexpected " + describe(end) + "; expected AND, OR or the end of the filter", end);
    }
    return Optional.of(expr);
  }

  private FilterExpr orExpr() {
    List<FilterExpr> operands = new ArrayList<>();
    operands.add(andExpr());
    while (isKeyword(peek(), "OR")) {
      next++;
      operands.add(andExpr());
    }
    return operands.size() == 1 ? operands.get(0) : new FilterExpr.Or(operands);
  }

  private FilterExpr andExpr() {
    List<FilterExpr> operands = new ArrayList<>();
    operands.add(primary());
    while (isKeyword(peek(), "AND")) {
      next++;
      operands.add(primary());
    }
    return operands.size() == 1 ? operands.get(0) : new FilterExpr.And(operands);
  }

  private FilterExpr primary() {
    Token token = peek();
    if (token.kind() == Kind.LPAREN) {
      next++;
      FilterExpr inner = orExpr();
      Token close = peek();
      if (close.kind() != Kind.RPAREN) {
        throw error(
            "Expected ')' to close the '(' at position " + token.pos() + " but found " + describe(close), close);
      }
      next++;
      return inner;
    }
    return comparison();
  }

  private FilterExpr.Comparison comparison() {
    Token identifier = take();
    if (identifier.kind() != Kind.WORD) {
      throw error("Expected an identifier such as metrics.acc but found " + describe(identifier), identifier);
    }
    Identifiers.Resolved id = Identifiers.resolve(identifier, target, input, "filter");
    Token comparatorToken = peek();
    Comparator comparator = comparator(identifier);
    Set<Comparator> allowed = allowedComparators(id);
    if (!allowed.contains(comparator)) {
      throw error(
          "Invalid comparator '" + comparatorText(comparatorToken, comparator) + "' for " + describe(id)
              + " (allowed: " + Comparator.describe(allowed) + ")",
          comparatorToken);
    }
    FilterValue value = comparator.takesList() ? list(id, comparator) : value(id);
    return new FilterExpr.Comparison(id.type(), id.key(), comparator, value);
  }

  private Comparator comparator(Token identifier) {
    Token token = take();
    switch (token.kind()) {
      case OPERATOR:
        return Comparator.symbolic(token.text())
            .orElseThrow(() -> error("Invalid comparator '" + token.text() + "'", token));
      case KEYWORD:
        switch (token.value()) {
          case "LIKE":
            return Comparator.LIKE;
          case "ILIKE":
            return Comparator.ILIKE;
          case "IN":
            return Comparator.IN;
          case "NOT":
            Token in = take();
            if (isKeyword(in, "IN")) {
              return Comparator.NOT_IN;
            }
            throw error("Expected IN after NOT but found " + describe(in), in);
          default:
            break;
        }
        break;
      default:
        break;
    }
    throw error(
        "Expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN) after '" + identifier.text()
            + "' but found " + describe(token),
        token);
  }

  private static String comparatorText(Token token, Comparator comparator) {
    return token.kind() == Kind.OPERATOR ? token.text() : comparator.symbol();
  }

  private static Set<Comparator> allowedComparators(Identifiers.Resolved id) {
    switch (id.type()) {
      case METRIC:
        return Comparator.NUMERIC;
      case PARAM:
      case TAG:
        return Comparator.STRING;
      default:
        return id.attribute().kind() == SearchTarget.AttributeKind.NUMERIC ? Comparator.NUMERIC : Comparator.STRING;
    }
  }

  private static boolean numeric(Identifiers.Resolved id) {
    return id.type() == EntityType.METRIC
        || (id.type() == EntityType.ATTRIBUTE && id.attribute().kind() == SearchTarget.AttributeKind.NUMERIC);
  }

  private FilterValue value(Identifiers.Resolved id) {
    Token token = take();
    if (numeric(id)) {
      if (token.kind() != Kind.NUMBER) {
        String subject =
            id.type() == EntityType.METRIC
                ? "metric comparison"
                : "comparison with numeric attribute '" + id.key() + "'";
        throw error("Expected a number for " + subject + " but found " + describe(token), token);
      }
      return new FilterValue.Number(new BigDecimal(token.text()), token.text());
    }
    if (token.kind() == Kind.STRING) {
      return new FilterValue.Text(token.value());
    }
    if (token.kind() == Kind.NUMBER && integerLiteralAllowed(id) && isInteger(token.text())) {
      return new FilterValue.Text(token.text());
    }
    throw error(
        "Expected a quoted string for " + describe(id) + " (e.g. 'my-value') but found " + describe(token), token);
  }

  private FilterValue list(Identifiers.Resolved id, Comparator comparator) {
    Token open = take();
    String usage = "Expected a parenthesised list of quoted strings after " + comparator.symbol() + ", e.g. ('a', 'b'),";
    if (open.kind() != Kind.LPAREN) {
      throw error(usage + " but found " + describe(open), open);
    }
    List<String> values = new ArrayList<>();
    while (true) {
      Token item = take();
      if (item.kind() == Kind.STRING) {
        values.add(item.value());
      } else if (item.kind() == Kind.NUMBER && integerLiteralAllowed(id) && isInteger(item.text())) {
        values.add(item.text());
      } else if (item.kind() == Kind.RPAREN && values.isEmpty()) {
        throw error("Empty list after " + comparator.symbol() + "; give at least one quoted string", item);
      } else {
        throw error(usage + " but found " + describe(item), item);
      }
      Token separator = take();
      if (separator.kind() == Kind.RPAREN) {
        return new FilterValue.TextList(values);
      }
      if (separator.kind() != Kind.COMMA) {
        throw error("Expected ',' or ')' in the list after " + comparator.symbol() + " but found " + describe(separator),
            separator);
      }
    }
  }

  private static boolean integerLiteralAllowed(Identifiers.Resolved id) {
    return id.attribute() != null && id.attribute().integerLiteralAllowed();
  }

  private static boolean isInteger(String text) {
    return text.matches("[0-9]+");
  }

  private static String describe(Identifiers.Resolved id) {
    switch (id.type()) {
      case METRIC:
        return "metric '" + id.key() + "'";
      case PARAM:
        return "param '" + id.key() + "'";
      case TAG:
        return "tag '" + id.key() + "'";
      default:
        return (id.attribute().kind() == SearchTarget.AttributeKind.NUMERIC ? "numeric" : "string")
            + " attribute '" + id.key() + "'";
    }
  }

  static String describe(Token token) {
    switch (token.kind()) {
      case END:
        return "the end of the filter";
      case STRING:
        return token.text(); // already quoted as written
      default:
        return "'" + token.text() + "'";
    }
  }

  private static boolean isKeyword(Token token, String keyword) {
    return token.kind() == Kind.KEYWORD && token.value().equals(keyword);
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token token = tokens.get(next);
    if (token.kind() != Kind.END) {
      next++;
    }
    return token;
  }

  private SearchSyntaxException error(String message, Token at) {
    return new SearchSyntaxException(message + FilterLexer.where(at.pos(), input, "filter"));
  }
}
