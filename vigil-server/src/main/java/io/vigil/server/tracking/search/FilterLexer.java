package io.vigil.server.tracking.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Splits a filter or order_by clause into tokens, remembering where each starts. */
final class FilterLexer {

  enum Kind {
    /** An identifier or bare word, possibly with backtick- or quote-quoted parts; {@code text} is as written. */
    WORD,
    /** AND, OR, NOT, IN, LIKE, ILIKE (any case); {@code value} is upper case. */
    KEYWORD,
    /** A run of the characters = ! < > (validated by the parser). */
    OPERATOR,
    /** A single- or double-quoted string; {@code value} is its content. */
    STRING,
    NUMBER,
    LPAREN,
    RPAREN,
    COMMA,
    END
  }

  /** One token: its kind, the text as written, its decoded value and its 0-based start position. */
  record Token(Kind kind, String text, String value, int pos) {}

  private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "IN", "LIKE", "ILIKE");

  private final String input;
  private final String what;
  private int i;

  private FilterLexer(String input, String what) {
    this.input = input;
    this.what = what;
  }

  /** Tokenizes; {@code what} names the input in error messages, e.g. "filter" or "order_by clause". */
  static List<Token> tokenize(String input, String what) {
    return new FilterLexer(input, what).run();
  }

  /** The standard error suffix: " at position N in filter '...'". */
  static String where(int pos, String input, String what) {
    return " at position " + pos + " in " + what + " '" + input + "'";
  }

  private List<Token> run() {
    List<Token> tokens = new ArrayList<>();
    int n = input.length();
    while (true) {
      while (i < n && Character.isWhitespace(input.charAt(i))) {
        i++;
      }
      if (i >= n) {
        tokens.add(new Token(Kind.END, "", "", n));
        return tokens;
      }
      int start = i;
      char c = input.charAt(i);
      if (c == '(') {
        i++;
        tokens.add(new Token(Kind.LPAREN, "(", "(", start));
      } else if (c == ')') {
        i++;
        tokens.add(new Token(Kind.RPAREN, ")", ")", start));
      } else if (c == ',') {
        i++;
        tokens.add(new Token(Kind.COMMA, ",", ",", start));
      } else if (isOperatorChar(c)) {
        while (i < n && isOperatorChar(input.charAt(i))) {
          i++;
        }
        String op = input.substring(start, i);
        tokens.add(new Token(Kind.OPERATOR, op, op, start));
      } else if (c == '\'' || c == '"') {
        String value = readQuoted(c);
        tokens.add(new Token(Kind.STRING, input.substring(start, i), value, start));
      } else if (startsNumber()) {
        tokens.add(readNumber());
      } else if (Character.isLetter(c) || c == '_' || c == '`') {
        readWord();
        String text = input.substring(start, i);
        String upper = text.toUpperCase(Locale.ROOT);
        if (KEYWORDS.contains(upper)) {
          tokens.add(new Token(Kind.KEYWORD, text, upper, start));
        } else {
          tokens.add(new Token(Kind.WORD, text, text, start));
        }
      } else {
        String hint =
            start > 0 && isWordChar(input.charAt(start - 1))
                ? "; quote names containing it with backticks, e.g. metrics.`my-key`"
                : "";
        throw new SearchSyntaxException("Unexpected character '" + c + "'" + hint + where(start, input, what));
      }
    }
  }

  private static boolean isOperatorChar(char c) {
    return c == '=' || c == '!' || c == '<' || c == '>';
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.';
  }

  /** Reads a quoted string starting at i (the opening quote); a doubled quote stands for one quote character. */
  private String readQuoted(char quote) {
    int start = i;
    StringBuilder sb = new StringBuilder();
    i++;
    while (true) {
      if (i >= input.length()) {
        String kind = quote == '`' ? "backtick-quoted name" : "string";
        throw new SearchSyntaxException("Unterminated " + kind + " starting" + where(start, input, what));
      }
      char c = input.charAt(i++);
      if (c == quote) {
        if (i < input.length() && input.charAt(i) == quote) {
          sb.append(quote);
          i++;
        } else {
          return sb.toString();
        }
      } else {
        sb.append(c);
      }
    }
  }

  private boolean startsNumber() {
    int j = i;
    char c = input.charAt(j);
    if (c == '-' || c == '+') {
      j++;
    }
    if (j >= input.length()) {
      return false;
    }
    char d = input.charAt(j);
    return Character.isDigit(d) || (d == '.' && j + 1 < input.length() && Character.isDigit(input.charAt(j + 1)));
  }

  private Token readNumber() {
    int start = i;
    int n = input.length();
    if (input.charAt(i) == '-' || input.charAt(i) == '+') {
      i++;
    }
    while (i < n && Character.isDigit(input.charAt(i))) {
      i++;
    }
    if (i < n && input.charAt(i) == '.') {
      i++;
      while (i < n && Character.isDigit(input.charAt(i))) {
        i++;
      }
    }
    if (i < n && (input.charAt(i) == 'e' || input.charAt(i) == 'E')) {
      int save = i;
      i++;
      if (i < n && (input.charAt(i) == '+' || input.charAt(i) == '-')) {
        i++;
      }
      if (i < n && Character.isDigit(input.charAt(i))) {
        while (i < n && Character.isDigit(input.charAt(i))) {
          i++;
        }
      } else {
        i = save;
      }
    }
    if (i < n && (isWordChar(input.charAt(i)) || input.charAt(i) == '`')) {
      while (i < n && (isWordChar(input.charAt(i)) || input.charAt(i) == '`')) {
        i++;
      }
      String bad = input.substring(start, i);
      throw new SearchSyntaxException("Invalid number '" + bad + "'" + where(start, input, what));
    }
    String text = input.substring(start, i);
    return new Token(Kind.NUMBER, text, text, start);
  }

  /** Reads an identifier: word characters and dots, backtick-quoted parts, and a quoted part right after a dot. */
  private void readWord() {
    int start = i;
    int n = input.length();
    while (i < n) {
      char c = input.charAt(i);
      if (c == '`') {
        readQuoted('`');
      } else if ((c == '\'' || c == '"') && i > start && input.charAt(i - 1) == '.') {
        readQuoted(c);
      } else if (isWordChar(c)) {
        i++;
      } else {
        break;
      }
    }
  }
}
