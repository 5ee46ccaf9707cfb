package io.vigil.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.drift.ColumnDriftResult;
import io.vigil.drift.DatasetDriftResult;
import io.vigil.drift.DriftConfig;
import io.vigil.drift.DriftDetector;
import io.vigil.metrics.InvalidInputException;
import io.vigil.server.http.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil drift}: per-column drift tests between two CSV files, and a dataset verdict usable as a pipeline gate. */
@Command(name = "drift", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Compare the columns of a current CSV with a reference CSV: per column the test chosen, its statistic, "
            + "p-value (tests only), threshold and verdict; then the share of drifted columns and the dataset verdict.",
        "",
        "A column is numeric when every non-empty reference value is a number, else categorical. Empty values "
            + "are missing and skipped. A reference of at most --small-reference-max rows gets Kolmogorov-Smirnov "
            + "(numeric) or chi-square (categorical): drift when p < --p-threshold. A larger one gets the Wasserstein "
            + "distance divided by the reference standard deviation (numeric: drift when > --wasserstein-threshold) "
            + "or the Jensen-Shannon distance (categorical: drift when > --js-threshold).",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the dataset does not drift",
        "3:the dataset drifts (share of drifted columns >= --share-threshold)",
        "2:bad input: options, CSV files or values"})
public final class DriftCommand implements Callable<Integer> {
  /** Exit code when the dataset drifts. */
  public static final int EXIT_DRIFT = 3;

  @Spec CommandSpec spec;

  @Option(names = "--reference", required = true, paramLabel = "REF.csv", description = "Reference data (e.g. training data).")
  Path reference;

  @Option(names = "--current", required = true, paramLabel = "CUR.csv", description = "Current data (e.g. recent production inputs).")
  Path current;

  @Option(names = "--columns", split = ",", paramLabel = "COL", description = "Columns to compare (default: every column in both files).")
  List<String> columns;

  @Option(names = "--categorical", split = ",", paramLabel = "COL", description = "Columns to treat as categorical even when numeric.")
  List<String> categorical;

  @Option(names = "--json", description = "Print a JSON object instead of a table.")
  boolean json;

  @Option(names = "--share-threshold", paramLabel = "S",
      description = "The dataset drifts when the share of drifted columns is >= S, in (0, 1] (default: ${DEFAULT-VALUE}).")
  double shareThreshold = DriftConfig.DEFAULTS.datasetDriftShare();

  @Option(names = "--p-threshold", paramLabel = "P", description = "KS and chi-square: drift when p < P, in (0, 1) (default: ${DEFAULT-VALUE}).")
  double pThreshold = DriftConfig.DEFAULTS.pValueThreshold();

  @Option(names = "--wasserstein-threshold", paramLabel = "W",
      description = "Large numeric references: drift when Wasserstein / reference std > W (default: ${DEFAULT-VALUE}).")
  double wassersteinThreshold = DriftConfig.DEFAULTS.wassersteinThreshold();

  @Option(names = "--js-threshold", paramLabel = "J",
      description = "Large categorical references: drift when the Jensen-Shannon distance > J (default: ${DEFAULT-VALUE}).")
  double jsThreshold = DriftConfig.DEFAULTS.jensenShannonThreshold();

  @Option(names = "--small-reference-max", paramLabel = "N",
      description = "References with at most N rows get statistical tests, larger ones distances (default: ${DEFAULT-VALUE}).")
  long smallReferenceMax = DriftConfig.DEFAULTS.smallReferenceMax();

  @Override
  public Integer call() {
    DriftDetector detector = new DriftDetector(config());
    CsvTable ref = CsvTable.read(reference);
    CsvTable cur = CsvTable.read(current);
    for (CsvTable t : List.of(ref, cur)) {
      if (t.rowCount() == 0) throw new CsvTable.CsvException(t.file() + ": no data rows after the header");
    }
    List<String> names = columnsToCompare(ref, cur);
    Set<String> forcedCategorical = new LinkedHashSet<>(categorical == null ? List.of() : categorical);
    for (String c : forcedCategorical) {
      requireColumn(ref, c, "--categorical");
      requireColumn(cur, c, "--categorical");
      if (!names.contains(c)) throw new IllegalArgumentException("--categorical column '" + c + "' is not among --columns " + names);
    }
    List<ColumnDriftResult> results = new ArrayList<>();
    Map<String, String> kinds = new HashMap<>();
    Map<String, long[]> counts = new HashMap<>();
    for (String c : names) {
      boolean numeric = !forcedCategorical.contains(c) && ref.isNumeric(c);
      kinds.put(c, numeric ? "numeric" : "categorical");
      try {
        if (numeric) {
          double[] a = ref.doublesSkippingEmpty(c);
          double[] b = cur.doublesSkippingEmpty(c);
          requireValues(ref, c, a.length);
          requireValues(cur, c, b.length);
          counts.put(c, new long[] {a.length, b.length});
          results.add(detector.numeric(c, a, b));
        } else {
          String[] a = ref.stringsSkippingEmpty(c);
          String[] b = cur.stringsSkippingEmpty(c);
          requireValues(ref, c, a.length);
          requireValues(cur, c, b.length);
          counts.put(c, new long[] {a.length, b.length});
          results.add(detector.categorical(c, a, b));
        }
      } catch (CsvTable.CsvException e) {
        throw e;
      } catch (InvalidInputException e) {
        throw new InvalidInputException("column '" + c + "': " + e.getMessage());
      }
    }
    DatasetDriftResult dataset = detector.summarize(results);
    PrintWriter out = spec.commandLine().getOut();
    if (json) printJson(out, dataset, kinds, counts);
    else printTable(out, dataset, kinds, counts);
    out.flush();
    return dataset.datasetDrift() ? EXIT_DRIFT : 0;
  }

  private DriftConfig config() {
    if (!(shareThreshold > 0 && shareThreshold <= 1)) throw new IllegalArgumentException("--share-threshold must be in (0, 1], got " + shareThreshold);
    if (!(pThreshold > 0 && pThreshold < 1)) throw new IllegalArgumentException("--p-threshold must be in (0, 1), got " + pThreshold);
    if (!(wassersteinThreshold >= 0) || Double.isInfinite(wassersteinThreshold)) {
      throw new IllegalArgumentException("--wasserstein-threshold must be a finite number >= 0, got " + wassersteinThreshold);
    }
    if (!(jsThreshold >= 0 && jsThreshold <= 1)) throw new IllegalArgumentException("--js-threshold must be in [0, 1], got " + jsThreshold);
    if (smallReferenceMax < 0) throw new IllegalArgumentException("--small-reference-max must be >= 0, got " + smallReferenceMax);
    return new DriftConfig(smallReferenceMax, pThreshold, jsThreshold, wassersteinThreshold,
        DriftConfig.DEFAULTS.psiThreshold(), shareThreshold);
  }

  private List<String> columnsToCompare(CsvTable ref, CsvTable cur) {
    if (columns != null) {
      List<String> out = new ArrayList<>(new LinkedHashSet<>(columns.stream().map(String::trim).toList()));
      for (String c : out) {
        requireColumn(ref, c, "--columns");
        requireColumn(cur, c, "--columns");
      }
      return out;
    }
    List<String> out = new ArrayList<>();
    for (String c : ref.header()) if (cur.hasColumn(c)) out.add(c);
    if (out.isEmpty()) {
      throw new IllegalArgumentException(ref.file() + " and " + cur.file() + " have no column in common (" + ref.file() + ": "
          + String.join(", ", ref.header()) + "; " + cur.file() + ": " + String.join(", ", cur.header()) + ")");
    }
    return out;
  }

  private static void requireColumn(CsvTable t, String c, String option) {
    if (!t.hasColumn(c)) {
      throw new CsvTable.CsvException(t.file() + " line 1: no column '" + c + "' (named by " + option + "); the header has "
          + String.join(", ", t.header()));
    }
  }

  private static void requireValues(CsvTable t, String column, int n) {
    if (n == 0) throw new CsvTable.CsvException(t.file() + ": column '" + column + "' has no values");
  }

  private static String testName(ColumnDriftResult r) {
    return r.test().name().toLowerCase(Locale.ROOT);
  }

  private void printTable(PrintWriter out, DatasetDriftResult d, Map<String, String> kinds, Map<String, long[]> counts) {
    TextTable t = new TextTable("column", "type", "n_ref", "n_cur", "test", "statistic", "p_value", "threshold", "drift");
    for (ColumnDriftResult r : d.columns()) {
      long[] n = counts.get(r.column());
      t.row(r.column(), kinds.get(r.column()), Long.toString(n[0]), Long.toString(n[1]), testName(r), TextTable.short4(r.statistic()),
          r.pValue().isPresent() ? TextTable.short4(r.pValue().getAsDouble()) : "-",
          (r.pValue().isPresent() ? "p < " : "> ") + TextTable.exact(r.threshold()), r.drifted() ? "DRIFT" : "no");
    }
    t.print(out);
    out.println();
    out.println("drifted columns: " + d.driftedColumns() + " of " + d.columns().size() + " (share "
        + TextTable.short4(d.driftedShare()) + ", dataset drifts at >= " + TextTable.exact(d.shareThreshold()) + ")");
    out.println("dataset drift: " + (d.datasetDrift() ? "YES" : "no"));
  }

  private void printJson(PrintWriter out, DatasetDriftResult d, Map<String, String> kinds, Map<String, long[]> counts) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("reference", reference.toString());
    o.put("current", current.toString());
    ArrayNode cols = o.putArray("columns");
    for (ColumnDriftResult r : d.columns()) {
      ObjectNode c = cols.addObject();
      c.put("column", r.column());
      c.put("type", kinds.get(r.column()));
      c.put("reference_count", counts.get(r.column())[0]);
      c.put("current_count", counts.get(r.column())[1]);
      c.put("test", testName(r));
      c.put("statistic", r.statistic());
      if (r.pValue().isPresent()) c.put("p_value", r.pValue().getAsDouble());
      else c.putNull("p_value");
      c.put("threshold", r.threshold());
      c.put("drifted", r.drifted());
    }
    o.put("drifted_columns", d.driftedColumns());
    o.put("drifted_share", d.driftedShare());
    o.put("share_threshold", d.shareThreshold());
    o.put("dataset_drift", d.datasetDrift());
    try {
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
