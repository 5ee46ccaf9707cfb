package io.vigil.server.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A CSV file read whole, RFC 4180: comma-separated, fields optionally in double quotes, a quote inside
 * a quoted field doubled, line breaks CRLF or LF (also inside quoted fields). The first record is the
 * header and is required; blank lines are skipped; a UTF-8 byte-order mark is ignored. Every error is a
 * {@link CsvException} whose message names the file, the line and, where there is one, the column.
 */
public final class CsvTable {
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(?i:inf|infinity)|(?i:nan)");

  private final String file;
  private final List<String> header;
  private final Map<String, Integer> index;
  private final List<String[]> rows;
  private final int[] lines;

  private CsvTable(String file, List<String> header, List<String[]> rows, int[] lines) {
    this.file = file;
    this.header = List.copyOf(header);
    this.rows = rows;
    this.lines = lines;
    this.index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) index.put(header.get(i), i);
  }

  /** A malformed file or a value that does not fit; the message is one line for the user. */
  public static final class CsvException extends IllegalArgumentException {
    public CsvException(String message) {
      super(message);
    }
  }

  /** Reads and parses {@code path}; errors name it as given. */
  public static CsvTable read(Path path) {
    String name = path.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new CsvException(name + ": no such file");
    } catch (IOException e) {
      throw new CsvException(name + ": cannot read: " + e.getMessage());
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new CsvException(name + ": not UTF-8 text");
    }
    return parse(name, text);
  }

  /** Parses CSV text; {@code name} is used in error messages. */
  public static CsvTable parse(String name, String text) {
    if (text.startsWith("\uFEFF")) text = text.substring(1);
    List<String[]> records = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    new Parser(name, text).parse(records, starts);
    if (records.isEmpty()) throw new CsvException(name + ": the file is empty; a header row is required");
    String[] head = records.get(0);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < head.length; i++) {
      head[i] = head[i].trim();
      if (head[i].isEmpty()) throw new CsvException(name + " line " + starts.get(0) + ": header column " + (i + 1) + " has no name");
      if (seen.put(head[i], i) != null) {
        throw new CsvException(name + " line " + starts.get(0) + ": column '" + head[i] + "' appears twice in the header");
      }
    }
    int[] lines = new int[records.size() - 1];
    List<String[]> rows = new ArrayList<>(records.size() - 1);
    for (int r = 1; r < records.size(); r++) {
      String[] rec = records.get(r);
      int line = starts.get(r);
      if (rec.length < head.length) {
        throw new CsvException(name + " line " + line + ": " + rec.length + " field" + (rec.length == 1 ? "" : "s")
            + " but the header has " + head.length + "; no value for column '" + head[rec.length] + "'");
      }
      if (rec.length > head.length) {
        throw new CsvException(name + " line " + line + ": " + rec.length + " fields but the header has only "
            + head.length + " columns");
      }
      rows.add(rec);
      lines[r - 1] = line;
    }
    return new CsvTable(name, List.of(head), rows, lines);
  }

  public String file() {
    return file;
  }

  public List<String> header() {
    return header;
  }

  public int rowCount() {
    return rows.size();
  }

  public boolean hasColumn(String column) {
    return index.containsKey(column);
  }

  /** The line (1-based) where data row {@code row} (0-based) starts. */
  public int line(int row) {
    return lines[row];
  }

  private int column(String column) {
    Integer i = index.get(column);
    if (i == null) {
      throw new CsvException(file + " line 1: no column '" + column + "'; the header has " + String.join(", ", header));
    }
    return i;
  }

  /** A column's raw values. */
  public List<String> strings(String column) {
    int c = column(column);
    List<String> out = new ArrayList<>(rows.size());
    for (String[] r : rows) out.add(r[c]);
    return out;
  }

  /** A column's values, trimmed; an empty value is an error (e.g. a missing label). */
  public List<String> nonEmptyStrings(String column, String what) {
    int c = column(column);
    List<String> out = new ArrayList<>(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      String v = rows.get(r)[c].trim();
      if (v.isEmpty()) throw new CsvException(where(r, column) + ": empty " + what);
      out.add(v);
    }
    return out;
  }

  /** A column as numbers; every value must be one (NaN and Inf are accepted, as "nan", "inf"). */
  public double[] doubles(String column) {
    int c = column(column);
    double[] out = new double[rows.size()];
    for (int r = 0; r < rows.size(); r++) out[r] = number(r, column, rows.get(r)[c]);
    return out;
  }

  /** A column as numbers, skipping empty values (missing). */
  public double[] doublesSkippingEmpty(String column) {
    int c = column(column);
    double[] out = new double[rows.size()];
    int n = 0;
    for (int r = 0; r < rows.size(); r++) {
      String v = rows.get(r)[c];
      if (!v.isBlank()) out[n++] = number(r, column, v);
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** A column's trimmed values, skipping empty values (missing). */
  public String[] stringsSkippingEmpty(String column) {
    int c = column(column);
    List<String> out = new ArrayList<>(rows.size());
    for (String[] r : rows) {
      String v = r[c].trim();
      if (!v.isEmpty()) out.add(v);
    }
    return out.toArray(new String[0]);
  }

  /** True when every non-empty value of the column is a number. */
  public boolean isNumeric(String column) {
    int c = column(column);
    for (String[] r : rows) {
      String v = r[c].trim();
      if (!v.isEmpty() && !NUMBER.matcher(v).matches()) return false;
    }
    return true;
  }

  private double number(int row, String column, String raw) {
    String v = raw.trim();
    if (v.isEmpty()) throw new CsvException(where(row, column) + ": empty value where a number is needed");
    if (!NUMBER.matcher(v).matches()) throw new CsvException(where(row, column) + ": '" + shorten(raw) + "' is not a number");
    String lower = v.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("nan")) return Double.NaN;
    if (lower.endsWith("inf") || lower.endsWith("infinity")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(v);
  }

  private String where(int row, String column) {
    return file + " line " + lines[row] + ", column '" + column + "'";
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  /** The RFC 4180 state machine; tracks line numbers so that records report where they start. */
  private static final class Parser {
    private final String name;
    private final String s;
    private int pos;
    private int line = 1;
    private String[] header;

    Parser(String name, String s) {
      this.name = name;
      this.s = s;
    }

    void parse(List<String[]> records, List<Integer> starts) {
      while (pos < s.length()) {
        if (atLineEnd()) { // blank line
          skipLineEnd();
          continue;
        }
        int start = line;
        String[] rec = record(start);
        if (header == null) header = rec;
        records.add(rec);
        starts.add(start);
      }
    }

    private String col(int index) {
      return header != null && index < header.length ? "column '" + header[index].trim() + "'" : "field " + (index + 1);
    }

    private boolean atLineEnd() {
      char c = s.charAt(pos);
      return c == '\n' || c == '\r';
    }

    private void skipLineEnd() {
      if (s.charAt(pos) == '\r' && pos + 1 < s.length() && s.charAt(pos + 1) == '\n') pos++;
      pos++;
      line++;
    }

    private String[] record(int start) {
      List<String> fields = new ArrayList<>();
      while (true) {
        fields.add(field(start, fields.size()));
        if (pos >= s.length()) break;
        char c = s.charAt(pos);
        if (c == ',') {
          pos++;
          if (pos >= s.length()) { // trailing comma at end of file: one more empty field
            fields.add("");
            break;
          }
          continue;
        }
        skipLineEnd(); // field() stops only at ',', a line end or the end
        break;
      }
      return fields.toArray(new String[0]);
    }

    private String field(int start, int index) {
      if (pos < s.length() && s.charAt(pos) == '"') {
        int openLine = line;
        pos++;
        StringBuilder b = new StringBuilder();
        while (true) {
          if (pos >= s.length()) {
            throw new CsvException(name + " line " + openLine + ", " + col(index) + ": a quoted value is never closed");
          }
          char c = s.charAt(pos);
          if (c == '"') {
            if (pos + 1 < s.length() && s.charAt(pos + 1) == '"') {
              b.append('"');
              pos += 2;
              continue;
            }
            pos++;
            break;
          }
          if (c == '\n' || (c == '\r' && !(pos + 1 < s.length() && s.charAt(pos + 1) == '\n'))) line++;
          b.append(c);
          pos++;
        }
        if (pos < s.length() && s.charAt(pos) != ',' && !atLineEnd()) {
          throw new CsvException(name + " line " + line + ", " + col(index) + ": text after the closing quote");
        }
        return b.toString();
      }
      int from = pos;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ',' || c == '\n' || c == '\r') break;
        if (c == '"') {
          throw new CsvException(name + " line " + line + ", " + col(index)
              + ": a quote inside an unquoted value (quote the whole field and double the quote)");
        }
        pos++;
      }
      return s.substring(from, pos);
    }
  }
}
