package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Metric;
import io.vigil.model.Param;
import io.vigil.model.Run;
import io.vigil.model.RunTag;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.server.store.NewRun;
import io.vigil.server.store.RunSearch;
import io.vigil.server.store.TrackingStore;
import io.vigil.server.store.jdbc.JdbcTrackingStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** A small but page-crossing store to copy, and the comparison of source and copy through the store API. */
final class StoreCopyFixture {
  private StoreCopyFixture() {}

  static TrackingStore open(String uri) {
    ServerConfig cfg = new ServerConfig("127.0.0.1", 0, uri, "/tmp/vigil-copy-artifacts");
    return new JdbcTrackingStore(VigilServer.openDatabase(cfg), cfg.resolvedArtifactRoot(), Clock.systemUTC());
  }

  /** Two experiments, 3 runs; 1,200 params on one run (crosses a copy page); 3,000-point series (several chunks). */
  static List<String> populate(String uri) {
    try (TrackingStore s = open(uri)) {
      String exp = s.createExperiment("copied", null, List.of(new io.vigil.model.ExperimentTag("team", "vision")));
      s.createExperiment("second", "/elsewhere", List.of());
      List<String> runs = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        String id = s.createRun(new NewRun(exp, "u", 1000 + r, "run-" + r, List.of(new RunTag("k", "v" + r)))).info().runId();
        runs.add(id);
        for (int from = 0; from < 3000; from += 1000) {
          List<Metric> ms = new ArrayList<>();
          for (int i = from; i < from + 1000; i++) ms.add(new Metric("loss", i * 0.5 + r, 10_000 + i, i));
          s.logBatch(id, ms, List.of(), List.of());
        }
        s.logBatch(id, List.of(new Metric("nan", Double.NaN, 1, 0)), List.of(new Param("lr", "0.1")), List.of());
      }
      for (int from = 0; from < 1200; from += 100) {
        List<Param> ps = new ArrayList<>();
        for (int i = from; i < from + 100; i++) ps.add(new Param("p" + i, "v" + i));
        s.logBatch(runs.get(0), List.of(), ps, List.of());
      }
      return runs;
    }
  }

  static void assertSameData(String sourceUri, String copyUri, List<String> runIds) {
    try (TrackingStore a = open(sourceUri); TrackingStore b = open(copyUri)) {
      for (String id : runIds) {
        Run ra = a.getRun(id).orElseThrow();
        assertThat(b.getRun(id)).contains(ra);
        assertThat(b.getMetricHistory(id, "loss", 10_000, null)).isEqualTo(a.getMetricHistory(id, "loss", 10_000, null));
      }
      assertThat(b.getExperimentByName("copied")).isEqualTo(a.getExperimentByName("copied"));
      assertThat(b.getExperimentByName("second")).isEqualTo(a.getExperimentByName("second"));
      RunSearch search = new RunSearch(List.of("1"), "metrics.loss > 100", List.of("start_time ASC"),
          io.vigil.model.ViewType.ACTIVE_ONLY, 100, null);
      assertThat(b.searchRuns(search)).isEqualTo(a.searchRuns(search));
      // New ids continue after the copied ones.
      assertThat(b.createExperiment("after-copy", null, List.of())).isEqualTo("3");
    }
  }
}
