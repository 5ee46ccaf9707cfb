package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.metrics.evaluation.Evaluation;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
  @TempDir Path dir;

  /** 8 rows; scores of positives 0.9, 0.4, 0.8, 0.7 and of negatives 0.2, 0.6, 0.1, 0.3. */
  static final String BINARY = """
      y_true,y_pred,y_score
      1,1,0.9
      0,0,0.2
      1,0,0.4
      0,1,0.6
      1,1,0.8
      0,0,0.1
      1,1,0.7
      0,0,0.3
      """;

  private String file(String name, String content) {
    return Cli.write(dir, name, content).toString();
  }

  private static void assertMetricsEqual(JsonNode metrics, Map<String, Double> expected) {
    assertThat(fieldNames(metrics)).containsExactlyElementsOf(expected.keySet());
    expected.forEach((k, v) -> {
      JsonNode n = metrics.get(k);
      if (v.isNaN()) assertThat(n.asText()).as(k).isEqualTo("NaN");
      else assertThat(n.doubleValue()).as(k).isEqualTo(v);
    });
  }

  private static List<String> fieldNames(JsonNode o) {
    List<String> out = new java.util.ArrayList<>();
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) out.add(it.next());
    return out;
  }

  @Test
  void binary_tablePrintsHandComputedValues() {
    Cli.Result r = Cli.run("evaluate", "--task", "binary", "--predictions", file("preds.csv", BINARY), "--score-col", "y_score");
    assertThat(r.exit()).as(r.err()).isZero();
    Map<String, String> m = r.table();
    assertThat(m).containsEntry("accuracy", "0.75").containsEntry("precision", "0.75").containsEntry("recall", "0.75")
        .containsEntry("f1", "0.75").containsEntry("matthews_corrcoef", "0.5").containsEntry("cohen_kappa", "0.5")
        .containsEntry("true_positives", "3").containsEntry("false_positives", "1")
        .containsEntry("false_negatives", "1").containsEntry("true_negatives", "3")
        .containsEntry("roc_auc", "0.9375") // 15 of 16 positive-negative pairs ordered correctly
        .containsEntry("average_precision", "0.95"); // (1 + 1 + 1 + 4/5) / 4
    assertThat(Double.parseDouble(m.get("brier_score"))).isCloseTo(1.0 / 8, within(1e-15));
    double logLoss = -(Math.log(0.9) + Math.log(0.4) + Math.log(0.8) + Math.log(0.7)) / 4;
    assertThat(Double.parseDouble(m.get("log_loss"))).isCloseTo(logLoss, within(1e-15));
    // aligned: every value starts in the same column
    List<Integer> starts = r.out().lines().map(l -> l.lastIndexOf(' ') + 1).distinct().toList();
    assertThat(starts).hasSize(1);
  }

  @Test
  void binary_stringLabelsWithPosLabelAndQuotedCsv_matchEvaluation() {
    String csv = "\"truth\",pred,\"p(spam)\"\r\nspam,spam,0.8\r\nham,spam,0.6\r\n\"ham\",ham,0.3\r\nspam,ham,0.45\r\nham,ham,0.1\r\n";
    Cli.Result r = Cli.run("evaluate", "--task", "binary", "--predictions", file("mail.csv", csv), "--label-col", "truth",
        "--pred-col", "pred", "--score-col", "p(spam)", "--pos-label", "spam", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    Map<String, Double> expected = Evaluation.binary(List.of("spam", "ham", "ham", "spam", "ham"),
        List.of("spam", "spam", "ham", "ham", "ham"), new double[] {0.8, 0.6, 0.3, 0.45, 0.1}, "spam");
    assertThat(r.json().get("task").asText()).isEqualTo("binary");
    assertThat(r.json().get("rows").asInt()).isEqualTo(5);
    assertMetricsEqual(r.json().get("metrics"), expected);
  }

  @Test
  void binary_withoutPredictionColumn_thresholdsScoresAtHalf() {
    String csv = "y_true,y_score\n1,0.9\n0,0.2\n1,0.4\n0,0.6\n";
    Cli.Result r = Cli.run("evaluate", "--task", "binary", "--predictions", file("s.csv", csv), "--score-col", "y_score", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertMetricsEqual(r.json().get("metrics"),
        Evaluation.binary(List.of(1L, 0L, 1L, 0L), List.of(1L, 0L, 0L, 1L), new double[] {0.9, 0.2, 0.4, 0.6}, 1L));
  }

  @Test
  void binary_singleClass_printsNaNForUndefinedKappa() {
    Cli.Result r = Cli.run("evaluate", "--task", "binary", "--predictions", file("one.csv", "y_true,y_pred\n1,1\n1,1\n"), "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.json().get("metrics").get("cohen_kappa").asText()).isEqualTo("NaN");
    Cli.Result t = Cli.run("evaluate", "--task", "binary", "--predictions", dir.resolve("one.csv").toString());
    assertThat(t.table()).containsEntry("cohen_kappa", "NaN");
  }

  @Test
  void multiclass_scoreColumnsFollowLabelsOrder() {
    String csv = """
        y_true,y_pred,p_cat,p_dog,p_bird
        cat,cat,0.7,0.2,0.1
        dog,cat,0.5,0.4,0.1
        bird,bird,0.1,0.1,0.8
        dog,dog,0.2,0.6,0.2
        cat,dog,0.3,0.4,0.3
        bird,cat,0.4,0.3,0.3
        """;
    String f = file("animals.csv", csv);
    Cli.Result r = Cli.run("evaluate", "--task", "multiclass", "--predictions", f, "--score-cols", "p_cat,p_dog,p_bird",
        "--labels", "cat,dog,bird", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    double[][] scores = {{0.7, 0.2, 0.1}, {0.5, 0.4, 0.1}, {0.1, 0.1, 0.8}, {0.2, 0.6, 0.2}, {0.3, 0.4, 0.3}, {0.4, 0.3, 0.3}};
    Map<String, Double> expected = Evaluation.multiclass(List.of("cat", "dog", "bird", "dog", "cat", "bird"),
        List.of("cat", "cat", "bird", "dog", "dog", "cat"), scores, List.of("cat", "dog", "bird"));
    assertThat(expected).containsKeys("f1_macro", "roc_auc_ovr", "log_loss");
    assertMetricsEqual(r.json().get("metrics"), expected);

    // without --labels the score columns are taken in sorted label order: bird, cat, dog
    Cli.Result sorted = Cli.run("evaluate", "--task", "multiclass", "--predictions", f, "--score-cols", "p_bird,p_cat,p_dog", "--json");
    assertThat(sorted.exit()).as(sorted.err()).isZero();
    assertMetricsEqual(sorted.json().get("metrics"), expected);
  }

  @Test
  void multiclass_integerLabelsSortNumerically() {
    String csv = "y_true,y_pred,s1,s2,s10\n1,1,0.6,0.3,0.1\n2,2,0.2,0.7,0.1\n10,10,0.1,0.1,0.8\n10,2,0.1,0.5,0.4\n2,1,0.5,0.4,0.1\n";
    Cli.Result r = Cli.run("evaluate", "--task", "multiclass", "--predictions", file("ints.csv", csv), "--score-cols", "s1,s2,s10", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    double[][] scores = {{0.6, 0.3, 0.1}, {0.2, 0.7, 0.1}, {0.1, 0.1, 0.8}, {0.1, 0.5, 0.4}, {0.5, 0.4, 0.1}};
    assertMetricsEqual(r.json().get("metrics"), Evaluation.multiclass(List.of(1L, 2L, 10L, 10L, 2L),
        List.of(1L, 2L, 10L, 2L, 1L), scores, List.of(1L, 2L, 10L)));
  }

  @Test
  void regression_printsHandComputedValues() {
    // scikit-learn's documentation example: y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8]
    String csv = "y_true,y_pred\n3,2.5\n-0.5,0.0\n2,2\n7,8\n";
    Cli.Result r = Cli.run("evaluate", "--task", "regression", "--predictions", file("reg.csv", csv), "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode m = r.json().get("metrics");
    assertThat(m.get("mse").doubleValue()).isEqualTo(0.375);
    assertThat(m.get("mae").doubleValue()).isEqualTo(0.5);
    assertThat(m.get("max_error").doubleValue()).isEqualTo(1.0);
    assertThat(m.get("median_absolute_error").doubleValue()).isEqualTo(0.5);
    assertThat(m.get("r2").doubleValue()).isCloseTo(0.9486081370449679, within(1e-15));
    assertThat(m.get("explained_variance").doubleValue()).isCloseTo(0.9571734475374732, within(1e-15));
    assertThat(m.has("msle")).as("msle is undefined with negative values").isFalse();
    assertMetricsEqual(m, Evaluation.regression(new double[] {3, -0.5, 2, 7}, new double[] {2.5, 0, 2, 8}));
  }

  @Test
  void binary_stringLabelsWithoutPosLabel_isAUserError() {
    String f = file("mail.csv", "y_true,y_pred\nspam,ham\nham,ham\n");
    assertThat(Cli.run("evaluate", "--task", "binary", "--predictions", f).userError())
        .isEqualTo("vigil: --pos-label is required when the labels are not integers");
    assertThat(Cli.run("evaluate", "--task", "binary", "--predictions", f, "--pos-label", "eggs").userError())
        .contains("mail.csv").contains("pos_label eggs is not one of the labels");
  }

  @Test
  void invalidOptionsAndLibraryErrors_areOneLineUserErrors() {
    String f = file("preds.csv", BINARY);
    assertThat(Cli.run("evaluate", "--task", "ranking", "--predictions", f).userError()).contains("unknown task 'ranking'");
    assertThat(Cli.run("evaluate", "--task", "binary", "--predictions", f, "--pos-label", "yes").userError())
        .isEqualTo("vigil: --pos-label 'yes' is not an integer, but the labels are integers");
    assertThat(Cli.run("evaluate", "--task", "binary", "--predictions", f, "--score-cols", "y_score").userError())
        .contains("--score-col");
    assertThat(Cli.run("evaluate", "--task", "multiclass", "--predictions", f, "--score-cols", "y_score").userError())
        .contains("--score-cols names 1 columns but there are 2 labels [0, 1]");
    String three = file("three.csv", "y_true,y_pred,y_score\n0,1,0.5\n1,1,0.6\n2,2,0.7\n");
    assertThat(Cli.run("evaluate", "--task", "binary", "--predictions", three).userError())
        .contains("three.csv").contains("at most 2 labels");
    String proba = file("proba.csv", "y_true,y_pred,y_score\n0,1,1.5\n1,1,0.6\n");
    assertThat(Cli.run("evaluate", "--task", "binary", "--predictions", proba, "--score-col", "y_score").userError())
        .contains("proba.csv");
  }

  @Test
  void trackingUri_optionThenVigilThenMlflowThenDefault() {
    assertThat(withUri("http://a:1").resolve(Map.of("VIGIL_TRACKING_URI", "http://b:2"))).isEqualTo("http://a:1");
    assertThat(withUri(null).resolve(Map.of("VIGIL_TRACKING_URI", "http://b:2", "MLFLOW_TRACKING_URI", "http://c:3")))
        .isEqualTo("http://b:2");
    assertThat(withUri(null).resolve(Map.of("MLFLOW_TRACKING_URI", "http://c:3"))).isEqualTo("http://c:3");
    assertThat(withUri(null).resolve(Map.of())).isEqualTo("http://127.0.0.1:5000");
  }

  private static TrackingServerOption withUri(String uri) {
    TrackingServerOption o = new TrackingServerOption();
    o.trackingUri = uri;
    return o;
  }
}
