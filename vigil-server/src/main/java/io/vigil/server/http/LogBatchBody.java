package io.vigil.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.model.Metric;
import io.vigil.model.Param;
import io.vigil.model.RunTag;
import io.vigil.server.tracking.TrackingLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A log-batch body read from a token stream into its lists, without a tree: the fast path for the
 * bodies clients actually send (a run id string; metrics with a string key, a number or
 * "NaN"/"Infinity"/"-Infinity" value, int64 number timestamp and step; params and tags with string key
 * and value; no other fields).
 *
 * <p>{@link #readPlain} never rejects anything: any other body (not valid JSON, duplicate or unknown
 * fields, wrong or null types, numeric strings, missing fields, over-limit lists, trailing tokens)
 * gives null, and the caller reads it with {@link JsonRequest}, whose checks and messages stay the
 * only definition of what is wrong.
 *
 * <p>The parser's duplicate detection is off (it costs as much as the rest of the reading: a set per
 * object); duplicates of the known fields are caught here instead, and unknown fields, whose
 * duplicates would go unseen, are left to the tree.
 */
public record LogBatchBody(String runId, String runIdField, String runUuidField,
                           List<Metric> metrics, List<Param> params, List<RunTag> tags) {

  /** The body's lists, or null when it is not of the plain shape (the caller then reads the tree). */
  public static LogBatchBody readPlain(byte[] body) {
    if (body.length == 0) return null;
    try (JsonParser p = Json.MAPPER.createParser(body)) {
      p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      return p.nextToken() == JsonToken.START_OBJECT ? readObject(p) : null;
    } catch (IOException | RuntimeException notPlain) {
      // Syntax errors, nesting and number limits, number conversions: the tree reports them.
      return null;
    }
  }

  /** What the audit log reads from the body: the run id fields, as in the tree. */
  JsonRequest auditView() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (runIdField != null) o.put("run_id", runIdField);
    if (runUuidField != null) o.put("run_uuid", runUuidField);
    return JsonRequest.of(o);
  }

  private static LogBatchBody readObject(JsonParser p) throws IOException {
    String runId = null;
    String runUuid = null;
    List<Metric> metrics = new ArrayList<>();
    List<Param> params = new ArrayList<>();
    List<RunTag> tags = new ArrayList<>();
    Seen seen = new Seen();
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      if (!seen.first(name)) return null;
      JsonToken t = p.nextToken();
      switch (name) {
        case "run_id", "run_uuid" -> {
          if (t != JsonToken.VALUE_STRING) return null;
          if (name.equals("run_id")) runId = p.getText();
          else runUuid = p.getText();
        }
        case "metrics" -> {
          if (!readMetrics(p, t, metrics)) return null;
        }
        case "params" -> {
          if (!readPairs(p, t, params, TrackingLimits.MAX_BATCH_PARAMS, Param::new)) return null;
        }
        case "tags" -> {
          if (!readPairs(p, t, tags, TrackingLimits.MAX_BATCH_TAGS, RunTag::new)) return null;
        }
        default -> {
          return null; // unknown: the tree ignores it (and the audit log may read it from the tree)
        }
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) return null;
    String chosen = runId != null && !runId.isEmpty() ? runId : runUuid;
    if (chosen == null || chosen.isEmpty()) return null;
    return new LogBatchBody(chosen, runId, runUuid, metrics, params, tags);
  }

  private static boolean readMetrics(JsonParser p, JsonToken t, List<Metric> out) throws IOException {
    if (t != JsonToken.START_ARRAY) return false;
    while (p.nextToken() == JsonToken.START_OBJECT) {
      if (out.size() == TrackingLimits.MAX_BATCH_METRICS) return false;
      Metric m = readMetric(p);
      if (m == null) return false;
      out.add(m);
    }
    return p.currentToken() == JsonToken.END_ARRAY;
  }

  private static Metric readMetric(JsonParser p) throws IOException {
    String key = null;
    double value = 0;
    boolean hasValue = false;
    long timestamp = 0;
    boolean hasTimestamp = false;
    long step = 0;
    Seen seen = new Seen();
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      if (!seen.first(name)) return null;
      JsonToken t = p.nextToken();
      switch (name) {
        case "key" -> {
          if (t != JsonToken.VALUE_STRING) return null;
          key = p.getText();
        }
        case "value" -> {
          Double v = plainDouble(p, t);
          if (v == null) return null;
          value = v;
          hasValue = true;
        }
        case "timestamp" -> {
          if (!isInt64(p, t)) return null;
          timestamp = p.getLongValue();
          hasTimestamp = true;
        }
        case "step" -> {
          if (!isInt64(p, t)) return null;
          step = p.getLongValue();
        }
        default -> {
          return null;
        }
      }
    }
    return key != null && hasValue && hasTimestamp ? new Metric(key, value, timestamp, step) : null;
  }

  /** An integer token that the tree keeps as an int or a long (larger ones become BigIntegers there). */
  private static boolean isInt64(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT) return false;
    JsonParser.NumberType n = p.getNumberType();
    return n == JsonParser.NumberType.INT || n == JsonParser.NumberType.LONG;
  }

  /** A value the tree accepts without a question: a finite number or one of the three special strings. */
  private static Double plainDouble(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = p.getDoubleValue(); // as the tree's DoubleNode holds it
      return Double.isInfinite(d) ? null : d;
    }
    if (t == JsonToken.VALUE_NUMBER_INT) return isInt64(p, t) ? (double) p.getLongValue() : null;
    if (t != JsonToken.VALUE_STRING) return null;
    return switch (p.getText()) {
      case "NaN" -> Double.NaN;
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> null; // numeric strings: the tree's rules decide
    };
  }

  /** The known field names met so far in one object (the parser's duplicate detection is off). */
  private static final class Seen {
    private static final List<String> KNOWN = List.of("run_id", "run_uuid", "metrics", "params", "tags", "key", "value", "timestamp", "step");
    private int bits;

    /** False when {@code name} is known and was met before in this object. */
    boolean first(String name) {
      int i = KNOWN.indexOf(name);
      if (i < 0) return true;
      int bit = 1 << i;
      if ((bits & bit) != 0) return false;
      bits |= bit;
      return true;
    }
  }

  private interface Pair<T> {
    T of(String key, String value);
  }

  /** Params or tags: string key, string value (absent means ""). */
  private static <T> boolean readPairs(JsonParser p, JsonToken t, List<T> out, int limit, Pair<T> pair) throws IOException {
    if (t != JsonToken.START_ARRAY) return false;
    while (p.nextToken() == JsonToken.START_OBJECT) {
      if (out.size() == limit) return false;
      String key = null;
      String value = "";
      Seen seen = new Seen();
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        if (!seen.first(name)) return false;
        JsonToken v = p.nextToken();
        switch (name) {
          case "key" -> {
            if (v != JsonToken.VALUE_STRING) return false;
            key = p.getText();
          }
          case "value" -> {
            if (v != JsonToken.VALUE_STRING) return false;
            value = p.getText();
          }
          default -> {
            return false;
          }
        }
      }
      if (key == null) return false;
      out.add(pair.of(key, value));
    }
    return p.currentToken() == JsonToken.END_ARRAY;
  }
}
