package io.vigil.server.http.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.model.Experiment;
import io.vigil.model.ExperimentTag;
import io.vigil.model.Metric;
import io.vigil.model.Param;
import io.vigil.model.Run;
import io.vigil.model.RunInfo;
import io.vigil.model.RunTag;
import java.util.List;

/** Domain records in MLflow's JSON shape: int64 as numbers, empty lists left out, NaN as "NaN". */
final class MlflowJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private MlflowJson() {}

  static ObjectNode object() {
    return F.objectNode();
  }

  static ObjectNode experiment(Experiment e) {
    ObjectNode o = F.objectNode();
    o.put("experiment_id", e.experimentId());
    o.put("name", e.name());
    o.put("artifact_location", e.artifactLocation());
    o.put("lifecycle_stage", e.lifecycleStage().wire());
    o.put("last_update_time", e.lastUpdateTime());
    o.put("creation_time", e.creationTime());
    if (!e.tags().isEmpty()) {
      ArrayNode tags = o.putArray("tags");
      for (ExperimentTag t : e.tags()) tags.addObject().put("key", t.key()).put("value", t.value());
    }
    return o;
  }

  static ObjectNode runInfo(RunInfo i) {
    ObjectNode o = F.objectNode();
    o.put("run_id", i.runId());
    o.put("run_uuid", i.runId());
    o.put("run_name", i.runName());
    o.put("experiment_id", i.experimentId());
    o.put("user_id", i.userId());
    o.put("status", i.status().name());
    o.put("start_time", i.startTime());
    if (i.endTime() != null) o.put("end_time", i.endTime());
    o.put("artifact_uri", i.artifactUri());
    o.put("lifecycle_stage", i.lifecycleStage().wire());
    return o;
  }

  static ObjectNode run(Run r) {
    ObjectNode o = F.objectNode();
    o.set("info", runInfo(r.info()));
    ObjectNode data = o.putObject("data");
    if (!r.data().metrics().isEmpty()) {
      ArrayNode a = data.putArray("metrics");
      for (Metric m : r.data().metrics()) a.add(metric(m));
    }
    if (!r.data().params().isEmpty()) {
      ArrayNode a = data.putArray("params");
      for (Param p : r.data().params()) a.addObject().put("key", p.key()).put("value", p.value());
    }
    if (!r.data().tags().isEmpty()) {
      ArrayNode a = data.putArray("tags");
      for (RunTag t : r.data().tags()) a.addObject().put("key", t.key()).put("value", t.value());
    }
    o.putObject("inputs");
    return o;
  }

  static ObjectNode metric(Metric m) {
    ObjectNode o = F.objectNode();
    o.put("key", m.key());
    o.put("value", m.value());
    o.put("timestamp", m.timestamp());
    o.put("step", m.step());
    return o;
  }

  static ArrayNode runs(List<Run> runs) {
    ArrayNode a = F.arrayNode();
    for (Run r : runs) a.add(run(r));
    return a;
  }
}
