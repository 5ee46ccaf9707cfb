package io.vigil.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.metrics.classification.Average;
import io.vigil.metrics.classification.ClassificationMetrics;
import io.vigil.metrics.classification.ConfusionMatrix;
import io.vigil.metrics.classification.LabelConfusionAccumulator;
import io.vigil.metrics.classification.Scores;
import io.vigil.metrics.regression.RegressionAccumulator;
import io.vigil.metrics.window.TumblingWindows;
import io.vigil.metrics.window.Window;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Golden evaluator for streaming.json. */
final class StreamingGolden implements GoldenEvaluator {
  @Override
  public Object compute(String kind, JsonNode inputs, JsonNode params, String key) {
    long[] ts = GoldenJson.longs(inputs.path("timestamp_ms"));
    long width = params.path("window_ms").longValue();
    List<Map<String, Object>> out = new ArrayList<>();
    if (kind.equals("regression_windows")) {
      double[] y = GoldenJson.doubles(inputs.path("y_true"));
      double[] yHat = GoldenJson.doubles(inputs.path("y_pred"));
      TumblingWindows<RegressionAccumulator> w = new TumblingWindows<>(width, RegressionAccumulator::new);
      for (int i = 0; i < ts.length; i++) {
        w.at(ts[i]).add(y[i], yHat[i]);
      }
      for (Window<RegressionAccumulator> win : w.windows()) {
        Map<String, Object> m = bounds(win);
        m.put("count", win.accumulator().count());
        m.put("rmse", win.accumulator().rmse());
        m.put("mae", win.accumulator().mae());
        out.add(m);
      }
    } else {
      List<Object> y = GoldenJson.labels(inputs.path("y_true"));
      List<Object> yHat = GoldenJson.labels(inputs.path("y_pred"));
      TumblingWindows<LabelConfusionAccumulator<Object>> w =
          new TumblingWindows<>(width, LabelConfusionAccumulator::new);
      for (int i = 0; i < ts.length; i++) {
        w.at(ts[i]).add(y.get(i), yHat.get(i));
      }
      String average = params.path("average").asText();
      Object pos = GoldenJson.label(params.path("pos_label"));
      for (Window<LabelConfusionAccumulator<Object>> win : w.windows()) {
        ConfusionMatrix<Object> cm = win.accumulator().result();
        Scores s =
            average.equals("binary")
                ? ClassificationMetrics.binary(cm, pos, 1.0)
                : ClassificationMetrics.scores(cm, Average.valueOf(average.toUpperCase()), 1.0);
        Map<String, Object> m = bounds(win);
        m.put("count", cm.total());
        m.put("accuracy", ClassificationMetrics.accuracy(cm));
        m.put("precision", s.precision());
        m.put("recall", s.recall());
        m.put("f1", s.f());
        out.add(m);
      }
    }
    return out;
  }

  private static Map<String, Object> bounds(Window<?> w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("window_start_ms", w.startMs());
    m.put("window_end_ms", w.endMs());
    return m;
  }
}
