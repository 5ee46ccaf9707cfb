package io.vigil.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.model.Experiment;
import io.vigil.model.ExperimentTag;
import io.vigil.model.LifecycleStage;
import io.vigil.model.Metric;
import io.vigil.model.Param;
import io.vigil.model.Run;
import io.vigil.model.RunData;
import io.vigil.model.RunInfo;
import io.vigil.model.RunStatus;
import io.vigil.model.RunTag;
import java.util.ArrayList;
import java.util.List;

/** MLflow JSON → vigil-core records; tolerant of int64 as strings and NaN/Infinity as strings. */
final class Wire {
  private Wire() {}

  static Experiment experiment(JsonNode e) {
    List<ExperimentTag> tags = new ArrayList<>();
    for (JsonNode t : e.path("tags")) tags.add(new ExperimentTag(t.path("key").asText(), t.path("value").asText("")));
    return new Experiment(e.path("experiment_id").asText(), e.path("name").asText(), e.path("artifact_location").asText(null),
        stage(e.path("lifecycle_stage")), e.path("creation_time").asLong(), e.path("last_update_time").asLong(), List.copyOf(tags));
  }

  static Run run(JsonNode r) {
    JsonNode data = r.path("data");
    List<Metric> metrics = new ArrayList<>();
    for (JsonNode m : data.path("metrics")) metrics.add(metric(m));
    List<Param> params = new ArrayList<>();
    for (JsonNode p : data.path("params")) params.add(new Param(p.path("key").asText(), p.path("value").asText("")));
    List<RunTag> tags = new ArrayList<>();
    for (JsonNode t : data.path("tags")) tags.add(new RunTag(t.path("key").asText(), t.path("value").asText("")));
    return new Run(runInfo(r.path("info")), new RunData(List.copyOf(metrics), List.copyOf(params), List.copyOf(tags)));
  }

  static RunInfo runInfo(JsonNode i) {
    String id = i.hasNonNull("run_id") ? i.get("run_id").asText() : i.path("run_uuid").asText();
    JsonNode end = i.get("end_time");
    return new RunInfo(id, i.path("run_name").asText(null), i.path("experiment_id").asText(), i.path("user_id").asText(""),
        RunStatus.valueOf(i.path("status").asText("RUNNING")), i.path("start_time").asLong(),
        end == null || end.isNull() ? null : end.asLong(), i.path("artifact_uri").asText(null), stage(i.path("lifecycle_stage")));
  }

  static Metric metric(JsonNode m) {
    return new Metric(m.path("key").asText(), number(m.path("value")), m.path("timestamp").asLong(), m.path("step").asLong());
  }

  static double number(JsonNode v) {
    if (v.isNumber()) return v.doubleValue();
    String s = v.asText().trim();
    switch (s.toLowerCase()) {
      case "nan": return Double.NaN;
      case "infinity": case "inf": return Double.POSITIVE_INFINITY;
      case "-infinity": case "-inf": return Double.NEGATIVE_INFINITY;
      default: return Double.parseDouble(s);
    }
  }

  private static LifecycleStage stage(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? LifecycleStage.ACTIVE : LifecycleStage.fromWire(n.asText());
  }
}
