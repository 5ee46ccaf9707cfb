package io.vigil.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.drift.Psi;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-feature drift tests and thresholds in the monitor definition. */
class FeatureDriftChoiceTest {
  static final long T0 = 1_767_225_600_000L;
  @TempDir Path dir;
  MonitorApi api;

  @BeforeEach
  void start() {
    api = new MonitorApi(dir, T0);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpResponse<String> put(String model, String json) throws Exception {
    return api.send("PUT", "/api/vigil/monitors/" + model, "application/json", json);
  }

  @Test
  void chosenTests_roundTripThroughGet_andShortFormsStayShort() throws Exception {
    assertThat(put("m", """
        {"task": "binary", "positive_label": 1,
         "features": {"age": {"type": "numeric", "drift": {"test": "psi", "threshold": 0.25}},
                      "city": {"type": "categorical", "drift": {"test": "chi_square", "p_value": 0.01}},
                      "plan": {"type": "categorical"},
                      "income": "numeric",
                      "tenure": {"type": "numeric", "drift": {"test": "KS"}}}}
        """).statusCode()).isEqualTo(201);
    JsonNode f = api.get("/api/vigil/monitors/m").at("/definition/features");
    assertThat(f.toString()).isEqualTo("{\"age\":{\"type\":\"numeric\",\"drift\":{\"test\":\"psi\",\"threshold\":0.25}},"
        + "\"city\":{\"type\":\"categorical\",\"drift\":{\"test\":\"chi_square\",\"p_value\":0.01}},"
        + "\"plan\":\"categorical\",\"income\":\"numeric\","
        + "\"tenure\":{\"type\":\"numeric\",\"drift\":{\"test\":\"ks\"}}}");
    // The normalised form is accepted as is (what YAML apply and clients send back).
    JsonNode def = api.get("/api/vigil/monitors/m").get("definition");
    assertThat(put("m", def.toString()).statusCode()).isEqualTo(200);
    assertThat(api.get("/api/vigil/monitors/m").get("definition")).isEqualTo(def);
  }

  @Test
  void unknownTests_testsForTheOtherKind_andBadThresholds_are400NamingTheField() throws Exception {
    Map<String, String> cases = Map.of(
        "{\"age\": {\"type\": \"numeric\", \"drift\": {\"test\": \"anova\"}}}", "features.age.drift.test",
        "{\"city\": {\"type\": \"categorical\", \"drift\": {\"test\": \"ks\"}}}", "features.city.drift.test",
        "{\"age\": {\"type\": \"numeric\", \"drift\": {\"test\": \"chi_square\"}}}", "features.age.drift.test",
        "{\"age\": {\"type\": \"numeric\", \"drift\": {\"test\": \"psi\", \"p_value\": 0.1}}}", "features.age.drift.p_value",
        "{\"age\": {\"type\": \"numeric\", \"drift\": {\"test\": \"ks\", \"p_value\": 1.5}}}", "features.age.drift.p_value",
        "{\"age\": {\"type\": \"numeric\", \"drift\": {\"test\": \"psi\", \"threshold\": -1}}}", "features.age.drift.threshold",
        "{\"age\": {\"type\": \"numeric\", \"drift\": {\"test\": \"psi\", \"treshold\": 1}}}", "features.age.drift.treshold",
        "{\"age\": {\"type\": \"number\"}}", "features.age.type",
        "{\"age\": {\"drift\": {\"test\": \"psi\"}}}", "features.age.type",
        "{\"age\": {\"type\": \"numeric\", \"drift\": {}}}", "features.age.drift.test");
    for (var c : cases.entrySet()) {
      HttpResponse<String> r = put("bad", "{\"task\": \"regression\", \"features\": " + c.getKey() + "}");
      assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
      assertThat(r.body()).as(c.getKey()).contains("INVALID_PARAMETER_VALUE").contains("'" + c.getValue() + "'");
    }
    HttpResponse<String> longName = put("bad", "{\"task\": \"regression\", \"features\": {\"" + "f".repeat(249) + "\": \"numeric\"}}");
    assertThat(longName.statusCode()).isEqualTo(400);
    assertThat(longName.body()).contains("'features'").contains("1-248");
    assertThat(api.send("GET", "/api/vigil/monitors/bad", null, null).statusCode()).as("nothing stored").isEqualTo(404);
  }

  @Test
  void windowsUseTheChosenTestAndThreshold_defaultThresholdFromTheMonitorsDriftSection() throws Exception {
    // age: PSI with the monitor-wide drift.psi (set very high); city: Jensen-Shannon with its own threshold.
    api.json("PUT", "/api/vigil/monitors/churn", """
        {"task": "binary", "positive_label": 1, "drift": {"psi": 1000},
         "features": {"age": {"type": "numeric", "drift": {"test": "psi"}},
                      "city": {"type": "categorical", "drift": {"test": "jensen_shannon", "threshold": 0.08}}}}
        """);
    StringBuilder csv = new StringBuilder("age,city\n");
    double[] refAge = new double[300];
    for (int i = 0; i < 300; i++) {
      refAge[i] = 20 + i % 40;
      csv.append(20 + i % 40).append(',').append(i % 2 == 0 ? "Oslo" : "Rome").append('\n');
    }
    api.ok(api.send("PUT", "/api/vigil/monitors/churn/reference", "text/csv", csv.toString()));
    List<Object> batch = new ArrayList<>();
    double[] curAge = new double[100];
    for (int i = 0; i < 100; i++) {
      curAge[i] = 70 + i % 40;
      batch.add(Map.of("id", "d" + i, "timestamp", T0 + i, "model_version", "3", "prediction", 1,
          "features", Map.of("age", curAge[i], "city", i < 60 ? "Oslo" : "Rome")));
    }
    api.json("POST", "/api/vigil/monitors/churn/predictions", batch);
    api.tick();
    // The automatic choice (KS, chi-square for a 300-row reference) flags age and not city; the chosen tests the reverse.
    assertThat(api.window("churn", "drift.age", T0)).isCloseTo(Psi.numeric(refAge, curAge).psi(), within(1e-9));
    assertThat(api.window("churn", "drifted.age", T0)).isEqualTo(0.0);
    // shares (0.5, 0.5) -> (0.6, 0.4): Jensen-Shannon distance 0.08544 > 0.08
    assertThat(api.window("churn", "drift.city", T0)).isCloseTo(0.08543510262458846, within(1e-12));
    assertThat(api.window("churn", "drifted.city", T0)).isEqualTo(1.0);
    assertThat(api.window("churn", "drift_share", T0)).isEqualTo(0.5);
  }
}
