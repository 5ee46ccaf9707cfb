package io.vigil.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.metrics.InvalidInputException;
import io.vigil.metrics.evaluation.Evaluation;
import io.vigil.metrics.evaluation.EvaluationTask;
import io.vigil.server.evaluation.Labels;
import io.vigil.server.http.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import io.vigil.client.VigilClient;
import io.vigil.client.VigilClientException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil evaluate}: the standard metrics of a task from a CSV of predictions, optionally logged to a run. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Compute the metrics of a model from a CSV of predictions (one row per sample, header required) and "
            + "print them; with --run-id, also log them to that run of a tracking server.",
        "",
        "Labels are integers when every value of the label and prediction columns is one, strings otherwise. "
            + "Metric names per task are listed in docs/EVALUATE.md.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:metrics computed (and logged, with --run-id)",
        "1:logging to the tracking server failed",
        "2:bad input: options, CSV file or values"})
public final class EvaluateCommand implements Callable<Integer> {
  private static final String DEFAULT_PRED_COL = "y_pred";

  @Spec CommandSpec spec;

  @Option(names = "--task", required = true, paramLabel = "TASK", description = "binary, multiclass or regression.")
  String task;

  @Option(names = "--predictions", required = true, paramLabel = "FILE.csv", description = "CSV file of labels, predictions and scores.")
  Path predictions;

  @Option(names = "--label-col", paramLabel = "COL", description = "Column of true labels or values (default: ${DEFAULT-VALUE}).")
  String labelCol = "y_true";

  @Option(names = "--pred-col", paramLabel = "COL",
      description = "Column of predicted labels or values (default: y_pred). Classification: may be absent when scores are "
          + "given; predictions are then score >= 0.5 (binary) or the most probable class (multiclass).")
  String predCol;

  @Option(names = "--score-col", paramLabel = "COL", description = "Binary: column of the probability of the positive label.")
  String scoreCol;

  @Option(names = "--score-cols", split = ",", paramLabel = "COL",
      description = "Multiclass: columns of class probabilities, in the order of --labels (or of the sorted labels).")
  List<String> scoreCols;

  @Option(names = "--pos-label", paramLabel = "L", description = "Binary: the positive label (default: 1 when labels are integers).")
  String posLabel;

  @Option(names = "--labels", split = ",", paramLabel = "LABEL",
      description = "Multiclass: the classes in the order of --score-cols (default: the sorted labels).")
  List<String> labels;

  @Option(names = "--json", description = "Print a JSON object instead of a table.")
  boolean json;

  @Option(names = "--run-id", paramLabel = "ID", description = "Also log the metrics to this run (step 0).")
  String runId;

  @picocli.CommandLine.Mixin
  TrackingServerOption server = new TrackingServerOption();

  @Override
  public Integer call() {
    EvaluationTask t = EvaluationTask.parse(task);
    if (runId != null && runId.isBlank()) throw new IllegalArgumentException("--run-id is empty");
    String trackingUri = runId == null ? null : server.resolve(System.getenv());
    CsvTable csv = CsvTable.read(predictions);
    if (csv.rowCount() == 0) throw new CsvTable.CsvException(csv.file() + ": no data rows after the header");
    Map<String, Double> metrics = switch (t) {
      case REGRESSION -> regression(csv);
      case BINARY -> binary(csv);
      case MULTICLASS -> multiclass(csv);
    };
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("task", t.name().toLowerCase(java.util.Locale.ROOT));
      o.put("rows", csv.rowCount());
      ObjectNode m = o.putObject("metrics");
      metrics.forEach(m::put);
      try {
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      TextTable table = new TextTable("metric", "value");
      metrics.forEach((k, v) -> table.row(k, TextTable.exact(v)));
      table.print(out);
    }
    out.flush();
    if (runId != null) {
      try (VigilClient client = server.client()) {
        client.logMetrics(runId, metrics, 0);
      } catch (VigilClientException e) {
        spec.commandLine().getErr().println("vigil: " + TrackingServerOption.describe(e, trackingUri));
        return 1;
      }
      spec.commandLine().getErr().println("vigil: logged " + metrics.size() + " metrics to run " + runId + " at " + trackingUri);
    }
    return 0;
  }

  private Map<String, Double> regression(CsvTable csv) {
    if (scoreCol != null || scoreCols != null) throw new IllegalArgumentException("--score-col(s) apply to classification tasks, not regression");
    if (posLabel != null || labels != null) throw new IllegalArgumentException("--pos-label and --labels apply to classification tasks, not regression");
    double[] yTrue = csv.doubles(labelCol);
    double[] yPred = csv.doubles(predCol == null ? DEFAULT_PRED_COL : predCol);
    return about(csv, () -> Evaluation.regression(yTrue, yPred));
  }

  private Map<String, Double> binary(CsvTable csv) {
    if (scoreCols != null) throw new IllegalArgumentException("a binary task takes --score-col (the probability of --pos-label), not --score-cols");
    if (labels != null) throw new IllegalArgumentException("--labels applies to multiclass tasks (the order of --score-cols)");
    List<String> yt = csv.nonEmptyStrings(labelCol, "label");
    List<String> yp = predictions(csv, scoreCol != null);
    Labels coding = Labels.infer(yt, yp);
    Object pos;
    if (posLabel != null) pos = coding.convert(posLabel.trim(), "--pos-label");
    else if (coding.integers()) pos = 1L;
    else throw new IllegalArgumentException("--pos-label is required when the labels are not integers");
    double[] scores = scoreCol == null ? null : csv.doubles(scoreCol);
    List<Object> yTrue = coding.convert(yt, "label");
    List<Object> yPred = yp == null ? null : coding.convert(yp, "label");
    return about(csv, () -> Evaluation.binary(yTrue, yPred, scores, pos));
  }

  private Map<String, Double> multiclass(CsvTable csv) {
    if (scoreCol != null) throw new IllegalArgumentException("a multiclass task takes --score-cols (one column per class), not --score-col");
    if (posLabel != null) throw new IllegalArgumentException("--pos-label applies to binary tasks");
    List<String> yt = csv.nonEmptyStrings(labelCol, "label");
    List<String> yp = predictions(csv, scoreCols != null);
    Labels coding = Labels.infer(yt, yp);
    List<Object> yTrue = coding.convert(yt, "label");
    List<Object> yPred = yp == null ? null : coding.convert(yp, "label");
    List<Object> order = null;
    if (labels != null) {
      order = coding.convert(labels.stream().map(String::trim).toList(), "--labels value");
      if (new java.util.HashSet<>(order).size() != order.size()) throw new IllegalArgumentException("--labels lists a label twice: " + labels);
    }
    double[][] scores = null;
    if (scoreCols != null) {
      if (order == null) order = Labels.sorted(yTrue, yPred);
      if (scoreCols.size() != order.size()) {
        throw new IllegalArgumentException("--score-cols names " + scoreCols.size() + " columns but there are " + order.size()
            + " labels " + order + (labels == null ? " (sorted from the data; give --labels in the order of --score-cols)" : ""));
      }
      double[][] byCol = new double[scoreCols.size()][];
      for (int j = 0; j < byCol.length; j++) byCol[j] = csv.doubles(scoreCols.get(j));
      scores = new double[csv.rowCount()][byCol.length];
      for (int i = 0; i < scores.length; i++) for (int j = 0; j < byCol.length; j++) scores[i][j] = byCol[j][i];
    }
    double[][] s = scores;
    List<Object> o = order;
    return about(csv, () -> Evaluation.multiclass(yTrue, yPred, s, o));
  }

  /** Runs a library computation on the file's data; its complaints name the file. */
  private static Map<String, Double> about(CsvTable csv, java.util.function.Supplier<Map<String, Double>> computation) {
    try {
      return computation.get();
    } catch (InvalidInputException e) {
      throw new InvalidInputException(csv.file() + ": " + e.getMessage());
    }
  }

  /** The prediction column; absent (null) only when scores are given and --pred-col was not. */
  private List<String> predictions(CsvTable csv, boolean haveScores) {
    if (predCol == null && haveScores && !csv.hasColumn(DEFAULT_PRED_COL)) return null;
    return csv.nonEmptyStrings(predCol == null ? DEFAULT_PRED_COL : predCol, "prediction");
  }
}
