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

  static io.vigil.model.RegisteredModel registeredModel(JsonNode m) {
    List<io.vigil.model.ModelVersion> latest = new ArrayList<>();
    for (JsonNode v : m.path("latest_versions")) latest.add(modelVersion(v));
    java.util.Map<String, Long> aliases = new java.util.TreeMap<>();
    for (JsonNode a : m.path("aliases")) aliases.put(a.path("alias").asText(), a.path("version").asLong());
    return new io.vigil.model.RegisteredModel(m.path("name").asText(), m.path("creation_timestamp").asLong(),
        m.path("last_updated_timestamp").asLong(), m.path("user_id").asText(""), m.path("description").asText(""),
        List.copyOf(latest), tags(m), java.util.Collections.unmodifiableMap(aliases));
  }

  static io.vigil.model.ModelVersion modelVersion(JsonNode v) {
    List<String> aliases = new ArrayList<>();
    for (JsonNode a : v.path("aliases")) aliases.add(a.asText());
    return new io.vigil.model.ModelVersion(v.path("name").asText(), v.path("version").asLong(),
        v.path("creation_timestamp").asLong(), v.path("last_updated_timestamp").asLong(), v.path("user_id").asText(""),
        v.path("current_stage").asText("None"), v.path("description").asText(""), v.path("source").asText(""),
        v.hasNonNull("run_id") && !v.get("run_id").asText().isEmpty() ? v.get("run_id").asText() : null,
        v.path("status").asText(""), v.path("status_message").asText(""), v.path("run_link").asText(""), tags(v),
        List.copyOf(aliases));
  }

  static io.vigil.model.AliasMove aliasMove(JsonNode m) {
    return new io.vigil.model.AliasMove(m.path("id").asLong(), m.path("name").asText(), m.path("alias").asText(),
        m.hasNonNull("from_version") ? m.get("from_version").asLong() : null,
        m.hasNonNull("to_version") ? m.get("to_version").asLong() : null, m.path("moved_at").asLong(),
        m.path("moved_by").asText(""), m.path("reason").asText(""), m.path("kind").asText(""));
  }

  private static java.util.Map<String, String> tags(JsonNode o) {
    java.util.Map<String, String> tags = new java.util.TreeMap<>();
    for (JsonNode t : o.path("tags")) tags.put(t.path("key").asText(), t.path("value").asText(""));
    return java.util.Collections.unmodifiableMap(tags);
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
