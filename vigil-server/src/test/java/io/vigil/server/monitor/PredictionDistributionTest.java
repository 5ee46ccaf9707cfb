package io.vigil.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.metrics.evaluation.EvaluationTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prediction distributions per window for multiclass and regression monitors (binary: MonitorRoutesTest). */
class PredictionDistributionTest {
  static final long T0 = 1_767_225_600_000L;
  @TempDir Path dir;

  @Test
  void topScore_isTheLargestScore_ofAListOrAnObject() {
    assertThat(PredictionDistribution.topScore("[0.1, 0.7, 0.2]")).isEqualTo(0.7);
    assertThat(PredictionDistribution.topScore("{\"cat\": 0.25, \"dog\": 0.6, \"owl\": 0.15}")).isEqualTo(0.6);
    assertThat(PredictionDistribution.topScore("0.9")).isEqualTo(0.9);
    assertThat(PredictionDistribution.topScore("[0.1, \"x\"]")).isNaN();
    assertThat(PredictionDistribution.topScore("[]")).isNaN();
    assertThat(PredictionDistribution.topScore("not json")).isNaN();
  }

  @Test
  void classShares_keepTheFirst50Classes_andSumTheRest_alsoAcrossMerges() {
    PredictionDistribution a = new PredictionDistribution(EvaluationTask.MULTICLASS);
    for (int c = 0; c < 60; c++) a.addPrediction("c" + c);
    a.addPrediction("c0");
    Map<String, Double> out = new HashMap<>();
    a.values(out);
    assertThat(out.keySet().stream().filter(k -> k.startsWith("prediction_share.")).count()).isEqualTo(51);
    assertThat(out.get("prediction_share.c0")).isEqualTo(2.0 / 61);
    assertThat(out.get("prediction_share._other")).isEqualTo(10.0 / 61);
    assertThat(out).doesNotContainKey("prediction_share.c55");

    PredictionDistribution merged = new PredictionDistribution(EvaluationTask.MULTICLASS);
    PredictionDistribution b = new PredictionDistribution(EvaluationTask.MULTICLASS);
    b.addPrediction("new");
    merged.merge(a);
    merged.merge(b);
    out.clear();
    merged.values(out);
    assertThat(out.get("prediction_share._other")).isEqualTo(11.0 / 62);
    assertThat(out).doesNotContainKey("prediction_share.new");

    // A label too long for a series name is counted in _other, whatever the number of classes.
    PredictionDistribution c = new PredictionDistribution(EvaluationTask.BINARY);
    c.addPrediction("x".repeat(240));
    c.addPrediction("1");
    out.clear();
    c.values(out);
    assertThat(out).containsOnlyKeys("prediction_share._other", "prediction_share.1");
  }

  @Test
  void regressionMoments_mergedFromParts_equalOnePass() {
    double[] xs = {3.5, -1, 7.25, 0, 12, 4.5, 4.5, 100};
    PredictionDistribution one = new PredictionDistribution(EvaluationTask.REGRESSION);
    PredictionDistribution left = new PredictionDistribution(EvaluationTask.REGRESSION);
    PredictionDistribution right = new PredictionDistribution(EvaluationTask.REGRESSION);
    for (int i = 0; i < xs.length; i++) {
      one.addPrediction(Double.toString(xs[i]));
      (i < 3 ? left : right).addPrediction(Double.toString(xs[i]));
    }
    one.addPrediction("NaN");
    one.addPrediction("cat");
    PredictionDistribution merged = new PredictionDistribution(EvaluationTask.REGRESSION);
    merged.merge(left);
    merged.merge(right);
    merged.merge(new PredictionDistribution(EvaluationTask.REGRESSION));
    for (PredictionDistribution d : List.of(one, merged)) {
      Map<String, Double> out = new HashMap<>();
      d.values(out);
      // numpy: np.mean(xs) = 16.34375, np.std(xs) = 31.846049966008344
      assertThat(out.get("prediction_mean")).isCloseTo(16.34375, within(1e-12));
      assertThat(out.get("prediction_std")).isCloseTo(31.846049966008344, within(1e-9));
      assertThat(out.get("prediction_min")).isEqualTo(-1.0);
      assertThat(out.get("prediction_max")).isEqualTo(100.0);
      assertThat(out).doesNotContainKey("score_count");
    }
  }

  @Test
  void multiclassMonitor_writesTopScoreHistogram_andClassShares_rebuiltAfterRestart() throws Exception {
    MonitorApi api = new MonitorApi(dir, T0);
    try {
      api.json("PUT", "/api/vigil/monitors/zoo", Map.of("task", "multiclass", "window", "1h"));
      List<Object> batch = new ArrayList<>();
      Object[][] rows = {
          {"cat", List.of(0.7, 0.2, 0.1)}, {"cat", Map.of("cat", 0.55, "dog", 0.45)}, {"dog", List.of(0.05, 0.95)},
          {"owl", List.of(0.34, 0.33, 0.33)}, {"dog", null}};
      for (int i = 0; i < rows.length; i++) {
        Map<String, Object> e = new HashMap<>(Map.of("id", "z" + i, "timestamp", T0 + i, "model_version", i < 2 ? "1" : "2",
            "prediction", rows[i][0]));
        if (rows[i][1] != null) e.put("scores", rows[i][1]);
        batch.add(e);
      }
      api.json("POST", "/api/vigil/monitors/zoo/predictions", batch);
      api.tick();
      for (int round = 0; round < 2; round++) {
        assertThat(api.window("zoo", "score_count", T0)).isEqualTo(4.0);
        assertThat(api.window("zoo", "score_mean", T0)).isCloseTo((0.7 + 0.55 + 0.95 + 0.34) / 4, within(1e-12));
        assertThat(api.window("zoo", "score_hist.3", T0)).isEqualTo(1.0);
        assertThat(api.window("zoo", "score_hist.5", T0)).isEqualTo(1.0);
        assertThat(api.window("zoo", "score_hist.7", T0)).isEqualTo(1.0);
        assertThat(api.window("zoo", "score_hist.9", T0)).isEqualTo(1.0);
        assertThat(api.window("zoo", "prediction_share.cat", T0)).isEqualTo(0.4);
        assertThat(api.window("zoo", "prediction_share.dog", T0)).isEqualTo(0.4);
        assertThat(api.window("zoo", "prediction_share.owl", T0)).isEqualTo(0.2);
        JsonNode v2 = api.get("/api/vigil/monitors/zoo/windows?metric=prediction_share.dog&model_version=2");
        assertThat(v2.at("/windows/0/value").asDouble()).isCloseTo(2.0 / 3, within(1e-12));
        api.close();
        api = new MonitorApi(dir, T0);
        api.tick();
      }
    } finally {
      api.close();
    }
  }

  @Test
  void regressionMonitor_writesPredictionMoments_perVersionAndAllVersions_andTheyCanBeAlertedOn() throws Exception {
    MonitorApi api = new MonitorApi(dir, T0);
    try {
      api.json("PUT", "/api/vigil/monitors/price", Map.of("task", "regression", "window", "1h",
          "alerts", List.of(Map.of("name", "high", "metric", "prediction_mean", "op", "above", "threshold", 10))));
      List<Object> batch = new ArrayList<>();
      double[] xs = {3.5, -1, 7.25, 0, 12, 4.5, 4.5, 100};
      for (int i = 0; i < xs.length; i++) {
        batch.add(Map.of("id", "p" + i, "timestamp", T0 + i, "model_version", i % 2 == 0 ? "a" : "b", "prediction", xs[i]));
      }
      api.json("POST", "/api/vigil/monitors/price/predictions", batch);
      api.clock.set(T0 + 3_600_000L);
      api.tick();
      assertThat(api.window("price", "prediction_mean", T0)).isCloseTo(16.34375, within(1e-12));
      assertThat(api.window("price", "prediction_std", T0)).isCloseTo(31.846049966008344, within(1e-9));
      assertThat(api.window("price", "prediction_min", T0)).isEqualTo(-1.0);
      assertThat(api.window("price", "prediction_max", T0)).isEqualTo(100.0);
      JsonNode a = api.get("/api/vigil/monitors/price/windows?metric=prediction_mean&model_version=a");
      assertThat(a.at("/windows/0/value").asDouble()).isCloseTo((3.5 + 7.25 + 12 + 4.5) / 4, within(1e-12));
      assertThat(api.get("/api/vigil/monitors/price/alerts").at("/alerts/0/state").asText()).isEqualTo("firing");
    } finally {
      api.close();
    }
  }
}
