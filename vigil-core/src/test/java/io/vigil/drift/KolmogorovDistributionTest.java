package io.vigil.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KolmogorovDistributionTest {
  static boolean close(double e, double a) {
    return Math.abs(a - e) <= 1e-9 * Math.max(Math.abs(a), Math.abs(e)) + 1e-12;
  }

  @Test
  void sf_matchesScipyKstwoAcrossAllBranches() throws Exception {
    List<String> failures = new ArrayList<>();
    int rows = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        getClass().getResourceAsStream("/drift/kstwo_sf.csv"), StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split(",");
        long n = Long.parseLong(f[0]);
        double x = Double.parseDouble(f[1]);
        double want = Double.parseDouble(f[2]);
        double got = KolmogorovDistribution.sf(n, x);
        rows++;
        if (!close(want, got)) {
          failures.add("n=" + n + " x=" + x + " want " + want + " got " + got);
        }
      }
    }
    assertThat(rows).isGreaterThan(300);
    assertThat(failures).isEmpty();
  }

  @Test
  void sf_isOneAtZeroAndZeroAtOne() {
    assertThat(KolmogorovDistribution.sf(10, 0.0)).isEqualTo(1.0);
    assertThat(KolmogorovDistribution.sf(10, 1.0)).isEqualTo(0.0);
  }
}
