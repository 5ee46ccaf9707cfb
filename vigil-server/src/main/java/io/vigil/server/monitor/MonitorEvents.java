package io.vigil.server.monitor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.vigil.model.VigilException;
import io.vigil.server.http.Json;
import io.vigil.server.store.MonitorStore.Outcome;
import io.vigil.server.store.MonitorStore.Prediction;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validation of prediction and outcome events, read from a token stream (no tree per event). The
 * whole batch is checked before anything is stored; the first error names the event and field, e.g.
 * {@code [3].timestamp}. Within an event, fields are checked in a fixed order whatever their order in
 * the JSON, so the error reported does not depend on how a client orders keys.
 */
final class MonitorEvents {
  static final int MAX_ID = 256;
  private static final Pattern EPOCH_MS = Pattern.compile("-?\\d{1,18}");
  /** Reads one value of a stream as a tree (for messages); the rest of the stream follows it. */
  private static final ObjectReader VALUE = Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private MonitorEvents() {}

  /**
   * Validated predictions and, aligned with them, each one's declared feature values (null when it
   * has none): for every feature of {@link MonitorDefinition#features()} in its iteration order, a
   * Double (numeric), a String (categorical) or null (absent, null or not a number).
   */
  record Predictions(List<Prediction> events, List<Object[]> features) {}

  /** Reads event {@code index}; the parser is on its first token and is left on its last. */
  interface EventReader<T> {
    T read(JsonParser p, int index) throws IOException;
  }

  /** A field's name in messages, e.g. {@code [3].timestamp}: built only for a message (a hot path). */
  private static String at(int index, String field) {
    return "[" + index + "]" + field;
  }

  static Predictions predictions(EventBody body, MonitorDefinition def) {
    PredictionReader reader = new PredictionReader(def);
    List<Prediction> events = body.read(reader);
    return new Predictions(events, reader.features);
  }

  static List<Outcome> outcomes(EventBody body) {
    return body.read(MonitorEvents::outcome);
  }

  /** Predictions from trees (the Java API): the same validation, over each tree's tokens. */
  static Predictions predictions(List<JsonNode> events, MonitorDefinition def) {
    return predictions(EventBody.of(events), def);
  }

  static List<Outcome> outcomes(List<JsonNode> events) {
    return outcomes(EventBody.of(events));
  }

  // ------------------------------------------------------------------ predictions

  /** Reads predictions, collecting each one's declared feature values on the side. */
  private static final class PredictionReader implements EventReader<Prediction> {
    private final MonitorDefinition def;
    private final String[] featureNames;
    final List<Object[]> features = new ArrayList<>();
    /** The last model version read: batches repeat it, so one String serves them all. */
    private String lastVersion = "";

    PredictionReader(MonitorDefinition def) {
      this.def = def;
      featureNames = def.features().keySet().toArray(new String[0]);
    }

    @Override
    public Prediction read(JsonParser p, int at) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) throw bad(at(at, ""), p, "an object");
      String id = null;
      long ts = 0;
      boolean hasTs = false;
      String version = null;
      String prediction = null;
      String featuresJson = null;
      Object[] values = null;
      String scores = null;
      // The first error of each field, reported in the order id, timestamp, model_version, prediction, features, scores.
      VigilException[] errors = null;
      for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
        p.nextToken();
        try {
          switch (field) {
            case "id" -> id = optionalScalar(p, at, ".id");
            case "timestamp" -> {
              if (p.currentToken() != JsonToken.VALUE_NULL) {
                ts = timestamp(p, at, ".timestamp");
                hasTs = true;
              }
            }
            case "model_version" -> version = optionalScalar(p, at, ".model_version");
            case "prediction" -> prediction = optionalScalar(p, at, ".prediction");
            case "features" -> {
              if (p.currentToken() != JsonToken.VALUE_NULL) {
                values = new Object[featureNames.length];
                featuresJson = features(p, at, values);
              }
            }
            case "scores" -> scores = scores(p, at);
            default -> p.skipChildren();
          }
        } catch (VigilException e) {
          p.skipChildren(); // the value was read as a tree for the message, or is a scalar
          if (errors == null) errors = new VigilException[6];
          int slot = switch (field) {
            case "id" -> 0;
            case "timestamp" -> 1;
            case "model_version" -> 2;
            case "prediction" -> 3;
            case "features" -> 4;
            default -> 5;
          };
          if (errors[slot] == null) errors[slot] = e;
        }
      }
      if (errors == null) errors = NO_ERRORS;
      check(errors[0]);
      id(id, at);
      check(errors[1]);
      if (!hasTs) throw missing(at(at, ".timestamp"));
      check(errors[2]);
      if (version == null) throw missing(at(at, ".model_version"));
      if (version.isEmpty()) throw VigilException.invalid("Parameter '" + at(at, ".model_version") + "' must not be empty.");
      check(errors[3]);
      if (prediction == null) throw missing(at(at, ".prediction"));
      check(errors[4]);
      check(errors[5]);
      if (version.equals(lastVersion)) version = lastVersion;
      else lastVersion = version;
      features.add(values);
      return new Prediction(id, ts, version, featuresJson, prediction, scores);
    }

    /** A flat object of feature values, as compact JSON; {@code values} receives the declared ones. */
    private String features(JsonParser p, int at, Object[] values) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) throw bad(at(at, ".features"), p, "an object of feature values");
      StringBuilder sb = new StringBuilder(64).append('{');
      for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
        JsonToken t = p.nextToken();
        MonitorDefinition.FeatureKind kind = def.features().get(key);
        VigilException error = null;
        if (kind == MonitorDefinition.FeatureKind.NUMERIC && t != JsonToken.VALUE_NULL && !t.isNumeric()) {
          error = bad(at(at, ".features." + key), p, "a number");
        } else if (!t.isScalarValue()) {
          error = bad(at(at, ".features." + key), p, "a number, string or boolean");
        }
        if (error != null) {
          // Leave the parser at the end of the features object, so the event's other fields still read.
          for (JsonToken rest = p.nextToken(); rest != JsonToken.END_OBJECT; rest = p.nextToken()) p.skipChildren();
          throw error;
        }
        if (sb.length() > 1) sb.append(',');
        EventLog.string(sb, key).append(':');
        Object value = null; // what drift samples: a number for numeric features, text for categorical ones
        switch (t) {
          case VALUE_STRING -> {
            String s = p.getText();
            EventLog.string(sb, s);
            value = s;
          }
          case VALUE_NUMBER_INT -> {
            String s = integerText(p);
            sb.append(s);
            value = kind == MonitorDefinition.FeatureKind.NUMERIC ? (Object) p.getDoubleValue() : s;
          }
          case VALUE_NUMBER_FLOAT -> {
            double d = p.getDoubleValue();
            if (Double.isFinite(d)) sb.append(d);
            else sb.append("null");
            value = kind == MonitorDefinition.FeatureKind.NUMERIC ? (Object) d : Double.toString(d);
          }
          case VALUE_TRUE, VALUE_FALSE -> {
            sb.append(t == JsonToken.VALUE_TRUE);
            value = kind == MonitorDefinition.FeatureKind.NUMERIC ? null : String.valueOf(t == JsonToken.VALUE_TRUE);
          }
          default -> sb.append("null");
        }
        if (kind != null && value != null) {
          for (int i = 0; i < featureNames.length; i++) {
            if (featureNames[i].equals(key)) values[i] = value;
          }
        }
      }
      return sb.append('}').toString();
    }
  }

  private static final VigilException[] NO_ERRORS = new VigilException[6];

  private static void check(VigilException e) {
    if (e != null) throw e;
  }

  /** A number, a list of numbers or an object of numbers, as compact JSON. */
  private static String scores(JsonParser p, int at) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) return null;
    if (t.isNumeric()) return numberText(p);
    if (t != JsonToken.START_ARRAY && t != JsonToken.START_OBJECT) {
      throw bad(at(at, ".scores"), p, "a number, a list of numbers or an object of numbers");
    }
    // Rare and small: read as a tree, as the stored text always was.
    JsonNode n = VALUE.readTree(p);
    for (JsonNode x : n) {
      if (!x.isNumber()) throw bad(at(at, ".scores"), n, "a number, a list of numbers or an object of numbers");
    }
    return n.toString();
  }

  // ------------------------------------------------------------------ outcomes

  private static Outcome outcome(JsonParser p, int at) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) throw bad(at(at, ""), p, "an object");
    String id = null;
    String label = null;
    String value = null;
    boolean valueNotNumber = false;
    Long ts = null;
    VigilException[] errors = null;
    for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      try {
        switch (field) {
          case "id" -> id = optionalScalar(p, at, ".id");
          case "label" -> label = optionalScalar(p, at, ".label");
          case "value" -> {
            if (t != JsonToken.VALUE_NULL && !t.isNumeric()) {
              valueNotNumber = true;
              throw bad(at(at, ".value"), p, "a number");
            }
            value = optionalScalar(p, at, ".value");
          }
          case "timestamp" -> ts = t == JsonToken.VALUE_NULL ? null : timestamp(p, at, ".timestamp");
          default -> p.skipChildren();
        }
      } catch (VigilException e) {
        p.skipChildren();
        if (errors == null) errors = new VigilException[4];
        int slot = switch (field) {
          case "id" -> 0;
          case "label" -> 1;
          case "value" -> 2;
          default -> 3;
        };
        if (errors[slot] == null) errors[slot] = e;
      }
    }
    if (errors == null) errors = NO_ERRORS;
    check(errors[0]);
    id(id, at);
    String outcome;
    if (label != null || errors[1] != null) { // a label wins over a value, valid or not
      check(errors[1]);
      outcome = label;
    } else {
      if (value == null && !valueNotNumber && errors[2] == null) {
        throw VigilException.invalid("Missing value for required parameter '" + at(at, ".label") + "' (or '" + at(at, ".value") + "').");
      }
      check(errors[2]);
      outcome = value;
    }
    check(errors[3]);
    return new Outcome(id, outcome, ts);
  }

  // ------------------------------------------------------------------ values

  private static void id(String id, int at) {
    if (id == null) throw missing(at(at, ".id"));
    if (id.isEmpty() || id.length() > MAX_ID) {
      throw VigilException.invalid("Parameter '" + at(at, ".id") + "' must have 1 to " + MAX_ID + " characters.");
    }
  }

  private static VigilException missing(String name) {
    return VigilException.invalid("Missing value for required parameter '" + name + "'.");
  }

  /**
   * Labels, ids and predictions as text: integers exactly, other numbers without trailing zeros
   * (1.0 → "1"); null for a JSON null.
   */
  private static String optionalScalar(JsonParser p, int at, String field) throws IOException {
    JsonToken t = p.currentToken();
    return switch (t) {
      case VALUE_NULL -> null;
      case VALUE_STRING -> p.getText();
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_NUMBER_INT -> integerText(p);
      case VALUE_NUMBER_FLOAT -> {
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) throw bad(at(at, field), p, "a finite number");
        yield BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
      }
      default -> throw bad(at(at, field), p, "a string or a number");
    };
  }

  private static final String[] SMALL_INTEGERS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

  private static String integerText(JsonParser p) throws IOException {
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) return p.getBigIntegerValue().toString();
    long v = p.getLongValue();
    return v >= 0 && v < SMALL_INTEGERS.length ? SMALL_INTEGERS[(int) v] : Long.toString(v);
  }

  /** A number as JSON text: as sent (already valid JSON); none for a non-finite one (e.g. 1e999). */
  private static String numberText(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) return integerText(p);
    return Double.isFinite(p.getDoubleValue()) ? p.getText() : null;
  }

  private static long timestamp(JsonParser p, int at, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) return p.getLongValue();
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText().trim();
      if (EPOCH_MS.matcher(s).matches()) return Long.parseLong(s);
      try {
        return Instant.parse(s).toEpochMilli();
      } catch (DateTimeParseException e) {
        try {
          return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e2) {
          // fall through
        }
      }
    }
    throw bad(at(at, field), p, "epoch milliseconds or an ISO-8601 timestamp such as 2026-01-31T12:00:00Z");
  }

  /** The error for the parser's current value, shown as JSON (the value is consumed). */
  private static VigilException bad(String name, JsonParser p, String expected) throws IOException {
    JsonNode v = p.currentToken() == null ? null : VALUE.readTree(p);
    return bad(name, v, expected);
  }

  private static VigilException bad(String name, JsonNode v, String expected) {
    String shown = v == null ? "null" : v.toString();
    if (shown.length() > 100) shown = shown.substring(0, 100) + "…";
    return VigilException.invalid("Invalid value " + shown + " for parameter '" + name + "': expected " + expected + ".");
  }

  static String json(Object o) {
    try {
      return Json.MAPPER.writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
