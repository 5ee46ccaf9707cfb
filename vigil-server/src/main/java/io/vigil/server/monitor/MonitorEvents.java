package io.vigil.server.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.model.VigilException;
import io.vigil.server.http.Json;
import io.vigil.server.store.MonitorStore.Outcome;
import io.vigil.server.store.MonitorStore.Prediction;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validation of prediction and outcome events. The whole batch is checked before anything is
 * stored; the first error names the event and field, e.g. {@code [3].timestamp}.
 */
final class MonitorEvents {
  static final int MAX_ID = 256;

  private MonitorEvents() {}

  /** Validated predictions; {@code featuresOut} receives each one's features object (when present). */
  static List<Prediction> predictions(List<JsonNode> events, MonitorDefinition def, Map<Prediction, JsonNode> featuresOut) {
    List<Prediction> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      String at = "[" + i + "]";
      if (e == null || !e.isObject()) throw bad(at, e, "an object");
      String id = id(e.get("id"), at + ".id");
      long ts = timestamp(e.get("timestamp"), at + ".timestamp", true);
      String version = scalar(e.get("model_version"), at + ".model_version", true);
      if (version.isEmpty()) throw VigilException.invalid("Parameter '" + at + ".model_version' must not be empty.");
      String prediction = scalar(e.get("prediction"), at + ".prediction", true);
      String features = null;
      JsonNode f = e.get("features");
      JsonNode featureNode = null;
      if (f != null && !f.isNull()) {
        if (!f.isObject()) throw bad(at + ".features", f, "an object of feature values");
        var it = f.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> fe = it.next();
          JsonNode v = fe.getValue();
          MonitorDefinition.FeatureKind kind = def.features().get(fe.getKey());
          String name = at + ".features." + fe.getKey();
          if (v.isNull()) continue;
          if (kind == MonitorDefinition.FeatureKind.NUMERIC && !v.isNumber()) throw bad(name, v, "a number");
          if (!v.isValueNode()) throw bad(name, v, "a number, string or boolean");
        }
        features = compact(f);
        featureNode = f;
      }
      String scores = null;
      JsonNode s = e.get("scores");
      if (s != null && !s.isNull()) {
        if (s.isNumber() || s.isArray() && allNumbers(s) || s.isObject() && allNumbers(s)) scores = s.toString();
        else throw bad(at + ".scores", s, "a number, a list of numbers or an object of numbers");
      }
      Prediction p = new Prediction(id, ts, version, features, prediction, scores);
      out.add(p);
      if (featureNode != null) featuresOut.put(p, featureNode);
    }
    return out;
  }

  static List<Outcome> outcomes(List<JsonNode> events) {
    List<Outcome> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      String at = "[" + i + "]";
      if (e == null || !e.isObject()) throw bad(at, e, "an object");
      String id = id(e.get("id"), at + ".id");
      JsonNode label = e.get("label");
      String value;
      if (label != null && !label.isNull()) {
        value = scalar(label, at + ".label", true);
      } else {
        JsonNode v = e.get("value");
        if (v == null || v.isNull()) throw VigilException.invalid("Missing value for required parameter '" + at + ".label' (or '" + at + ".value').");
        if (!v.isNumber()) throw bad(at + ".value", v, "a number");
        value = scalar(v, at + ".value", true);
      }
      JsonNode t = e.get("timestamp");
      Long ts = t == null || t.isNull() ? null : timestamp(t, at + ".timestamp", true);
      out.add(new Outcome(id, value, ts));
    }
    return out;
  }

  /** A flat object of value nodes as compact JSON, without the general serializer (a hot path). */
  private static String compact(JsonNode f) {
    StringBuilder sb = new StringBuilder(64).append('{');
    var it = f.fields();
    boolean first = true;
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!first) sb.append(',');
      first = false;
      sb.append('"');
      com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(e.getKey(), sb);
      sb.append("\":");
      JsonNode v = e.getValue();
      if (v.isTextual()) {
        sb.append('"');
        com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(v.textValue(), sb);
        sb.append('"');
      } else if (v.isNumber() && !Double.isFinite(v.doubleValue())) {
        sb.append("null");
      } else {
        sb.append(v.asText()); // numbers, booleans, null
      }
    }
    return sb.append('}').toString();
  }

  private static boolean allNumbers(JsonNode n) {
    for (JsonNode x : n) if (!x.isNumber()) return false;
    return true;
  }

  private static String id(JsonNode v, String name) {
    String id = scalar(v, name, true);
    if (id.isEmpty() || id.length() > MAX_ID) throw VigilException.invalid("Parameter '" + name + "' must have 1 to " + MAX_ID + " characters.");
    return id;
  }

  /** Labels and predictions as text: integers exactly, other numbers without trailing zeros (1.0 → "1"). */
  static String scalar(JsonNode v, String name, boolean required) {
    if (v == null || v.isNull()) {
      if (required) throw VigilException.invalid("Missing value for required parameter '" + name + "'.");
      return null;
    }
    if (v.isTextual()) return v.textValue();
    if (v.isIntegralNumber()) return v.bigIntegerValue().toString();
    if (v.isBoolean()) return v.asText();
    if (v.isNumber()) {
      if (!Double.isFinite(v.doubleValue())) throw bad(name, v, "a finite number");
      return v.decimalValue().stripTrailingZeros().toPlainString();
    }
    throw bad(name, v, "a string or a number");
  }

  static long timestamp(JsonNode v, String name, boolean required) {
    if (v == null || v.isNull()) throw VigilException.invalid("Missing value for required parameter '" + name + "'.");
    if (v.isIntegralNumber() && v.canConvertToLong()) return v.longValue();
    if (v.isTextual()) {
      String s = v.textValue().trim();
      if (s.matches("-?\\d{1,18}")) return Long.parseLong(s);
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
    throw bad(name, v, "epoch milliseconds or an ISO-8601 timestamp such as 2026-01-31T12:00:00Z");
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
