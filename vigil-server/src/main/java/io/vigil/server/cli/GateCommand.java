package io.vigil.server.cli;

import io.vigil.client.VigilClient;
import io.vigil.client.VigilClientException;
import io.vigil.client.VigilHttpException;
import io.vigil.model.Metric;
import io.vigil.model.ModelVersion;
import io.vigil.model.Run;
import io.vigil.server.gate.GateReport;
import io.vigil.server.gate.GateReport.Verdict;
import io.vigil.server.gate.GateRule;
import io.vigil.server.gate.RulesFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil gate}: compare a candidate model version's metrics with a baseline's, for CI/CD. */
@Command(name = "gate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Check a candidate model version against rules on its run's metrics (latest values), usually relative to "
            + "the version holding a baseline alias; print a table, optionally write JUnit XML and Markdown "
            + "reports, and promote the candidate when every rule passes.",
        "",
        "Rule grammar: METRIC OP EXPR, OP one of >= > <= < == !=, EXPR a number, baseline, baseline + N, "
            + "baseline - N or baseline * N. Examples: \"accuracy >= baseline - 0.01\", \"f1_macro > 0.80\", "
            + "\"latency_p95_ms <= baseline * 1.10\". See docs/REGISTRY.md.",
        "",
        "In place of baseline, monitor (the --model's production monitor) or monitor:MODEL compares with the "
            + "same series of a production monitor: the mean of its latest --monitor-windows closed windows, "
            + "e.g. \"accuracy >= monitor - 0.02\". See docs/MONITORING.md.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every rule passed (and the alias was moved, with --promote)",
        "1:at least one rule failed",
        "2:usage or data error (missing metric, unknown model, version or alias, server unreachable)"})
public final class GateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "NAME", description = "Registered model.")
  String model;

  @Option(names = "--candidate", paramLabel = "VERSION", description = "Candidate version of --model.")
  String candidate;

  @Option(names = "--baseline", paramLabel = "ALIAS", description = "Alias of the baseline version (default: ${DEFAULT-VALUE}).")
  String baseline = "champion";

  @Option(names = "--candidate-run", paramLabel = "RUN_ID", description = "Compare this run instead of the candidate version's run.")
  String candidateRun;

  @Option(names = "--baseline-run", paramLabel = "RUN_ID", description = "Compare with this run instead of the baseline alias's run.")
  String baselineRun;

  @Option(names = "--rule", paramLabel = "RULE", description = "A rule (repeatable), e.g. \"accuracy >= baseline - 0.01\".")
  List<String> rules = new ArrayList<>();

  @Option(names = "--rules", paramLabel = "FILE.yaml", description = "A YAML file with a list of rules under 'rules:'.")
  Path rulesFile;

  @Option(names = "--monitor-windows", paramLabel = "N",
      description = "Monitor rules compare with the mean of the latest N closed windows that have a value (default: ${DEFAULT-VALUE}).")
  int monitorWindows = 3;

  @Option(names = "--monitor-version", paramLabel = "VERSION",
      description = "Monitor rules read this model version's windows (default: all versions together).")
  String monitorVersion;

  @Option(names = "--report-junit", paramLabel = "FILE", description = "Write the verdicts as JUnit XML.")
  Path junit;

  @Option(names = "--report-markdown", paramLabel = "FILE", description = "Write the verdicts as Markdown.")
  Path markdown;

  @Option(names = "--promote", paramLabel = "ALIAS", description = "When every rule passes, point ALIAS at the candidate version.")
  String promote;

  @Mixin
  TrackingServerOption server = new TrackingServerOption();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return gate(out);
    } catch (IllegalArgumentException e) {
      err.println("vigil: " + oneLine(e.getMessage()));
      return 2;
    } catch (VigilClientException e) {
      err.println("vigil: " + TrackingServerOption.describe(e, server.resolve(System.getenv())));
      return 2;
    }
  }

  private int gate(PrintWriter out) {
    List<GateRule> parsed = new ArrayList<>();
    List<String> texts = new ArrayList<>(rules);
    if (rulesFile != null) texts.addAll(RulesFile.read(rulesFile));
    if (texts.isEmpty()) throw new IllegalArgumentException("no rules: give --rule RULE or --rules FILE.yaml");
    for (String t : texts) parsed.add(GateRule.parse(t));
    if (candidateRun == null && (model == null || candidate == null)) {
      throw new IllegalArgumentException("name the candidate: --model NAME --candidate VERSION, or --candidate-run RUN_ID");
    }
    if (promote != null && (model == null || candidate == null)) {
      throw new IllegalArgumentException("--promote needs --model and --candidate");
    }
    boolean needsBaseline = parsed.stream().anyMatch(GateRule::usesBaseline);
    if (monitorWindows < 1) throw new IllegalArgumentException("--monitor-windows must be at least 1");
    if (model == null && parsed.stream().anyMatch(r -> "".equals(r.monitor()))) {
      throw new IllegalArgumentException("a rule uses 'monitor': give --model NAME, or write monitor:MODEL");
    }
    if (needsBaseline && baselineRun == null && model == null) {
      throw new IllegalArgumentException("rules use the baseline: give --model NAME (with --baseline ALIAS) or --baseline-run RUN_ID");
    }

    try (VigilClient client = server.client()) {
      String candidateRunId = candidateRun;
      String candidateLabel;
      if (candidateRunId == null) {
        ModelVersion v = version(client, candidate);
        if (v.runId() == null) throw new IllegalArgumentException("version " + candidate + " of model '" + model + "' has no run");
        candidateRunId = v.runId();
        candidateLabel = model + " v" + candidate + " (run " + candidateRunId + ")";
      } else {
        candidateLabel = (candidate == null ? "" : model + " v" + candidate + " ") + "run " + candidateRunId;
      }
      String baselineRunId = baselineRun;
      String baselineLabel = baselineRunId == null ? null : "run " + baselineRunId;
      if (needsBaseline && baselineRunId == null) {
        ModelVersion b = byAlias(client);
        if (b.runId() == null) {
          throw new IllegalArgumentException("version " + b.version() + " (alias '" + baseline + "') of model '" + model + "' has no run");
        }
        baselineRunId = b.runId();
        baselineLabel = model + "@" + baseline + " = v" + b.version() + " (run " + baselineRunId + ")";
      }
      Map<String, Double> cand = latest(client, candidateRunId);
      Map<String, Double> base = baselineRunId == null ? Map.of() : latest(client, baselineRunId);

      List<String> monitorsUsed = new ArrayList<>();
      List<Verdict> verdicts = new ArrayList<>();
      for (GateRule r : parsed) {
        Double c = cand.get(r.metric());
        if (c == null) throw new IllegalArgumentException("metric '" + r.metric() + "' is missing from the candidate's run " + candidateRunId);
        Double b = null;
        if (r.usesMonitor()) {
          String m = r.monitor().isEmpty() ? model : r.monitor();
          if (!monitorsUsed.contains(m)) monitorsUsed.add(m);
          b = monitorValue(client, m, r.metric());
        } else if (r.usesBaseline()) {
          b = base.get(r.metric());
          if (b == null) throw new IllegalArgumentException("metric '" + r.metric() + "' is missing from the baseline's run " + baselineRunId);
        }
        double threshold = r.threshold(b == null ? Double.NaN : b);
        verdicts.add(new Verdict(r, c, b, threshold, r.passes(c, threshold)));
      }
      if (!monitorsUsed.isEmpty()) {
        String m = "monitor " + String.join(", ", monitorsUsed) + " (mean of the latest " + monitorWindows + " closed windows, "
            + (monitorVersion == null ? "all versions" : "version " + monitorVersion) + ")";
        baselineLabel = baselineLabel == null ? m : baselineLabel + "; " + m;
      }
      GateReport report = new GateReport(model, candidateLabel, baselineLabel, verdicts);
      print(out, report);
      if (junit != null) write(junit, report.junitXml());
      if (markdown != null) write(markdown, report.markdown());
      if (model != null && candidate != null) reportResult(client, report, candidateRunId, baselineRunId);
      if (!report.passed()) {
        out.println("gate FAILED: " + report.failures() + " of " + verdicts.size() + " rules failed");
        return 1;
      }
      out.println("gate passed: " + verdicts.size() + " rules");
      if (promote != null) {
        client.registry().setAlias(model, promote, candidate, "gate passed: " + String.join("; ", texts),
            System.getProperty("user.name", ""));
        out.println("promoted: " + model + "@" + promote + " -> v" + candidate);
      }
      return 0;
    }
  }

  /** Tells the server (version tag, webhooks); a failure here is a warning, not a verdict. */
  private void reportResult(VigilClient client, GateReport report, String candidateRunId, String baselineRunId) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("candidate_run_id", candidateRunId);
    body.put("baseline_alias", baselineRun == null ? baseline : null);
    body.put("baseline_run_id", baselineRunId);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Verdict v : report.verdicts()) {
      Map<String, Object> row = new java.util.LinkedHashMap<>();
      row.put("rule", v.rule().text());
      row.put("metric", v.rule().metric());
      row.put("candidate", v.candidate());
      row.put("baseline", v.baseline());
      row.put("threshold", v.threshold());
      row.put("passed", v.passed());
      rows.add(row);
    }
    body.put("rules", rows);
    try {
      client.registry().reportGateResult(model, candidate, report.passed(), body);
    } catch (VigilClientException e) {
      spec.commandLine().getErr().println("vigil: warning: could not record the gate result on the server: "
          + oneLine(e.getMessage()));
    }
  }

  /** A production monitor's value of {@code metric}: the mean of its latest closed windows that have one. */
  private double monitorValue(VigilClient client, String monitorModel, String metric) {
    List<Metric> points;
    try {
      points = client.monitors().latestClosed(monitorModel, metric, monitorVersion, monitorWindows);
    } catch (VigilHttpException e) {
      if (e.status() == 404) throw new IllegalArgumentException(oneLine(e.serverMessage()));
      throw e;
    }
    if (points.isEmpty()) {
      throw new IllegalArgumentException("monitor '" + monitorModel + "' has no closed window with a value of '" + metric + "'"
          + (monitorVersion == null ? "" : " for version " + monitorVersion));
    }
    return points.stream().mapToDouble(Metric::value).average().orElseThrow();
  }

  private ModelVersion version(VigilClient client, String version) {
    try {
      return client.registry().getModelVersion(model, version);
    } catch (VigilHttpException e) {
      if (e.status() == 404) throw new IllegalArgumentException(oneLine(e.serverMessage()));
      throw e;
    }
  }

  private ModelVersion byAlias(VigilClient client) {
    try {
      return client.registry().getModelVersionByAlias(model, baseline);
    } catch (VigilHttpException e) {
      if (e.status() == 404) {
        throw new IllegalArgumentException("no baseline: model '" + model + "' has no alias '" + baseline + "' ("
            + oneLine(e.serverMessage()) + ")");
      }
      throw e;
    }
  }

  private static Map<String, Double> latest(VigilClient client, String runId) {
    Run run;
    try {
      run = client.getRun(runId);
    } catch (VigilHttpException e) {
      if (e.status() == 404) throw new IllegalArgumentException("run " + runId + " not found");
      throw e;
    }
    Map<String, Double> m = new HashMap<>();
    for (Metric x : run.data().metrics()) m.put(x.key(), x.value());
    return m;
  }

  private static void print(PrintWriter out, GateReport report) {
    out.println("candidate: " + report.candidateLabel());
    if (report.baselineLabel() != null) out.println("baseline:  " + report.baselineLabel());
    TextTable t = new TextTable("metric", "candidate", "baseline", "rule", "threshold", "verdict");
    for (Verdict v : report.verdicts()) {
      t.row(v.rule().metric(), GateReport.num(v.candidate()), v.baseline() == null ? "-" : GateReport.num(v.baseline()),
          v.rule().text(), GateReport.num(v.threshold()), v.passed() ? "PASS" : "FAIL");
    }
    t.print(out);
  }

  private static void write(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write " + file + ": " + e.getMessage());
    }
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}
