package io.vigil.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.ExperimentTag;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.ExperimentsPage;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.RunsPage;

/**
 * Vigil driven by the official MLflow Java client (org.mlflow:mlflow-client 2.17.2): every call goes
 * over HTTP exactly as the client sends it (int64 as strings, NaN as "NaN", run_uuid + run_id, …).
 */
class MlflowJavaClientTest {

  @TempDir static Path dir;
  static VigilServer server;
  static MlflowClient client;

  @BeforeAll
  static void start() {
    Path db = dir.resolve("vigil.db").toAbsolutePath();
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + db,
        dir.resolve("artifacts").toAbsolutePath().toString())).start();
    client = new MlflowClient(server.url());
  }

  @AfterAll
  static void stop() {
    if (client != null) client.close();
    if (server != null) server.close();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String newExperiment(String prefix) {
    return client.createExperiment(unique(prefix));
  }

  private static Map<String, String> tags(Run run) {
    return run.getData().getTagsList().stream().collect(Collectors.toMap(RunTag::getKey, RunTag::getValue));
  }

  private static Map<String, String> params(Run run) {
    return run.getData().getParamsList().stream().collect(Collectors.toMap(Param::getKey, Param::getValue));
  }

  private static Map<String, Metric> metrics(Run run) {
    Map<String, Metric> out = new LinkedHashMap<>();
    for (Metric m : run.getData().getMetricsList()) out.put(m.getKey(), m);
    return out;
  }

  private static Metric metric(String key, double value, long timestamp, long step) {
    return Metric.newBuilder().setKey(key).setValue(value).setTimestamp(timestamp).setStep(step).build();
  }

  private static Param param(String key, String value) {
    return Param.newBuilder().setKey(key).setValue(value).build();
  }

  private static RunTag tag(String key, String value) {
    return RunTag.newBuilder().setKey(key).setValue(value).build();
  }

  private static List<String> runIds(List<Run> runs) {
    return runs.stream().map(r -> r.getInfo().getRunId()).toList();
  }

  // ------------------------------------------------------------------ experiments

  @Test
  void createdExperimentIsReturnedByGetExperimentWithNameAndActiveStage() {
    String name = unique("create");
    String id = client.createExperiment(name);

    Experiment e = client.getExperiment(id);
    assertThat(id).matches("\\d+");
    assertThat(e.getExperimentId()).isEqualTo(id);
    assertThat(e.getName()).isEqualTo(name);
    assertThat(e.getLifecycleStage()).isEqualTo("active");
    assertThat(e.getArtifactLocation()).endsWith("/" + id);
    assertThat(e.getCreationTime()).isPositive();
  }

  @Test
  void getExperimentByNameFindsExistingAndReturnsEmptyForAbsentName() {
    String name = unique("by-name");
    String id = client.createExperiment(name);

    Optional<Experiment> found = client.getExperimentByName(name);
    assertThat(found).isPresent();
    assertThat(found.get().getExperimentId()).isEqualTo(id);

    assertThat(client.getExperimentByName(unique("no-such-experiment"))).isEmpty();
  }

  @Test
  void defaultExperimentZeroExists() {
    assertThat(client.getExperiment("0").getName()).isEqualTo("Default");
  }

  @Test
  void searchExperimentsWithFilterReturnsOnlyMatchingOnes() {
    String prefix = unique("srch");
    String a = client.createExperiment(prefix + "-alpha");
    String b = client.createExperiment(prefix + "-beta");
    client.createExperiment(unique("other"));

    ExperimentsPage page = client.searchExperiments("name LIKE '" + prefix + "-%'");
    assertThat(page.getItems()).extracting(Experiment::getExperimentId).containsExactlyInAnyOrder(a, b);

    ExperimentsPage one = client.searchExperiments("name = '" + prefix + "-beta'", ViewType.ACTIVE_ONLY, 10, List.of("name ASC"));
    assertThat(one.getItems()).extracting(Experiment::getExperimentId).containsExactly(b);
    assertThat(one.hasNextPage()).isFalse();
  }

  @Test
  void renameExperimentChangesItsNameAndOldNameNoLongerResolves() {
    String oldName = unique("old");
    String newName = unique("new");
    String id = client.createExperiment(oldName);

    client.renameExperiment(id, newName);

    assertThat(client.getExperiment(id).getName()).isEqualTo(newName);
    assertThat(client.getExperimentByName(newName)).map(Experiment::getExperimentId).contains(id);
    assertThat(client.getExperimentByName(oldName)).isEmpty();
  }

  @Test
  void deleteAndRestoreExperimentToggleLifecycleStageAndSearchVisibility() {
    String name = unique("lifecycle");
    String id = client.createExperiment(name);

    client.deleteExperiment(id);
    assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("deleted");
    assertThat(client.searchExperiments("name = '" + name + "'").getItems()).isEmpty();
    assertThat(client.searchExperiments("name = '" + name + "'", ViewType.DELETED_ONLY, 10, List.of()).getItems())
        .extracting(Experiment::getExperimentId).containsExactly(id);

    client.restoreExperiment(id);
    assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("active");
    assertThat(client.searchExperiments("name = '" + name + "'").getItems())
        .extracting(Experiment::getExperimentId).containsExactly(id);
  }

  @Test
  void setExperimentTagAddsAndOverwritesTag() {
    String id = newExperiment("exp-tag");

    client.setExperimentTag(id, "team", "vision");
    client.setExperimentTag(id, "team", "nlp");
    client.setExperimentTag(id, "owner", "alice");

    Map<String, String> tags = client.getExperiment(id).getTagsList().stream()
        .collect(Collectors.toMap(ExperimentTag::getKey, ExperimentTag::getValue));
    assertThat(tags).containsEntry("team", "nlp").containsEntry("owner", "alice").hasSize(2);
  }

  @Test
  void creatingExperimentWithDuplicateNameFailsWith400() {
    String name = unique("dup");
    client.createExperiment(name);

    MlflowHttpException e = catchThrowableOfType(() -> client.createExperiment(name), MlflowHttpException.class);
    assertThat(e).isNotNull();
    assertThat(e.getStatusCode()).isEqualTo(400);
    assertThat(e.getBodyMessage()).contains("RESOURCE_ALREADY_EXISTS");
  }

  // ------------------------------------------------------------------ runs

  @Test
  void createRunInExperimentReturnsRunningRunWithGeneratedName() {
    String exp = newExperiment("runs");
    long before = System.currentTimeMillis();

    RunInfo info = client.createRun(exp);

    assertThat(info.getRunId()).isNotEmpty().isEqualTo(info.getRunUuid());
    assertThat(info.getExperimentId()).isEqualTo(exp);
    assertThat(info.getStatus()).isEqualTo(RunStatus.RUNNING);
    assertThat(info.getLifecycleStage()).isEqualTo("active");
    assertThat(info.getStartTime()).isBetween(before - 5_000, System.currentTimeMillis() + 5_000);
    assertThat(info.getRunName()).isNotEmpty();
    assertThat(info.getArtifactUri()).contains(info.getRunId());

    Run run = client.getRun(info.getRunId());
    assertThat(run.getInfo().getRunId()).isEqualTo(info.getRunId());
    assertThat(tags(run)).containsEntry("mlflow.runName", info.getRunName());
  }

  @Test
  void createRunWithoutExperimentUsesDefaultExperiment() {
    RunInfo noArgs = client.createRun();
    assertThat(noArgs.getExperimentId()).isEqualTo("0");

    RunInfo noExperimentField = client.createRun(CreateRun.newBuilder().setRunName("no-exp-run").build());
    assertThat(noExperimentField.getExperimentId()).isEqualTo("0");
    assertThat(noExperimentField.getRunName()).isEqualTo("no-exp-run");
    assertThat(client.getRun(noExperimentField.getRunId()).getInfo().getRunName()).isEqualTo("no-exp-run");
  }

  @Test
  void createRunWithProtoKeepsNameStartTimeUserAndTags() {
    String exp = newExperiment("runs-proto");
    RunInfo info = client.createRun(CreateRun.newBuilder().setExperimentId(exp).setRunName("named")
        .setStartTime(1_700_000_000_123L).setUserId("bob").addTags(tag("origin", "test")).build());

    Run run = client.getRun(info.getRunId());
    assertThat(run.getInfo().getRunName()).isEqualTo("named");
    assertThat(run.getInfo().getStartTime()).isEqualTo(1_700_000_000_123L);
    assertThat(run.getInfo().getUserId()).isEqualTo("bob");
    assertThat(tags(run)).containsEntry("origin", "test").containsEntry("mlflow.runName", "named");
  }

  @Test
  void setTagOverwritesAndDeleteTagRemovesIt() {
    String runId = client.createRun(newExperiment("tags")).getRunId();

    client.setTag(runId, "stage", "dev");
    client.setTag(runId, "stage", "prod");
    client.setTag(runId, "keep", "me");
    assertThat(tags(client.getRun(runId))).containsEntry("stage", "prod").containsEntry("keep", "me");

    client.deleteTag(runId, "stage");
    assertThat(tags(client.getRun(runId))).doesNotContainKey("stage").containsEntry("keep", "me");
  }

  @Test
  void deletingAbsentTagFailsWith404() {
    String runId = client.createRun(newExperiment("tags-absent")).getRunId();
    MlflowHttpException e = catchThrowableOfType(() -> client.deleteTag(runId, "never-set"), MlflowHttpException.class);
    assertThat(e.getStatusCode()).isEqualTo(404);
    assertThat(e.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void logParamStoresValueAndSameValueAgainIsIdempotent() {
    String runId = client.createRun(newExperiment("params")).getRunId();

    client.logParam(runId, "lr", "0.01");
    client.logParam(runId, "lr", "0.01");
    client.logParam(runId, "optimizer", "adam");

    assertThat(params(client.getRun(runId))).containsExactlyInAnyOrderEntriesOf(Map.of("lr", "0.01", "optimizer", "adam"));
  }

  @Test
  void logMetricWithStepsAndTimestampsIsReturnedInHistoryAndLatestInRun() {
    String runId = client.createRun(newExperiment("metrics")).getRunId();

    client.logMetric(runId, "loss", 0.9, 1_000L, 0);
    client.logMetric(runId, "loss", 0.5, 2_000L, 1);
    client.logMetric(runId, "loss", 0.25, 3_000L, 2);
    client.logMetric(runId, "plain", 7.0);

    List<Metric> history = client.getMetricHistory(runId, "loss");
    assertThat(history).extracting(Metric::getValue).containsExactly(0.9, 0.5, 0.25);
    assertThat(history).extracting(Metric::getStep).containsExactly(0L, 1L, 2L);
    assertThat(history).extracting(Metric::getTimestamp).containsExactly(1_000L, 2_000L, 3_000L);
    assertThat(history).extracting(Metric::getKey).containsOnly("loss");

    Map<String, Metric> latest = metrics(client.getRun(runId));
    assertThat(latest.get("loss").getValue()).isEqualTo(0.25);
    assertThat(latest.get("loss").getStep()).isEqualTo(2L);
    assertThat(latest.get("plain").getValue()).isEqualTo(7.0);
    assertThat(latest.get("plain").getStep()).isZero();
  }

  @Test
  void metricHistoryIsOrderedByStepEvenWhenLoggedOutOfOrder() {
    String runId = client.createRun(newExperiment("ooo")).getRunId();
    client.logMetric(runId, "acc", 0.3, 30L, 3);
    client.logMetric(runId, "acc", 0.1, 10L, 1);
    client.logMetric(runId, "acc", 0.2, 20L, 2);

    assertThat(client.getMetricHistory(runId, "acc")).extracting(Metric::getStep).containsExactly(1L, 2L, 3L);
    assertThat(metrics(client.getRun(runId)).get("acc").getValue()).isEqualTo(0.3);
  }

  @Test
  void metricHistoryOfUnknownKeyIsEmpty() {
    String runId = client.createRun(newExperiment("nokey")).getRunId();
    assertThat(client.getMetricHistory(runId, "never-logged")).isEmpty();
  }

  @Test
  void logBatchStoresMetricsParamsAndTags() {
    String runId = client.createRun(newExperiment("batch")).getRunId();

    client.logBatch(runId,
        List.of(metric("m1", 1.5, 100L, 0), metric("m1", 2.5, 200L, 1), metric("m2", -3.0, 100L, 0)),
        List.of(param("p1", "a"), param("p2", "b")),
        List.of(tag("t1", "x"), tag("t2", "y")));

    Run run = client.getRun(runId);
    assertThat(params(run)).containsExactlyInAnyOrderEntriesOf(Map.of("p1", "a", "p2", "b"));
    assertThat(tags(run)).containsEntry("t1", "x").containsEntry("t2", "y");
    assertThat(metrics(run).get("m1").getValue()).isEqualTo(2.5);
    assertThat(metrics(run).get("m2").getValue()).isEqualTo(-3.0);
    assertThat(client.getMetricHistory(runId, "m1")).extracting(Metric::getValue).containsExactly(1.5, 2.5);
  }

  @Test
  void metricHistoryLongerThanOneClientPageIsFetchedCompletelyAndInOrder() {
    String runId = client.createRun(newExperiment("long")).getRunId();
    int n = 25_000 + 1_234; // the client asks for 25000 per page and must follow next_page_token
    for (int from = 0; from < n; from += 1000) {
      List<Metric> batch = new ArrayList<>();
      for (int i = from; i < Math.min(n, from + 1000); i++) batch.add(metric("long", i * 0.5, 1_000_000L + i, i));
      client.logBatch(runId, batch, List.of(), List.of());
    }

    List<Metric> history = client.getMetricHistory(runId, "long");

    assertThat(history).hasSize(n);
    for (int i = 0; i < n; i++) {
      Metric m = history.get(i);
      assertThat(m.getStep()).as("step at %d", i).isEqualTo(i);
      assertThat(m.getValue()).as("value at %d", i).isEqualTo(i * 0.5);
      assertThat(m.getTimestamp()).as("timestamp at %d", i).isEqualTo(1_000_000L + i);
    }
  }

  @Test
  void setTerminatedSetsStatusAndEndTime() {
    String exp = newExperiment("terminate");
    String a = client.createRun(exp).getRunId();
    String b = client.createRun(exp).getRunId();

    client.setTerminated(a, RunStatus.KILLED, 1_800_000_000_000L);
    RunInfo killed = client.getRun(a).getInfo();
    assertThat(killed.getStatus()).isEqualTo(RunStatus.KILLED);
    assertThat(killed.getEndTime()).isEqualTo(1_800_000_000_000L);

    long before = System.currentTimeMillis();
    client.setTerminated(b);
    RunInfo finished = client.getRun(b).getInfo();
    assertThat(finished.getStatus()).isEqualTo(RunStatus.FINISHED);
    assertThat(finished.getEndTime()).isBetween(before - 5_000, System.currentTimeMillis() + 5_000);
  }

  @Test
  void loggingToFinishedRunIsAllowed() {
    String runId = client.createRun(newExperiment("finished-log")).getRunId();
    client.setTerminated(runId, RunStatus.FINISHED);
    client.logMetric(runId, "late", 1.0);
    assertThat(metrics(client.getRun(runId))).containsKey("late");
  }

  @Test
  void deletedRunLeavesDefaultSearchAndRestoreBringsItBack() {
    String exp = newExperiment("delete");
    String kept = client.createRun(exp).getRunId();
    String gone = client.createRun(exp).getRunId();

    client.deleteRun(gone);

    assertThat(client.getRun(gone).getInfo().getLifecycleStage()).isEqualTo("deleted");
    assertThat(client.searchRuns(List.of(exp), "")).extracting(RunInfo::getRunId).containsExactly(kept);
    assertThat(client.searchRuns(List.of(exp), "", ViewType.DELETED_ONLY)).extracting(RunInfo::getRunId).containsExactly(gone);
    assertThat(client.searchRuns(List.of(exp), "", ViewType.ALL)).extracting(RunInfo::getRunId)
        .containsExactlyInAnyOrder(kept, gone);

    client.restoreRun(gone);
    assertThat(client.getRun(gone).getInfo().getLifecycleStage()).isEqualTo("active");
    assertThat(client.searchRuns(List.of(exp), "")).extracting(RunInfo::getRunId).containsExactlyInAnyOrder(kept, gone);
  }

  // ------------------------------------------------------------------ search

  /** Three runs: a (acc 0.9, model cnn, team vision, FINISHED), b (0.5, rnn, nlp, RUNNING), c (0.7, cnn, nlp, KILLED). */
  private record SearchFixture(String exp, String a, String b, String c) {}

  private static SearchFixture searchFixture() {
    String exp = newExperiment("search");
    String a = client.createRun(exp).getRunId();
    String b = client.createRun(exp).getRunId();
    String c = client.createRun(exp).getRunId();
    client.logBatch(a, List.of(metric("acc", 0.9, 1L, 0)), List.of(param("model", "cnn")), List.of(tag("team", "vision")));
    client.logBatch(b, List.of(metric("acc", 0.5, 1L, 0)), List.of(param("model", "rnn")), List.of(tag("team", "nlp")));
    client.logBatch(c, List.of(metric("acc", 0.7, 1L, 0)), List.of(param("model", "cnn")), List.of(tag("team", "nlp")));
    client.setTerminated(a, RunStatus.FINISHED);
    client.setTerminated(c, RunStatus.KILLED);
    return new SearchFixture(exp, a, b, c);
  }

  @Test
  void searchRunsFiltersOnMetricsParamsTagsAndStatus() {
    SearchFixture f = searchFixture();
    List<String> exp = List.of(f.exp());

    assertThat(client.searchRuns(exp, "metrics.acc > 0.6")).extracting(RunInfo::getRunId).containsExactlyInAnyOrder(f.a(), f.c());
    assertThat(client.searchRuns(exp, "metrics.acc <= 0.5")).extracting(RunInfo::getRunId).containsExactly(f.b());
    assertThat(client.searchRuns(exp, "params.model = 'cnn'")).extracting(RunInfo::getRunId).containsExactlyInAnyOrder(f.a(), f.c());
    assertThat(client.searchRuns(exp, "tags.team = 'nlp'")).extracting(RunInfo::getRunId).containsExactlyInAnyOrder(f.b(), f.c());
    assertThat(client.searchRuns(exp, "attributes.status = 'FINISHED'")).extracting(RunInfo::getRunId).containsExactly(f.a());
    assertThat(client.searchRuns(exp, "params.model = 'cnn' and tags.team = 'nlp'")).extracting(RunInfo::getRunId)
        .containsExactly(f.c());
    assertThat(client.searchRuns(exp, "metrics.acc > 100")).isEmpty();
  }

  @Test
  void searchRunsSupportsOrAndParentheses() {
    SearchFixture f = searchFixture();
    List<String> exp = List.of(f.exp());

    assertThat(client.searchRuns(exp, "tags.team = 'vision' OR attributes.status = 'KILLED'")).extracting(RunInfo::getRunId)
        .containsExactlyInAnyOrder(f.a(), f.c());
    assertThat(client.searchRuns(exp, "(params.model = 'rnn' OR metrics.acc > 0.8) AND tags.team != 'vision'"))
        .extracting(RunInfo::getRunId).containsExactly(f.b());
  }

  @Test
  void searchRunsOrderByMetricAndPagesThroughAllResults() {
    String exp = newExperiment("paging");
    List<String> byScoreDesc = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String id = client.createRun(exp).getRunId();
      client.logMetric(id, "score", i);
      byScoreDesc.add(0, id);
    }

    RunsPage first = client.searchRuns(List.of(exp), "", ViewType.ACTIVE_ONLY, 3, List.of("metrics.score DESC"));
    assertThat(runIds(first.getItems())).containsExactlyElementsOf(byScoreDesc.subList(0, 3));
    assertThat(first.hasNextPage()).isTrue();

    List<String> all = new ArrayList<>(runIds(first.getItems()));
    String token = first.getNextPageToken().orElseThrow();
    int pages = 1;
    while (token != null) {
      RunsPage page = client.searchRuns(List.of(exp), "", ViewType.ACTIVE_ONLY, 3, List.of("metrics.score DESC"), token);
      all.addAll(runIds(page.getItems()));
      token = page.getNextPageToken().orElse(null);
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(all).containsExactlyElementsOf(byScoreDesc);

    // The client's own paging helper gives the same second page.
    assertThat(runIds(((RunsPage) first.getNextPage()).getItems())).containsExactlyElementsOf(byScoreDesc.subList(3, 6));

    RunsPage ascending = client.searchRuns(List.of(exp), "metrics.score >= 5", ViewType.ACTIVE_ONLY, 10,
        List.of("metrics.score ASC"));
    assertThat(runIds(ascending.getItems())).containsExactly(byScoreDesc.get(1), byScoreDesc.get(0));
    assertThat(ascending.hasNextPage()).isFalse();
  }

  @Test
  void searchRunsOrderByStartTimeAttribute() {
    String exp = newExperiment("order-start");
    List<String> ids = new ArrayList<>();
    for (long t : new long[] {3_000L, 1_000L, 2_000L}) {
      ids.add(client.createRun(CreateRun.newBuilder().setExperimentId(exp).setStartTime(t).build()).getRunId());
    }
    RunsPage page = client.searchRuns(List.of(exp), "", ViewType.ACTIVE_ONLY, 10, List.of("attributes.start_time ASC"));
    assertThat(runIds(page.getItems())).containsExactly(ids.get(1), ids.get(2), ids.get(0));
  }

  // ------------------------------------------------------------------ NaN and infinities

  @Test
  void nanAndInfinitiesRoundTripThroughLogMetric() {
    String runId = client.createRun(newExperiment("nan")).getRunId();

    client.logMetric(runId, "nan", Double.NaN, 10L, 0);
    client.logMetric(runId, "pinf", Double.POSITIVE_INFINITY, 10L, 0);
    client.logMetric(runId, "ninf", Double.NEGATIVE_INFINITY, 10L, 0);

    Map<String, Metric> latest = metrics(client.getRun(runId));
    assertThat(latest.get("nan").getValue()).isNaN();
    assertThat(latest.get("pinf").getValue()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(latest.get("ninf").getValue()).isEqualTo(Double.NEGATIVE_INFINITY);

    assertThat(client.getMetricHistory(runId, "nan")).singleElement().extracting(Metric::getValue)
        .satisfies(v -> assertThat(v).isNaN());
    assertThat(client.getMetricHistory(runId, "pinf")).extracting(Metric::getValue).containsExactly(Double.POSITIVE_INFINITY);
    assertThat(client.getMetricHistory(runId, "ninf")).extracting(Metric::getValue).containsExactly(Double.NEGATIVE_INFINITY);
  }

  @Test
  void nanAndInfinitiesRoundTripThroughLogBatchMixedWithFiniteValues() {
    String runId = client.createRun(newExperiment("nan-batch")).getRunId();

    client.logBatch(runId, List.of(
        metric("mixed", 1.0, 1L, 0),
        metric("mixed", Double.NaN, 2L, 1),
        metric("mixed", Double.POSITIVE_INFINITY, 3L, 2),
        metric("mixed", Double.NEGATIVE_INFINITY, 4L, 3),
        metric("mixed", -0.5, 5L, 4),
        metric("last-nan", 2.0, 1L, 0),
        metric("last-nan", Double.NaN, 2L, 1)), List.of(), List.of());

    List<Double> values = client.getMetricHistory(runId, "mixed").stream().map(Metric::getValue).toList();
    assertThat(values).hasSize(5);
    assertThat(values.get(0)).isEqualTo(1.0);
    assertThat(values.get(1)).isNaN();
    assertThat(values.get(2)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(values.get(3)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(values.get(4)).isEqualTo(-0.5);

    Map<String, Metric> latest = metrics(client.getRun(runId));
    assertThat(latest.get("mixed").getValue()).isEqualTo(-0.5);
    assertThat(latest.get("last-nan").getValue()).isNaN();
    assertThat(latest.get("last-nan").getStep()).isEqualTo(1L);
  }

  @Test
  void extremeFiniteValuesAreNotAltered() {
    String runId = client.createRun(newExperiment("extreme")).getRunId();
    client.logBatch(runId, List.of(metric("x", Double.MAX_VALUE, 1L, 0), metric("x", -Double.MAX_VALUE, 2L, 1),
        metric("x", Double.MIN_VALUE, 3L, 2)), List.of(), List.of());
    assertThat(client.getMetricHistory(runId, "x")).extracting(Metric::getValue)
        .containsExactly(Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE);
  }

  // ------------------------------------------------------------------ errors through the client

  @Test
  void changingParamValueFailsWith400InvalidParameterValueAndKeepsOldValue() {
    String runId = client.createRun(newExperiment("param-change")).getRunId();
    client.logParam(runId, "lr", "0.01");

    MlflowHttpException e = catchThrowableOfType(() -> client.logParam(runId, "lr", "0.02"), MlflowHttpException.class);

    assertThat(e).isNotNull();
    assertThat(e.getStatusCode()).isEqualTo(400);
    assertThat(e.getBodyMessage()).contains("INVALID_PARAMETER_VALUE").contains("lr");
    assertThat(params(client.getRun(runId))).containsEntry("lr", "0.01");
  }

  @Test
  void changingParamValueInLogBatchFailsWith400() {
    String runId = client.createRun(newExperiment("param-change-batch")).getRunId();
    client.logParam(runId, "batch_size", "32");

    MlflowHttpException e = catchThrowableOfType(
        () -> client.logBatch(runId, List.of(metric("m", 1.0, 1L, 0)), List.of(param("batch_size", "64")), List.of()),
        MlflowHttpException.class);

    assertThat(e.getStatusCode()).isEqualTo(400);
    assertThat(e.getBodyMessage()).contains("INVALID_PARAMETER_VALUE").contains("batch_size");
    Run run = client.getRun(runId);
    assertThat(params(run)).containsEntry("batch_size", "32");
    assertThat(run.getData().getMetricsList()).as("the whole batch is rejected").isEmpty();
  }

  @Test
  void unknownRunFailsWith404() {
    String unknown = "0123456789abcdef0123456789abcdef";
    MlflowHttpException get = catchThrowableOfType(() -> client.getRun(unknown), MlflowHttpException.class);
    assertThat(get.getStatusCode()).isEqualTo(404);
    assertThat(get.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST");

    MlflowHttpException log = catchThrowableOfType(() -> client.logMetric(unknown, "m", 1.0), MlflowHttpException.class);
    assertThat(log.getStatusCode()).isEqualTo(404);
  }

  @Test
  void unknownExperimentFailsWith404() {
    MlflowHttpException e = catchThrowableOfType(() -> client.getExperiment("987654321"), MlflowHttpException.class);
    assertThat(e.getStatusCode()).isEqualTo(404);
    assertThat(e.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void loggingToDeletedRunFailsWith400AndStoresNothing() {
    String runId = client.createRun(newExperiment("deleted-log")).getRunId();
    client.deleteRun(runId);

    MlflowHttpException metric = catchThrowableOfType(() -> client.logMetric(runId, "m", 1.0), MlflowHttpException.class);
    assertThat(metric.getStatusCode()).isEqualTo(400);
    assertThat(metric.getBodyMessage()).contains("INVALID_PARAMETER_VALUE").contains("deleted");

    assertThatThrownBy(() -> client.logParam(runId, "p", "v"))
        .isInstanceOfSatisfying(MlflowHttpException.class, ex -> assertThat(ex.getStatusCode()).isEqualTo(400));
    assertThatThrownBy(() -> client.setTag(runId, "t", "v"))
        .isInstanceOfSatisfying(MlflowHttpException.class, ex -> assertThat(ex.getStatusCode()).isEqualTo(400));

    Run run = client.getRun(runId);
    assertThat(run.getData().getMetricsList()).isEmpty();
    assertThat(run.getData().getParamsList()).isEmpty();
    assertThat(tags(run)).doesNotContainKey("t");
  }
}
