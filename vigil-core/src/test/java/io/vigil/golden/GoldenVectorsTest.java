package io.vigil.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every case of every {@code *.json} golden file (scikit-learn / SciPy reference values) in the
 * directory named by the system property {@code vigil.golden.dir}, or the copy in test resources,
 * and fails listing every case id and key that differs.
 *
 * <p>Tolerance: {@code |a-e| <= 1e-9*max(|a|,|e|) + 1e-12}; integers exactly; an expected
 * {@code {"error": …}} means the implementation must throw.
 */
class GoldenVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Evaluators by the golden file's {@code file} field (or its name without .json). */
  private static final Map<String, GoldenEvaluator> EVALUATORS =
      Map.of(
          "classification", new ClassificationGolden(),
          "probabilistic", new ProbabilisticGolden(),
          "regression", new RegressionGolden(),
          "drift", new DriftGolden(),
          "streaming", new StreamingGolden());

  @Test
  void everyGoldenCaseMatchesTheReference() throws Exception {
    Path dir = goldenDir();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).as("golden files in %s", dir).isNotEmpty();
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (Path file : files) {
      JsonNode root = JSON.readTree(file.toFile());
      String name = root.path("file").asText(file.getFileName().toString());
      name = name.replaceAll("\\.json$", "");
      GoldenEvaluator evaluator = EVALUATORS.get(name);
      if (evaluator == null) {
        failures.add(file.getFileName() + ": no evaluator for file '" + name + "'");
        continue;
      }
      for (JsonNode c : root.path("cases")) {
        checked += checkCase(file.getFileName().toString(), evaluator, c, failures);
      }
    }
    assertThat(failures)
        .as("golden mismatches (%d keys checked)%n%s", checked, String.join("\n", failures))
        .isEmpty();
    assertThat(checked).isPositive();
  }

  private static int checkCase(String file, GoldenEvaluator ev, JsonNode c, List<String> failures) {
    String id = file + "#" + c.path("id").asText();
    String kind = c.path("kind").asText();
    JsonNode inputs = c.path("inputs");
    JsonNode params = c.path("params");
    JsonNode expected = c.path("expected");
    if (expected.size() == 1 && expected.has("error")) {
      try {
        Object v = ev.compute(kind, inputs, params, null);
        failures.add(id + ": expected rejection (" + expected.get("error").asText() + ") but got " + v);
      } catch (Exception | AssertionError e) {
        // rejected, as expected
      }
      return 1;
    }
    int n = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode want = e.getValue();
      n++;
      boolean wantError = want.isObject() && want.size() == 1 && want.has("error");
      Object actual;
      try {
        actual = ev.compute(kind, inputs, params, key);
      } catch (Exception ex) {
        if (!wantError) {
          failures.add(id + " [" + key + "]: threw " + ex);
        }
        continue;
      }
      if (wantError) {
        failures.add(id + " [" + key + "]: expected rejection but got " + actual);
        continue;
      }
      JsonNode got = JSON.valueToTree(actual);
      String diff = compare(want, got, "");
      if (diff != null) {
        failures.add(id + " [" + key + "]" + diff);
      }
    }
    return n;
  }

  /** Returns null when equal, else a description of the first difference. */
  static String compare(JsonNode want, JsonNode got, String path) {
    if (want.isArray()) {
      if (!got.isArray()) return path + ": expected array, got " + abbreviate(got);
      if (want.size() != got.size())
        return path + ": expected " + want.size() + " elements, got " + got.size() + " " + abbreviate(got);
      for (int i = 0; i < want.size(); i++) {
        String d = compare(want.get(i), got.get(i), path + "[" + i + "]");
        if (d != null) return d;
      }
      return null;
    }
    if (want.isObject()) {
      if (!got.isObject()) return path + ": expected object, got " + abbreviate(got);
      for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode g = got.get(e.getKey());
        if (g == null) return path + "." + e.getKey() + ": missing";
        String d = compare(e.getValue(), g, path + "." + e.getKey());
        if (d != null) return d;
      }
      return null;
    }
    Double w = asDouble(want);
    if (w != null && (got.isNumber() || asDouble(got) != null)) {
      Double g = asDouble(got);
      if (g == null) return path + ": expected " + want + ", got " + got;
      if (want.isIntegralNumber()) {
        return (g == Math.rint(g) && g.doubleValue() == w.doubleValue())
            ? null
            : path + ": expected integer " + want + ", got " + got;
      }
      return close(w, g) ? null : path + ": expected " + want + ", got " + got;
    }
    if (want.isTextual()) {
      return got.isTextual() && got.asText().equals(want.asText())
          ? null
          : path + ": expected \"" + want.asText() + "\", got " + got;
    }
    if (want.isBoolean()) {
      return got.isBoolean() && got.asBoolean() == want.asBoolean() ? null : path + ": expected " + want + ", got " + got;
    }
    if (want.isNull()) {
      return got.isNull() ? null : path + ": expected null, got " + got;
    }
    return path + ": cannot compare " + want + " with " + got;
  }

  /** Numbers, and the strings "NaN", "Infinity", "-Infinity" as doubles; null for anything else. */
  private static Double asDouble(JsonNode n) {
    if (n.isNumber()) return n.doubleValue();
    if (n.isTextual()) {
      switch (n.asText()) {
        case "NaN": return Double.NaN;
        case "Infinity": return Double.POSITIVE_INFINITY;
        case "-Infinity": return Double.NEGATIVE_INFINITY;
        default: return null;
      }
    }
    return null;
  }

  static boolean close(double e, double a) {
    if (Double.isNaN(e) || Double.isNaN(a)) return Double.isNaN(e) && Double.isNaN(a);
    if (Double.isInfinite(e) || Double.isInfinite(a)) return e == a;
    return Math.abs(a - e) <= 1e-9 * Math.max(Math.abs(a), Math.abs(e)) + 1e-12;
  }

  private static String abbreviate(JsonNode n) {
    String s = n.toString();
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  private static Path goldenDir() throws URISyntaxException, IOException {
    String prop = System.getProperty("vigil.golden.dir");
    if (prop != null && !prop.isBlank()) return Path.of(prop);
    return Path.of(GoldenVectorsTest.class.getResource("/golden/README.md").toURI()).getParent();
  }
}
