package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.drift.ColumnDriftResult;
import io.vigil.drift.DriftDetector;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftCommandTest {
  @TempDir Path dir;

  /** Columns age (numeric), city (categorical), zip (numeric-looking codes); {@code shift} moves age and city. */
  private String data(String name, long seed, int n, double ageMean, boolean cityShift) {
    Random rnd = new Random(seed);
    String[] cities = {"paris", "lyon", "nice"};
    StringBuilder b = new StringBuilder("age,city,zip\n");
    for (int i = 0; i < n; i++) {
      String city = cityShift && rnd.nextDouble() < 0.6 ? "paris" : cities[rnd.nextInt(3)];
      b.append(String.format(Locale.ROOT, "%.2f", ageMean + 10 * rnd.nextGaussian())).append(',').append(city).append(',')
          .append(new String[] {"75001", "69001", "06000"}[rnd.nextInt(3)]).append('\n');
    }
    return Cli.write(dir, name, b.toString()).toString();
  }

  @Test
  void sameDistribution_exitsZero() {
    Cli.Result r = Cli.run("drift", "--reference", data("ref.csv", 1, 300, 40, false), "--current", data("cur.csv", 2, 200, 40, false));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("age", "kolmogorov_smirnov", "city", "chi_square").contains("dataset drift: no");
  }

  @Test
  void shiftedDistribution_exitsThree() {
    Cli.Result r = Cli.run("drift", "--reference", data("ref.csv", 1, 300, 40, false), "--current", data("cur.csv", 2, 200, 50, true));
    assertThat(r.exit()).as(r.err()).isEqualTo(3);
    assertThat(r.out()).contains("drifted columns: 2 of 3").contains("dataset drift: YES");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void shareThreshold_decidesTheDatasetVerdict() {
    String ref = data("ref.csv", 1, 300, 40, false);
    String cur = data("cur.csv", 2, 200, 50, true);
    assertThat(Cli.run("drift", "--reference", ref, "--current", cur, "--share-threshold", "1").exit()).isZero();
    assertThat(Cli.run("drift", "--reference", ref, "--current", cur, "--columns", "age", "--share-threshold", "1").exit()).isEqualTo(3);
  }

  @Test
  void json_reportsTheDetectorsResultsPerColumn() {
    String ref = data("ref.csv", 1, 300, 40, false);
    String cur = data("cur.csv", 2, 200, 50, true);
    Cli.Result r = Cli.run("drift", "--reference", ref, "--current", cur, "--json", "--categorical", "zip");
    assertThat(r.exit()).isEqualTo(3);
    JsonNode o = r.json();
    CsvTable a = CsvTable.read(Path.of(ref));
    CsvTable b = CsvTable.read(Path.of(cur));
    DriftDetector d = new DriftDetector();
    ColumnDriftResult age = d.numeric("age", a.doubles("age"), b.doubles("age"));
    ColumnDriftResult zip = d.categorical("zip", a.stringsSkippingEmpty("zip"), b.stringsSkippingEmpty("zip"));
    JsonNode c0 = o.get("columns").get(0);
    assertThat(c0.get("column").asText()).isEqualTo("age");
    assertThat(c0.get("type").asText()).isEqualTo("numeric");
    assertThat(c0.get("test").asText()).isEqualTo("kolmogorov_smirnov");
    assertThat(c0.get("statistic").doubleValue()).isEqualTo(age.statistic());
    assertThat(c0.get("p_value").doubleValue()).isEqualTo(age.pValue().getAsDouble());
    assertThat(c0.get("threshold").doubleValue()).isEqualTo(0.05);
    assertThat(c0.get("drifted").asBoolean()).isTrue();
    assertThat(c0.get("reference_count").asInt()).isEqualTo(300);
    JsonNode c2 = o.get("columns").get(2);
    assertThat(c2.get("column").asText()).isEqualTo("zip");
    assertThat(c2.get("type").asText()).isEqualTo("categorical");
    assertThat(c2.get("test").asText()).isEqualTo("chi_square");
    assertThat(c2.get("statistic").doubleValue()).isEqualTo(zip.statistic());
    assertThat(c2.get("drifted").asBoolean()).isFalse();
    assertThat(o.get("drifted_columns").asInt()).isEqualTo(2);
    assertThat(o.get("drifted_share").doubleValue()).isEqualTo(2.0 / 3);
    assertThat(o.get("dataset_drift").asBoolean()).isTrue();
  }

  @Test
  void largeReference_usesDistancesWithoutPValues() {
    String ref = data("ref.csv", 1, 300, 40, false);
    String cur = data("cur.csv", 2, 200, 40, false);
    Cli.Result r = Cli.run("drift", "--reference", ref, "--current", cur, "--json", "--small-reference-max", "100");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode cols = r.json().get("columns");
    assertThat(cols.get(0).get("test").asText()).isEqualTo("wasserstein_normed");
    assertThat(cols.get(0).get("p_value").isNull()).isTrue();
    assertThat(cols.get(0).get("threshold").doubleValue()).isEqualTo(0.1);
    assertThat(cols.get(1).get("test").asText()).isEqualTo("jensen_shannon");
  }

  @Test
  void missingValuesAreSkipped_andColumnsDefaultToTheCommonOnes() {
    String ref = Cli.write(dir, "r.csv", "x,only_ref,c\n1,9,a\n,9,b\n3,9,\n4,9,a\n").toString();
    String cur = Cli.write(dir, "c.csv", "c,x\na,1\nb,2\n,\na,4\n").toString();
    Cli.Result r = Cli.run("drift", "--reference", ref, "--current", cur, "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode cols = r.json().get("columns");
    assertThat(cols).hasSize(2);
    assertThat(cols.get(0).get("column").asText()).isEqualTo("x");
    assertThat(cols.get(0).get("reference_count").asInt()).isEqualTo(3);
    assertThat(cols.get(0).get("current_count").asInt()).isEqualTo(3);
    assertThat(cols.get(1).get("column").asText()).isEqualTo("c");
    assertThat(cols.get(1).get("type").asText()).isEqualTo("categorical");
  }

  @Test
  void badOptions_areOneLineErrors() {
    String ref = data("ref.csv", 1, 50, 40, false);
    String cur = data("cur.csv", 2, 50, 40, false);
    assertThat(Cli.run("drift", "--reference", ref, "--current", cur, "--columns", "age,height").userError())
        .endsWith("ref.csv line 1: no column 'height' (named by --columns); the header has age, city, zip");
    assertThat(Cli.run("drift", "--reference", ref, "--current", cur, "--share-threshold", "0").userError())
        .isEqualTo("vigil: --share-threshold must be in (0, 1], got 0.0");
    assertThat(Cli.run("drift", "--reference", ref, "--current", cur, "--p-threshold", "1.5").userError())
        .isEqualTo("vigil: --p-threshold must be in (0, 1), got 1.5");
    String other = Cli.write(dir, "other.csv", "u,v\n1,2\n").toString();
    assertThat(Cli.run("drift", "--reference", ref, "--current", other).userError()).contains("have no column in common");
  }

  @Test
  void help_documentsExitCodes() {
    Cli.Result r = Cli.run("drift", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Exit codes:").containsPattern("3\\s+the dataset drifts").containsPattern("0\\s+the dataset does not drift");
  }
}
