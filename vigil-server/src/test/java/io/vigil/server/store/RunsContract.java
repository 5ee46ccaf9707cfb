package io.vigil.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.ErrorCode;
import io.vigil.model.LifecycleStage;
import io.vigil.model.Metric;
import io.vigil.model.Param;
import io.vigil.model.Run;
import io.vigil.model.RunInfo;
import io.vigil.model.RunStatus;
import io.vigil.model.RunTag;
import io.vigil.model.VigilException;
import java.util.List;
import org.junit.jupiter.api.Test;

public abstract class RunsContract extends StoreContract {

  @Test
  void createRun_mirrorsNameInTagAndPutsArtifactsUnderExperiment() {
    String exp = store.createExperiment("e", "/data/art", List.of());
    Run run = newRun(exp, "first", 1000);
    assertThat(run.info().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(run.info().artifactUri()).isEqualTo("/data/art/" + run.info().runId() + "/artifacts");
    assertThat(run.data().tags()).contains(new RunTag("mlflow.runName", "first"));
    assertThat(store.getRun(run.info().runId())).contains(run);
  }

  @Test
  void createRun_inDeletedExperimentIsRejected() {
    String exp = newExperiment("e");
    store.setExperimentLifecycle(exp, LifecycleStage.DELETED);
    assertThatThrownBy(() -> newRun(exp, "r", 1)).isInstanceOfSatisfying(VigilException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
  }

  @Test
  void createRun_inUnknownExperimentIsNotFound() {
    assertThatThrownBy(() -> newRun("999", "r", 1)).isInstanceOfSatisfying(VigilException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
  }

  @Test
  void updateRun_setsStatusEndTimeAndName() {
    Run run = newRun("0", "r", 1);
    RunInfo info = store.updateRun(run.info().runId(), RunStatus.FINISHED, 99L, "renamed");
    assertThat(info.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(info.endTime()).isEqualTo(99L);
    assertThat(info.runName()).isEqualTo("renamed");
    assertThat(store.getRun(run.info().runId()).orElseThrow().data().tags()).contains(new RunTag("mlflow.runName", "renamed"));
  }

  @Test
  void logBatch_paramsAreImmutableButSameValueIsFine() {
    String id = newRun("0", "r", 1).info().runId();
    store.logBatch(id, List.of(), List.of(new Param("lr", "0.1")), List.of());
    store.logBatch(id, List.of(), List.of(new Param("lr", "0.1")), List.of());
    assertThatThrownBy(() -> store.logBatch(id, List.of(), List.of(new Param("lr", "0.2")), List.of()))
        .isInstanceOfSatisfying(VigilException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
          assertThat(e.getMessage()).contains("lr").contains("0.1").contains("0.2");
        });
    assertThat(store.getRun(id).orElseThrow().data().params()).containsExactly(new Param("lr", "0.1"));
  }

  @Test
  void logBatch_isAllOrNothing() {
    String id = newRun("0", "r", 1).info().runId();
    store.logBatch(id, List.of(), List.of(new Param("p", "1")), List.of());
    assertThatThrownBy(() -> store.logBatch(id, List.of(new Metric("m", 1, 1, 1)),
        List.of(new Param("q", "new"), new Param("p", "changed")), List.of(new RunTag("t", "v"))))
        .isInstanceOf(VigilException.class);
    Run run = store.getRun(id).orElseThrow();
    assertThat(run.data().metrics()).isEmpty();
    assertThat(run.data().params()).containsExactly(new Param("p", "1"));
    assertThat(run.data().tags()).extracting(RunTag::key).containsExactly("mlflow.runName");
  }

  @Test
  void tags_overwriteAndDelete() {
    String id = newRun("0", "r", 1).info().runId();
    store.logBatch(id, List.of(), List.of(), List.of(new RunTag("t", "1")));
    store.logBatch(id, List.of(), List.of(), List.of(new RunTag("t", "2")));
    assertThat(store.getRun(id).orElseThrow().data().tags()).contains(new RunTag("t", "2"));
    store.deleteTag(id, "t");
    assertThat(store.getRun(id).orElseThrow().data().tags()).extracting(RunTag::key).doesNotContain("t");
    assertThatThrownBy(() -> store.deleteTag(id, "t")).isInstanceOfSatisfying(VigilException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
  }

  @Test
  void deletedRun_rejectsWritesAndCanBeRestored() {
    String id = newRun("0", "r", 1).info().runId();
    store.setRunLifecycle(id, LifecycleStage.DELETED);
    assertThat(store.getRun(id).orElseThrow().info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    assertThatThrownBy(() -> store.logBatch(id, List.of(new Metric("m", 1, 1, 1)), List.of(), List.of()))
        .isInstanceOfSatisfying(VigilException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    store.setRunLifecycle(id, LifecycleStage.ACTIVE);
    store.logBatch(id, List.of(new Metric("m", 1, 1, 1)), List.of(), List.of());
    assertThat(store.getRun(id).orElseThrow().data().metrics()).hasSize(1);
  }

  @Test
  void unknownRun_isNotFound() {
    assertThat(store.getRun("nope")).isEmpty();
    assertThatThrownBy(() -> store.logBatch("nope", List.of(), List.of(new Param("a", "b")), List.of()))
        .isInstanceOfSatisfying(VigilException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
  }

  @Test
  void latestMetric_isGreatestStepThenTimestamp() {
    String id = newRun("0", "r", 1).info().runId();
    store.logBatch(id, List.of(new Metric("m", 5, 100, 10), new Metric("m", 1, 200, 2)), List.of(), List.of());
    store.logBatch(id, List.of(new Metric("m", 7, 50, 3)), List.of(), List.of());
    assertThat(store.getRun(id).orElseThrow().data().metrics()).containsExactly(new Metric("m", 5, 100, 10));
    store.logBatch(id, List.of(new Metric("m", 9, 101, 10)), List.of(), List.of());
    assertThat(store.getRun(id).orElseThrow().data().metrics()).containsExactly(new Metric("m", 9, 101, 10));
  }

  @Test
  void concurrentBatches_aFailingOneRollsBackOnlyItsOwnWrites() throws Exception {
    String id = newRun("0", "r", 1).info().runId();
    store.logBatch(id, List.of(), List.of(new Param("fixed", "a")), List.of());
    int threads = 8;
    int perThread = 40;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    java.util.concurrent.atomic.AtomicInteger rejected = new java.util.concurrent.atomic.AtomicInteger();
    List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
    for (int t = 0; t < threads; t++) {
      final int thread = t;
      futures.add(pool.submit(() -> {
        for (int i = 0; i < perThread; i++) {
          long step = thread * 1000L + i;
          boolean bad = i % 5 == 4; // every fifth batch tries to change a param: rejected as a whole
          try {
            store.logBatch(id, List.of(new Metric("m", step, 1, step)),
                List.of(new Param(bad ? "fixed" : "p" + step, bad ? "changed" : "v")), List.of());
          } catch (VigilException e) {
            rejected.incrementAndGet();
          }
        }
      }));
    }
    for (var f : futures) f.get(60, java.util.concurrent.TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(rejected.get()).isEqualTo(threads * perThread / 5);
    List<Metric> history = store.getMetricHistory(id, "m", Integer.MAX_VALUE, null).items();
    assertThat(history).hasSize(threads * perThread * 4 / 5);
    assertThat(history).allSatisfy(m -> assertThat(m.step() % 1000 % 5).isNotEqualTo(4L));
    Run run = store.getRun(id).orElseThrow();
    assertThat(run.data().params()).contains(new Param("fixed", "a")).hasSize(1 + threads * perThread * 4 / 5);
  }
}
