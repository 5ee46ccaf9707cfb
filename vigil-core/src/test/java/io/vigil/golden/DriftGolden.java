package io.vigil.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.drift.CategoricalComparison;
import io.vigil.drift.CategoricalDrift;
import io.vigil.drift.JensenShannon;
import io.vigil.drift.JsResult;
import io.vigil.drift.KolmogorovSmirnov;
import io.vigil.drift.KsMethod;
import io.vigil.drift.KsResult;
import io.vigil.drift.Psi;
import io.vigil.drift.PsiResult;
import io.vigil.drift.Wasserstein;
import io.vigil.drift.DoubleSort;

/** Golden evaluator for drift.json: numeric (KS, Wasserstein, JS, PSI) and categorical cases. */
final class DriftGolden implements GoldenEvaluator {
  @Override
  public Object compute(String kind, JsonNode inputs, JsonNode params, String key) {
    return switch (kind) {
      case "numeric" -> numeric(inputs, params, key);
      case "categorical" -> categorical(inputs, params, key);
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    };
  }

  private static Object numeric(JsonNode inputs, JsonNode params, String key) {
    double[] ref = doubles(inputs.path("reference"));
    double[] cur = doubles(inputs.path("current"));
    if (key == null) {
      return KolmogorovSmirnov.test(ref, cur, method(params, ref.length, cur.length));
    }
    if (key.startsWith("ks_")) {
      KsResult ks = KolmogorovSmirnov.test(ref, cur, method(params, ref.length, cur.length));
      return switch (key) {
        case "ks_statistic" -> ks.statistic();
        case "ks_pvalue" -> ks.pValue();
        case "ks_statistic_sign" -> ks.sign();
        case "ks_statistic_location" -> ks.location();
        default -> throw new IllegalArgumentException(key);
      };
    }
    if (key.equals("wasserstein")) {
      return Wasserstein.distance(ref, cur);
    }
    if (key.startsWith("hist_") || key.equals("js_distance")) {
      JsResult js = JensenShannon.test(ref, cur);
      return switch (key) {
        case "hist_edges" -> js.histogram().edges();
        case "hist_ref_counts" -> js.histogram().referenceCounts();
        case "hist_cur_counts" -> js.histogram().currentCounts();
        case "js_distance" -> js.distance();
        default -> throw new IllegalArgumentException(key);
      };
    }
    if (key.startsWith("psi")) {
      double eps = params.path("psi_eps").asDouble(Psi.DEFAULT_EPS);
      DoubleSort.requireFinite(cur, "current");
      PsiResult psi = Psi.numericSortedReference(DoubleSort.sortedCopy(ref, "reference"), cur, eps);
      return switch (key) {
        case "psi_edges" -> psi.histogram().edges();
        case "psi_ref_counts" -> psi.histogram().referenceCounts();
        case "psi_cur_counts" -> psi.histogram().currentCounts();
        case "psi" -> psi.psi();
        default -> throw new IllegalArgumentException(key);
      };
    }
    throw new IllegalArgumentException("unknown key " + key);
  }

  private static KsMethod method(JsonNode params, int n1, int n2) {
    return switch (params.path("ks_method").asText("auto")) {
      case "exact" -> KsMethod.EXACT;
      case "asymp" -> KsMethod.ASYMPTOTIC;
      default -> KsMethod.AUTO;
    };
  }

  private static Object categorical(JsonNode inputs, JsonNode params, String key) {
    CategoricalComparison c =
        CategoricalDrift.compare(strings(inputs.path("reference")), strings(inputs.path("current")));
    if (key == null) {
      return c.chiSquare();
    }
    double eps = params.path("psi_eps").asDouble(Psi.DEFAULT_EPS);
    return switch (key) {
      case "categories" -> c.categories();
      case "ref_counts" -> c.referenceCounts();
      case "cur_counts" -> c.currentCounts();
      case "chi2_statistic" -> c.chiSquare().statistic();
      case "chi2_pvalue" -> c.chiSquare().pValue();
      case "chi2_dof" -> c.chiSquare().dof();
      case "chi2_expected_freq" -> c.chiSquare().expected();
      case "psi" -> c.psi(eps);
      case "js_distance" -> c.jensenShannon();
      default -> throw new IllegalArgumentException("unknown key " + key);
    };
  }

  private static double[] doubles(JsonNode arr) {
    double[] out = new double[arr.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode n = arr.get(i);
      out[i] = n.isTextual() ? Double.parseDouble(n.asText()) : n.doubleValue();
    }
    return out;
  }

  private static String[] strings(JsonNode arr) {
    String[] out = new String[arr.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode n = arr.get(i);
      out[i] = n.isNull() ? null : n.asText();
    }
    return out;
  }

}
