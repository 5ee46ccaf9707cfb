package io.vigil.server.http.vigil;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.vigil.metrics.InvalidInputException;
import io.vigil.metrics.evaluation.Evaluation;
import io.vigil.metrics.evaluation.EvaluationTask;
import io.vigil.model.Metric;
import io.vigil.model.VigilException;
import io.vigil.server.evaluation.Labels;
import io.vigil.server.auth.Authorizer;
import io.vigil.server.auth.Permission;
import io.vigil.server.http.HttpRequests;
import io.vigil.server.http.JsonRequest;
import io.vigil.server.tracking.TrackingService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/vigil/evaluate}: {@code {task, y_true, y_pred?, y_score?, labels?, pos_label?, run_id?}}
 * → {@code {"metrics": {name: value}}}, computed by {@link Evaluation}; with {@code run_id} the metrics
 * are also logged to that run (step 0, timestamp now) before answering.
 */
public final class EvaluateRoutes {
  private final TrackingService tracking;
  private final Clock clock;
  private final Authorizer authz;

  public EvaluateRoutes(TrackingService tracking, Clock clock) {
    this(tracking, clock, Authorizer.allowAll());
  }

  public EvaluateRoutes(TrackingService tracking, Clock clock, Authorizer authz) {
    this.tracking = tracking;
    this.clock = clock;
    this.authz = authz;
  }

  public void register(Javalin app) {
    app.post("/api/vigil/evaluate", this::evaluate);
  }

  private void evaluate(Context ctx) {
    JsonRequest r = HttpRequests.body(ctx);
    EvaluationTask task = EvaluationTask.parse(r.requiredString("task"));
    String runId = r.optionalString("run_id");
    if (runId != null && runId.isBlank()) throw VigilException.invalid("run_id is empty");
    // Logging to a run needs EDIT on it; computing metrics alone needs only authentication.
    if (runId != null) authz.requireRun(ctx, runId, Permission.EDIT);
    Map<String, Double> metrics = switch (task) {
      case REGRESSION -> regression(r);
      case BINARY -> binary(r);
      case MULTICLASS -> multiclass(r);
    };
    if (runId != null) {
      long now = clock.millis();
      List<Metric> batch = new ArrayList<>(metrics.size());
      metrics.forEach((k, v) -> batch.add(new Metric(k, v, now, 0)));
      tracking.logBatch(runId, batch, List.of(), List.of());
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode m = body.putObject("metrics");
    metrics.forEach(m::put);
    HttpRequests.json(ctx, body);
  }

  private static Map<String, Double> regression(JsonRequest r) {
    for (String f : List.of("y_score", "labels", "pos_label")) {
      if (r.has(f)) throw new InvalidInputException(f + " applies to classification tasks, not regression");
    }
    return Evaluation.regression(r.requiredDoubleArray("y_true"), r.requiredDoubleArray("y_pred"));
  }

  private static Map<String, Double> binary(JsonRequest r) {
    if (r.has("labels")) throw new InvalidInputException("labels applies to multiclass tasks (the column order of y_score)");
    List<String> yt = r.requiredScalarTextList("y_true");
    List<String> yp = r.optionalScalarTextList("y_pred");
    double[] scores = r.optionalDoubleArray("y_score");
    Labels coding = Labels.infer(yt, yp);
    String pos = r.optionalScalarText("pos_label");
    Object posLabel = pos != null ? coding.convert(pos, "pos_label") : coding.integers() ? Long.valueOf(1) : null;
    if (posLabel == null) throw new InvalidInputException("pos_label is required when the labels are not integers");
    return Evaluation.binary(coding.convert(yt, "y_true value"), yp == null ? null : coding.convert(yp, "y_pred value"),
        scores, posLabel);
  }

  private static Map<String, Double> multiclass(JsonRequest r) {
    if (r.has("pos_label")) throw new InvalidInputException("pos_label applies to binary tasks");
    List<String> yt = r.requiredScalarTextList("y_true");
    List<String> yp = r.optionalScalarTextList("y_pred");
    double[][] scores = r.optionalDoubleMatrix("y_score");
    List<String> labelText = r.optionalScalarTextList("labels");
    Labels coding = Labels.infer(yt, yp);
    List<Object> yTrue = coding.convert(yt, "y_true value");
    List<Object> yPred = yp == null ? null : coding.convert(yp, "y_pred value");
    List<Object> labels = labelText == null ? null : coding.convert(labelText, "labels value");
    if (labels != null && new HashSet<>(labels).size() != labels.size()) {
      throw new InvalidInputException("labels lists a label twice: " + labels);
    }
    if (scores != null) {
      if (labels == null) labels = Labels.sorted(yTrue, yPred);
      for (int i = 0; i < scores.length; i++) {
        if (scores[i].length != labels.size()) {
          throw new InvalidInputException("y_score[" + i + "] has " + scores[i].length + " columns but there are "
              + labels.size() + " labels " + labels + (labelText == null ? " (sorted from the data; give labels in the column order)" : ""));
        }
      }
    }
    return Evaluation.multiclass(yTrue, yPred, scores, labels);
  }
}
