package io.vigil.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.model.VigilException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed, strict access to a request's fields, from a JSON body or a query string. Every violation is
 * INVALID_PARAMETER_VALUE naming the field. Follows proto3 JSON: int64 as a number or a decimal
 * string; doubles as numbers, numeric strings, or "NaN", "Infinity", "-Infinity".
 */
public final class JsonRequest {
  private final JsonNode node;
  private final String prefix;

  private JsonRequest(JsonNode node, String prefix) {
    this.node = node;
    this.prefix = prefix;
  }

  public static JsonRequest parse(byte[] body) {
    if (body.length == 0) return new JsonRequest(JsonNodeFactory.instance.objectNode(), "");
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      // Jackson's messages end with hints about its own settings; the client needs only the first part.
      String why = e.getOriginalMessage().replaceAll("(?s)(: enable|; nested|\\n).*", "");
      throw VigilException.invalid("Request body is not valid JSON" + where + ": " + why);
    } catch (java.io.IOException e) {
      throw VigilException.invalid("Request body could not be read: " + e.getMessage());
    }
    if (n == null || !n.isObject()) throw VigilException.invalid("Request body must be a JSON object.");
    return new JsonRequest(n, "");
  }

  /** A request over an object already built (e.g. the fields the audit log reads). */
  static JsonRequest of(ObjectNode object) {
    return new JsonRequest(object, "");
  }

  /** Query parameters as a request: single values are strings, repeated ones arrays of strings. */
  public static JsonRequest fromQuery(Map<String, List<String>> query) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    query.forEach((k, vs) -> {
      if (vs.size() == 1) o.put(k, vs.get(0));
      else {
        var arr = o.putArray(k);
        vs.forEach(arr::add);
      }
    });
    return new JsonRequest(o, "");
  }

  private String name(String field) {
    return prefix + field;
  }

  private JsonNode get(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v;
  }

  /** A top-level string or number field as text, or null when absent or of another type; never throws. */
  String peekText(String field) {
    JsonNode v = node.get(field);
    return v != null && (v.isTextual() || v.isNumber()) ? v.asText() : null;
  }

  public boolean has(String field) {
    return get(field) != null;
  }

  private VigilException missing(String field) {
    return VigilException.invalid("Missing value for required parameter '" + name(field) + "'.");
  }

  private VigilException wrong(String field, JsonNode v, String expected) {
    String shown = v.toString();
    if (shown.length() > 100) shown = shown.substring(0, 100) + "…";
    return VigilException.invalid("Invalid value " + shown + " for parameter '" + name(field) + "' supplied: expected " + expected + ".");
  }

  public String requiredString(String field) {
    String s = optionalString(field);
    if (s == null) throw missing(field);
    return s;
  }

  public String optionalString(String field) {
    JsonNode v = get(field);
    if (v == null) return null;
    if (!v.isTextual()) throw wrong(field, v, "a string");
    return v.textValue();
  }

  /** The first present field among {@code fields} (e.g. run_id, then the legacy run_uuid). */
  public String requiredStringOf(String... fields) {
    for (String f : fields) {
      String s = optionalString(f);
      if (s != null && !s.isEmpty()) return s;
    }
    throw missing(fields[0]);
  }

  /** An id that MLflow declares as a string but some clients send as a number. */
  public String optionalId(String field) {
    JsonNode v = get(field);
    if (v == null) return null;
    if (v.isTextual()) return v.textValue();
    if (v.isIntegralNumber()) return v.bigIntegerValue().toString();
    throw wrong(field, v, "a string id");
  }

  public Long optionalInt64(String field) {
    JsonNode v = get(field);
    if (v == null) return null;
    if (v.isIntegralNumber()) {
      if (!v.canConvertToLong()) throw wrong(field, v, "a 64-bit integer");
      return v.longValue();
    }
    if (v.isNumber()) {
      // A float literal: accept only whole numbers small enough to be exact in a double.
      double d = v.doubleValue();
      if (!Double.isFinite(d) || d != Math.rint(d)) throw wrong(field, v, "an integer, not a fraction");
      if (Math.abs(d) > 0x1p53) throw wrong(field, v, "an integer written without a fraction or exponent");
      return (long) d;
    }
    if (!v.isTextual()) throw wrong(field, v, "an integer");
    BigInteger i;
    try {
      i = new BigDecimal(v.textValue().trim()).toBigIntegerExact();
    } catch (NumberFormatException e) {
      throw wrong(field, v, "an integer");
    } catch (ArithmeticException e) {
      throw wrong(field, v, "an integer, not a fraction");
    }
    if (i.bitLength() > 63) throw wrong(field, v, "a 64-bit integer");
    return i.longValue();
  }

  public long requiredInt64(String field) {
    Long v = optionalInt64(field);
    if (v == null) throw missing(field);
    return v;
  }

  public Integer optionalInt32(String field) {
    Long v = optionalInt64(field);
    if (v == null) return null;
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw wrong(field, get(field), "a 32-bit integer");
    return v.intValue();
  }

  /** A double as proto3 JSON writes it; values beyond double range are rejected, never rounded to ±Infinity. */
  public double requiredDouble(String field) {
    JsonNode v = get(field);
    if (v == null) throw missing(field);
    return toDouble(field, v);
  }

  private double toDouble(String field, JsonNode v) {
    if (v.isNumber()) {
      double d = v.doubleValue();
      if (Double.isInfinite(d)) throw wrong(field, v, "a number within double range (use \"Infinity\" for infinity)");
      return d;
    }
    if (v.isTextual()) {
      String s = v.textValue();
      switch (s) {
        case "NaN": return Double.NaN;
        case "Infinity": return Double.POSITIVE_INFINITY;
        case "-Infinity": return Double.NEGATIVE_INFINITY;
        default:
          if (s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            double d = Double.parseDouble(s);
            if (!Double.isInfinite(d)) return d;
          }
      }
    }
    throw wrong(field, v, "a number or one of \"NaN\", \"Infinity\", \"-Infinity\"");
  }

  public List<String> stringList(String field) {
    JsonNode v = get(field);
    List<String> out = new ArrayList<>();
    if (v == null) return out;
    if (v.isTextual()) {
      out.add(v.textValue());
      return out;
    }
    if (!v.isArray()) throw wrong(field, v, "a list of strings");
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (e.isTextual()) out.add(e.textValue());
      else if (e.isIntegralNumber()) out.add(e.bigIntegerValue().toString());
      else throw wrong(field + "[" + i + "]", e, "a string");
    }
    return out;
  }

  /** The elements of a list of objects, each as a request whose errors name {@code field[i].x}. */
  public List<JsonRequest> objectList(String field) {
    JsonNode v = get(field);
    List<JsonRequest> out = new ArrayList<>();
    if (v == null) return out;
    if (!v.isArray()) throw wrong(field, v, "a list of objects");
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isObject()) throw wrong(field + "[" + i + "]", e, "an object");
      out.add(new JsonRequest(e, name(field) + "[" + i + "]."));
    }
    return out;
  }

  public int listSize(String field) {
    JsonNode v = get(field);
    return v != null && v.isArray() ? v.size() : 0;
  }

  /** A copy of the whole request, e.g. to pass a free-form report on. */
  public JsonNode raw() {
    return node.deepCopy();
  }

  /** A JSON boolean or the string "true"/"false"; null when absent. */
  public Boolean optionalBoolean(String field) {
    JsonNode v = get(field);
    if (v == null) return null;
    if (v.isBoolean()) return v.booleanValue();
    if (v.isTextual() && (v.textValue().equalsIgnoreCase("true") || v.textValue().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(v.textValue().toLowerCase(java.util.Locale.ROOT));
    }
    throw wrong(field, v, "true or false");
  }

  /** A string or a number, as text (integers exactly, e.g. for a label); null when absent. */
  public String optionalScalarText(String field) {
    JsonNode v = get(field);
    if (v == null) return null;
    return scalarText(field, v);
  }

  private String scalarText(String field, JsonNode v) {
    if (v.isTextual()) return v.textValue();
    if (v.isIntegralNumber()) return v.bigIntegerValue().toString();
    if (v.isNumber()) return v.decimalValue().toPlainString();
    throw wrong(field, v, "a string or a number");
  }

  /** A list of strings or numbers, each as text (e.g. class labels); null when absent. */
  public List<String> optionalScalarTextList(String field) {
    JsonNode v = get(field);
    if (v == null) return null;
    if (!v.isArray()) throw wrong(field, v, "a list of strings or numbers");
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) out.add(scalarText(field + "[" + i + "]", v.get(i)));
    return out;
  }

  public List<String> requiredScalarTextList(String field) {
    List<String> out = optionalScalarTextList(field);
    if (out == null) throw missing(field);
    return out;
  }

  /** A list of numbers (elements as in {@link #requiredDouble}); null when absent. */
  public double[] optionalDoubleArray(String field) {
    JsonNode v = get(field);
    if (v == null) return null;
    if (!v.isArray()) throw wrong(field, v, "a list of numbers");
    double[] out = new double[v.size()];
    for (int i = 0; i < out.length; i++) out[i] = toDouble(field + "[" + i + "]", v.get(i));
    return out;
  }

  public double[] requiredDoubleArray(String field) {
    double[] out = optionalDoubleArray(field);
    if (out == null) throw missing(field);
    return out;
  }

  /** A list of lists of numbers (rows); null when absent. Rows may differ in length: callers check. */
  public double[][] optionalDoubleMatrix(String field) {
    JsonNode v = get(field);
    if (v == null) return null;
    if (!v.isArray()) throw wrong(field, v, "a list of lists of numbers");
    double[][] out = new double[v.size()][];
    for (int i = 0; i < out.length; i++) {
      JsonNode row = v.get(i);
      String name = field + "[" + i + "]";
      if (!row.isArray()) throw wrong(name, row, "a list of numbers");
      out[i] = new double[row.size()];
      for (int j = 0; j < row.size(); j++) out[i][j] = toDouble(name + "[" + j + "]", row.get(j));
    }
    return out;
  }
}
