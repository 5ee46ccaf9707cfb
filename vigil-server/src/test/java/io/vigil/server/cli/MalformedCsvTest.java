package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed CSV is one line on stderr naming file, line and column, and exit code 2. */
class MalformedCsvTest {
  @TempDir Path dir;

  private String evaluate(String name, String csv, String... extra) {
    String f = Cli.write(dir, name, csv).toString();
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("evaluate", "--task", "binary", "--predictions", f));
    args.addAll(java.util.List.of(extra));
    Cli.Result r = Cli.run(args.toArray(new String[0]));
    assertThat(r.out()).isEmpty();
    return r.userError();
  }

  private static String rows(int n) {
    StringBuilder b = new StringBuilder("y_true,y_pred,y_score\n");
    for (int i = 0; i < n; i++) b.append(i % 2).append(',').append(i % 2).append(",0.").append(i % 10).append('\n');
    return b.toString();
  }

  @Test
  void nonNumericScore_namesFileLineAndColumn() {
    String csv = rows(15) + "1,1,abc\n";
    assertThat(evaluate("preds.csv", csv, "--score-col", "y_score"))
        .endsWith("preds.csv line 17, column 'y_score': 'abc' is not a number");
  }

  @Test
  void emptyScore_namesFileLineAndColumn() {
    assertThat(evaluate("preds.csv", rows(3) + "1,1,\n", "--score-col", "y_score"))
        .endsWith("preds.csv line 5, column 'y_score': empty value where a number is needed");
  }

  @Test
  void nonNumericRegressionValue_namesFileLineAndColumn() {
    String f = Cli.write(dir, "reg.csv", "y_true,y_pred\n1,2\n\"3,5\",4\n").toString();
    assertThat(Cli.run("evaluate", "--task", "regression", "--predictions", f).userError())
        .endsWith("reg.csv line 3, column 'y_true': '3,5' is not a number");
  }

  @Test
  void missingColumn_namesFileAndColumn() {
    assertThat(evaluate("preds.csv", rows(3), "--score-col", "proba"))
        .endsWith("preds.csv line 1: no column 'proba'; the header has y_true, y_pred, y_score");
    assertThat(evaluate("preds.csv", "label,y_pred\n1,1\n"))
        .endsWith("preds.csv line 1: no column 'y_true'; the header has label, y_pred");
  }

  @Test
  void raggedRows_nameFileAndLine() {
    assertThat(evaluate("preds.csv", rows(2) + "1,1\n"))
        .endsWith("preds.csv line 4: 2 fields but the header has 3; no value for column 'y_score'");
    assertThat(evaluate("preds.csv", rows(2) + "1,1,0.5,extra\n"))
        .endsWith("preds.csv line 4: 4 fields but the header has only 3 columns");
  }

  @Test
  void emptyFileAndHeaderOnly_areErrors() {
    assertThat(evaluate("empty.csv", "")).endsWith("empty.csv: the file is empty; a header row is required");
    assertThat(evaluate("header.csv", "y_true,y_pred\n")).endsWith("header.csv: no data rows after the header");
  }

  @Test
  void unclosedQuoteAndStrayQuote_nameLineAndColumn() {
    assertThat(evaluate("preds.csv", "y_true,y_pred\n1,1\n0,\"0\n1,1\n")).endsWith("preds.csv line 3, column 'y_pred': a quoted value is never closed");
    assertThat(evaluate("preds.csv", "y_true,y_pred\n1,1\n0,0\"\n")).contains("preds.csv line 3, column 'y_pred': a quote inside an unquoted value");
  }

  @Test
  void emptyLabel_namesLineAndColumn() {
    assertThat(evaluate("preds.csv", "y_true,y_pred\n1,1\n,0\n")).endsWith("preds.csv line 3, column 'y_true': empty label");
  }

  @Test
  void missingFile_isAUserError() {
    Cli.Result r = Cli.run("evaluate", "--task", "binary", "--predictions", dir.resolve("nope.csv").toString());
    assertThat(r.userError()).endsWith("nope.csv: no such file");
  }

  @Test
  void driftFiles_getTheSameErrors() {
    String ref = Cli.write(dir, "ref.csv", "a,b\n1,x\n2,y\n").toString();
    String cur = Cli.write(dir, "cur.csv", "a,b\n1,x\n2\n").toString();
    assertThat(Cli.run("drift", "--reference", ref, "--current", cur).userError())
        .endsWith("cur.csv line 3: 1 field but the header has 2; no value for column 'b'");
    String cur2 = Cli.write(dir, "cur2.csv", "a,b\n1,x\nten,y\n").toString();
    assertThat(Cli.run("drift", "--reference", ref, "--current", cur2).userError())
        .endsWith("cur2.csv line 3, column 'a': 'ten' is not a number");
    String empty = Cli.write(dir, "empty.csv", "").toString();
    assertThat(Cli.run("drift", "--reference", empty, "--current", cur).userError()).endsWith("empty.csv: the file is empty; a header row is required");
  }
}
