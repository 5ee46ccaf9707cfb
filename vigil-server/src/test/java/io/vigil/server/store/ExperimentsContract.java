package io.vigil.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.ErrorCode;
import io.vigil.model.Experiment;
import io.vigil.model.ExperimentTag;
import io.vigil.model.LifecycleStage;
import io.vigil.model.VigilException;
import io.vigil.model.ViewType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

public abstract class ExperimentsContract extends StoreContract {

  @Test
  void freshStore_hasDefaultExperimentZero() {
    Experiment e = store.getExperiment("0").orElseThrow();
    assertThat(e.name()).isEqualTo("Default");
    assertThat(e.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
  }

  @Test
  void create_keepsGivenArtifactLocationExactly() {
    String id = store.createExperiment("exact", "file:///tmp/some where/x", List.of(new ExperimentTag("team", "ml")));
    Experiment e = store.getExperiment(id).orElseThrow();
    assertThat(e.artifactLocation()).isEqualTo("file:///tmp/some where/x");
    assertThat(e.tags()).containsExactly(new ExperimentTag("team", "ml"));
    assertThat(store.getExperimentByName("exact")).contains(e);
  }

  @Test
  void create_rejectsDuplicateName() {
    newExperiment("dup");
    assertThatThrownBy(() -> newExperiment("dup"))
        .isInstanceOfSatisfying(VigilException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS));
  }

  @Test
  void getExperiment_unknownOrNonNumericIdIsEmpty() {
    assertThat(store.getExperiment("424242")).isEmpty();
    assertThat(store.getExperiment("abc")).isEmpty();
  }

  @Test
  void rename_changesNameAndRejectsTakenName() {
    String a = newExperiment("a");
    newExperiment("b");
    store.renameExperiment(a, "a2");
    assertThat(store.getExperiment(a).orElseThrow().name()).isEqualTo("a2");
    assertThatThrownBy(() -> store.renameExperiment(a, "b")).isInstanceOf(VigilException.class);
  }

  @Test
  void deleteAndRestore_softDeleteHidesFromActiveSearch() {
    String id = newExperiment("gone");
    store.setExperimentLifecycle(id, LifecycleStage.DELETED);
    assertThat(store.getExperiment(id).orElseThrow().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    assertThat(names(store.searchExperiments(new ExperimentSearch(null, List.of(), ViewType.ACTIVE_ONLY, 100, null))))
        .doesNotContain("gone");
    assertThat(names(store.searchExperiments(new ExperimentSearch(null, List.of(), ViewType.DELETED_ONLY, 100, null))))
        .containsExactly("gone");
    store.setExperimentLifecycle(id, LifecycleStage.ACTIVE);
    assertThat(store.getExperiment(id).orElseThrow().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
  }

  @Test
  void setExperimentTag_overwrites() {
    String id = newExperiment("tagged");
    store.setExperimentTag(id, new ExperimentTag("k", "1"));
    store.setExperimentTag(id, new ExperimentTag("k", "2"));
    assertThat(store.getExperiment(id).orElseThrow().tags()).containsExactly(new ExperimentTag("k", "2"));
  }

  @Test
  void search_filtersByNameAndPagesThroughAll() {
    for (int i = 0; i < 7; i++) newExperiment("exp-" + i);
    newExperiment("other");
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      Page<Experiment> page = store.searchExperiments(
          new ExperimentSearch("name LIKE 'exp-%'", List.of("name ASC"), ViewType.ACTIVE_ONLY, 3, token));
      seen.addAll(names(page));
      token = page.nextPageToken();
    } while (token != null);
    assertThat(seen).containsExactly("exp-0", "exp-1", "exp-2", "exp-3", "exp-4", "exp-5", "exp-6");
  }

  private static List<String> names(Page<Experiment> page) {
    return page.items().stream().map(Experiment::name).toList();
  }
}
