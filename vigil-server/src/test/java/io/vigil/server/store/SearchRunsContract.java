package io.vigil.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.LifecycleStage;
import io.vigil.model.Metric;
import io.vigil.model.Param;
import io.vigil.model.Run;
import io.vigil.model.RunTag;
import io.vigil.model.VigilException;
import io.vigil.model.ViewType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public abstract class SearchRunsContract extends StoreContract {
  private String exp;

  @BeforeEach
  void fiveRuns() {
    exp = newExperiment("search");
    for (int i = 0; i < 5; i++) {
      String id = newRun(exp, "run-" + i, 1000 + i).info().runId();
      List<Metric> metrics = new ArrayList<>();
      if (i != 4) metrics.add(new Metric("acc", i / 10.0, 1, 0)); // run-4 has no acc
      metrics.add(new Metric("loss", 1 - i / 10.0, 1, 0));
      store.logBatch(id, metrics, List.of(new Param("model", i % 2 == 0 ? "cnn" : "rnn")),
          List.of(new RunTag("team", i < 2 ? "Vision" : "nlp")));
    }
  }

  private List<String> names(String filter, List<String> orderBy) {
    return store.searchRuns(new RunSearch(List.of(exp), filter, orderBy, ViewType.ACTIVE_ONLY, 100, null))
        .items().stream().map(r -> r.info().runName()).toList();
  }

  @Test
  void noFilter_ordersByStartTimeDescending() {
    assertThat(names(null, List.of())).containsExactly("run-4", "run-3", "run-2", "run-1", "run-0");
  }

  @Test
  void metricFilter_andOrderByMetric_missingLast() {
    assertThat(names("metrics.loss < 0.85", List.of("metrics.acc DESC"))).containsExactly("run-3", "run-2", "run-4");
    assertThat(names("metrics.loss < 0.85", List.of("metrics.acc ASC"))).containsExactly("run-2", "run-3", "run-4");
  }

  @Test
  void paramsTagsAndAttributes_withOrAndParentheses() {
    assertThat(names("params.model = 'cnn' AND (tags.team = 'Vision' OR metrics.acc >= 0.4)", List.of("attributes.start_time ASC")))
        .containsExactly("run-0");
    assertThat(names("tags.team ILIKE 'vision'", List.of("start_time ASC"))).containsExactly("run-0", "run-1");
    assertThat(names("tags.team LIKE 'vision'", List.of())).isEmpty();
    assertThat(names("attributes.run_name IN ('run-1', 'run-3')", List.of("attributes.run_name"))).containsExactly("run-1", "run-3");
    assertThat(names("attributes.status = 'RUNNING' AND metrics.acc > 0.25", List.of("metrics.acc"))).containsExactly("run-3");
  }

  @Test
  void deletedRuns_leaveDefaultSearches() {
    Run r = store.searchRuns(new RunSearch(List.of(exp), "attributes.run_name = 'run-2'", List.of(), ViewType.ACTIVE_ONLY, 10, null))
        .items().get(0);
    store.setRunLifecycle(r.info().runId(), LifecycleStage.DELETED);
    assertThat(names(null, List.of())).doesNotContain("run-2");
    assertThat(store.searchRuns(new RunSearch(List.of(exp), null, List.of(), ViewType.DELETED_ONLY, 10, null)).items())
        .extracting(x -> x.info().runName()).containsExactly("run-2");
  }

  @Test
  void pagination_returnsEveryRunOnce() {
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      Page<Run> p = store.searchRuns(new RunSearch(List.of(exp), null, List.of("metrics.loss ASC"), ViewType.ALL, 2, token));
      p.items().forEach(x -> seen.add(x.info().runName()));
      token = p.nextPageToken();
    } while (token != null);
    assertThat(seen).containsExactly("run-4", "run-3", "run-2", "run-1", "run-0");
  }

  @Test
  void searchResults_carryLatestMetricsParamsAndTags() {
    Run r = store.searchRuns(new RunSearch(List.of(exp), "attributes.run_name = 'run-1'", List.of(), ViewType.ACTIVE_ONLY, 10, null))
        .items().get(0);
    assertThat(r.data().metrics()).extracting(Metric::key).containsExactly("acc", "loss");
    assertThat(r.data().params()).containsExactly(new Param("model", "rnn"));
    assertThat(r.data().tags()).contains(new RunTag("team", "Vision"));
  }

  @Test
  void malformedFilter_isInvalidParameterValue() {
    assertThatThrownBy(() -> names("metrics.acc >>> 1", List.of())).isInstanceOf(VigilException.class)
        .hasMessageContaining("position");
    assertThatThrownBy(() -> names(null, List.of("metrics.acc SIDEWAYS"))).isInstanceOf(VigilException.class);
  }

  @Test
  void injectionAttempts_matchNothingAndChangeNothing() {
    assertThat(names("params.model = 'x'' OR 1=1 --'", List.of())).isEmpty();
    assertThat(names("tags.`team'; DROP TABLE runs; --` = 'x'", List.of())).isEmpty();
    assertThat(names(null, List.of())).hasSize(5);
  }

  @Test
  void orderByMetric_pagesThroughNumbersThenNanThenMissing() {
    String e = newExperiment("nan-order");
    String[] names = {"n1", "n2", "n3", "nan", "none1", "none2"};
    double[] values = {0.3, 0.9, 0.5, Double.NaN};
    for (int i = 0; i < names.length; i++) {
      String id = newRun(e, names[i], 100 - i).info().runId();
      if (i < values.length) store.logBatch(id, List.of(new Metric("score", values[i], 1, 0)), List.of(), List.of());
    }
    for (String direction : List.of("DESC", "ASC")) {
      List<String> seen = new ArrayList<>();
      String token = null;
      do {
        Page<Run> p = store.searchRuns(new RunSearch(List.of(e), null, List.of("metrics.score " + direction),
            ViewType.ACTIVE_ONLY, 2, token));
        p.items().forEach(x -> seen.add(x.info().runName()));
        token = p.nextPageToken();
      } while (token != null);
      List<String> numbers = direction.equals("DESC") ? List.of("n2", "n3", "n1") : List.of("n1", "n3", "n2");
      List<String> expected = new ArrayList<>(numbers);
      expected.addAll(List.of("nan", "none1", "none2")); // then NaN, then missing (by start_time DESC)
      assertThat(seen).as(direction).containsExactlyElementsOf(expected);
    }
    // a page that starts past the numeric runs
    assertThat(store.searchRuns(new RunSearch(List.of(e), "attributes.run_name != 'n1'", List.of("metrics.score DESC"),
        ViewType.ACTIVE_ONLY, 2, PageTokens.offsetToken(3))).items())
        .extracting(x -> x.info().runName()).containsExactly("none1", "none2");
  }
}
