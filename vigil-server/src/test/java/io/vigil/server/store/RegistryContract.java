package io.vigil.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.AliasMove;
import io.vigil.model.ErrorCode;
import io.vigil.model.ModelVersion;
import io.vigil.model.RegisteredModel;
import io.vigil.model.VigilException;
import io.vigil.server.registry.RegistryFilterParser;
import io.vigil.server.store.RegistrySearch.Order;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registered models, versions, tags, aliases and the alias history. */
public abstract class RegistryContract extends StoreContract {
  protected RegistryStore registry;


  @BeforeEach
  void openRegistry() throws Exception {
    registry = stores.registry();
  }

  private ModelVersion version(String model, String runId) {
    return registry.createModelVersion(new NewModelVersion(model, "s3://b/" + model, runId, "", "", "", Map.of()));
  }

  private static RegistrySearch search(String filter, boolean versions, List<String> order, int max, String token) {
    return new RegistrySearch(versions ? RegistryFilterParser.versions(filter) : RegistryFilterParser.models(filter),
        RegistryFilterParser.orderBy(order, versions), max, token);
  }

  private static ErrorCode code(Runnable r) {
    try {
      r.run();
    } catch (VigilException e) {
      return e.code();
    }
    throw new AssertionError("no VigilException");
  }

  @Test
  void createRegisteredModel_thenGetReturnsIt_andDuplicateNameIsAlreadyExists() {
    RegisteredModel m = registry.createRegisteredModel("churn", "d", Map.of("team", "ml"));
    assertThat(m.name()).isEqualTo("churn");
    assertThat(m.tags()).containsEntry("team", "ml");
    assertThat(registry.getRegisteredModel("churn")).get().extracting(RegisteredModel::description).isEqualTo("d");
    assertThat(code(() -> registry.createRegisteredModel("churn", "", Map.of()))).isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS);
    assertThat(registry.getRegisteredModel("other")).isEmpty();
  }

  @Test
  void versionsAreNumberedFromOne_andNumbersAreNeverReused() {
    registry.createRegisteredModel("m", "", Map.of());
    assertThat(version("m", null).version()).isEqualTo(1);
    assertThat(version("m", null).version()).isEqualTo(2);
    registry.deleteModelVersion("m", 2, "");
    assertThat(version("m", null).version()).isEqualTo(3);
    assertThat(registry.getModelVersion("m", 2)).isEmpty();
    assertThat(code(() -> version("nope", null))).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void rename_movesVersionsTagsAndAliases() {
    registry.createRegisteredModel("old", "", Map.of("k", "v"));
    version("old", null);
    registry.setModelVersionTag("old", 1, "t", "1");
    registry.setAlias("old", "champion", 1, "me", "first", "set");
    RegisteredModel renamed = registry.renameRegisteredModel("old", "new");
    assertThat(renamed.aliases()).containsEntry("champion", 1L);
    assertThat(renamed.tags()).containsEntry("k", "v");
    assertThat(registry.getModelVersion("new", 1)).get().satisfies(v -> {
      assertThat(v.tags()).containsEntry("t", "1");
      assertThat(v.aliases()).containsExactly("champion");
    });
    assertThat(registry.getRegisteredModel("old")).isEmpty();
    assertThat(registry.aliasHistory("new", "champion")).hasSize(1);
    registry.createRegisteredModel("taken", "", Map.of());
    assertThat(code(() -> registry.renameRegisteredModel("new", "taken"))).isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS);
  }

  @Test
  void deleteRegisteredModel_removesEverything() {
    registry.createRegisteredModel("gone", "", Map.of("k", "v"));
    version("gone", null);
    registry.setAlias("gone", "a", 1, "", "", "set");
    registry.deleteRegisteredModel("gone");
    assertThat(registry.getRegisteredModel("gone")).isEmpty();
    registry.createRegisteredModel("gone", "", Map.of());
    assertThat(version("gone", null).version()).isEqualTo(1);
    assertThat(registry.aliasHistory("gone", null)).isEmpty();
    assertThat(code(() -> registry.deleteRegisteredModel("never"))).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void tags_setOverwrites_deleteOfMissingIsNotFound() {
    registry.createRegisteredModel("m", "", Map.of());
    version("m", null);
    registry.setRegisteredModelTag("m", "k", "1");
    registry.setRegisteredModelTag("m", "k", "2");
    assertThat(registry.getRegisteredModel("m").orElseThrow().tags()).isEqualTo(Map.of("k", "2"));
    registry.deleteRegisteredModelTag("m", "k");
    assertThat(registry.getRegisteredModel("m").orElseThrow().tags()).isEmpty();
    assertThat(code(() -> registry.deleteRegisteredModelTag("m", "k"))).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    registry.setModelVersionTag("m", 1, "a", "b");
    registry.deleteModelVersionTag("m", 1, "a");
    assertThat(registry.getModelVersion("m", 1).orElseThrow().tags()).isEmpty();
    assertThat(code(() -> registry.setModelVersionTag("m", 9, "a", "b"))).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void transitionStage_andLatestVersionsPerStage() {
    registry.createRegisteredModel("m", "", Map.of());
    for (int i = 0; i < 4; i++) version("m", null);
    registry.transitionStage("m", 1, "Production", false);
    registry.transitionStage("m", 2, "Production", false);
    registry.transitionStage("m", 3, "Staging", false);
    assertThat(registry.latestVersions("m", List.of()).stream().map(v -> v.currentStage() + v.version()).toList())
        .containsExactly("None4", "Staging3", "Production2");
    registry.transitionStage("m", 4, "Production", true);
    assertThat(registry.getModelVersion("m", 1).orElseThrow().currentStage()).isEqualTo("Archived");
    assertThat(registry.getModelVersion("m", 2).orElseThrow().currentStage()).isEqualTo("Archived");
    assertThat(registry.latestVersions("m", List.of("Production"))).extracting(ModelVersion::version).containsExactly(4L);
    assertThat(registry.getRegisteredModel("m").orElseThrow().latestVersions()).extracting(ModelVersion::currentStage)
        .containsExactly("Staging", "Production", "Archived");
  }

  @Test
  void searchRegisteredModels_byNameLikeAndTag_orderedAndPaged() {
    for (String n : List.of("alpha", "beta", "alphabet", "gamma")) registry.createRegisteredModel(n, "", Map.of());
    registry.setRegisteredModelTag("beta", "team", "x");
    assertThat(names(registry.searchRegisteredModels(search("name LIKE 'alpha%'", false, List.of(), 10, null))))
        .containsExactly("alpha", "alphabet");
    assertThat(names(registry.searchRegisteredModels(search("name ILIKE '%ALPHA%'", false, List.of(), 10, null))))
        .containsExactly("alpha", "alphabet");
    assertThat(names(registry.searchRegisteredModels(search("name LIKE '%ALPHA%'", false, List.of(), 10, null)))).isEmpty();
    assertThat(names(registry.searchRegisteredModels(search("name = 'gamma'", false, List.of(), 10, null))))
        .containsExactly("gamma");
    assertThat(names(registry.searchRegisteredModels(search("tags.team = 'x'", false, List.of(), 10, null))))
        .containsExactly("beta");
    Page<RegisteredModel> first = registry.searchRegisteredModels(search("", false, List.of("name DESC"), 3, null));
    assertThat(names(first)).containsExactly("gamma", "beta", "alphabet");
    Page<RegisteredModel> second = registry.searchRegisteredModels(search("", false, List.of("name DESC"), 3, first.nextPageToken()));
    assertThat(names(second)).containsExactly("alpha");
    assertThat(second.nextPageToken()).isNull();
  }

  private static List<String> names(Page<RegisteredModel> p) {
    return p.items().stream().map(RegisteredModel::name).toList();
  }

  @Test
  void searchModelVersions_byNameAndRunId() {
    String exp = newExperiment("e");
    String r1 = newRun(exp, "r1", 1).info().runId();
    String r2 = newRun(exp, "r2", 2).info().runId();
    registry.createRegisteredModel("a", "", Map.of());
    registry.createRegisteredModel("b", "", Map.of());
    version("a", r1);
    version("a", r2);
    version("b", r2);
    assertThat(registry.searchModelVersions(search("name='a'", true, List.of(), 100, null)).items())
        .extracting(ModelVersion::version).containsExactly(2L, 1L);
    assertThat(registry.searchModelVersions(search("run_id='" + r2 + "'", true, List.of(), 100, null)).items())
        .extracting(v -> v.name() + v.version()).containsExactly("a2", "b1");
    assertThat(registry.searchModelVersions(search("name = 'a' AND version_number <= 1", true, List.of(), 100, null)).items())
        .extracting(ModelVersion::runId).containsExactly(r1);
    assertThat(registry.searchModelVersions(search("", true, List.of("version_number ASC"), 100, null)).items())
        .extracting(v -> v.name() + v.version()).containsExactly("a1", "b1", "a2");
    assertThat(RegistryFilterParser.orderBy(List.of("name"), true)).containsExactly(new Order("NAME", true));
  }

  @Test
  void aliases_setMoveDelete_recordEveryMove() {
    registry.createRegisteredModel("m", "", Map.of());
    version("m", null);
    version("m", null);
    registry.setAlias("m", "champion", 1, "ana", "first", "set");
    AliasMove move = registry.setAlias("m", "champion", 2, "bo", "better", "set");
    assertThat(move.fromVersion()).isEqualTo(1L);
    assertThat(move.toVersion()).isEqualTo(2L);
    assertThat(registry.getModelVersionByAlias("m", "champion")).get().extracting(ModelVersion::version).isEqualTo(2L);
    assertThat(registry.getModelVersion("m", 1).orElseThrow().aliases()).isEmpty();
    registry.deleteAlias("m", "champion", "cy", "retired");
    assertThat(registry.getModelVersionByAlias("m", "champion")).isEmpty();
    assertThat(code(() -> registry.deleteAlias("m", "champion", "", ""))).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertThat(code(() -> registry.setAlias("m", "x", 7, "", "", "set"))).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    List<AliasMove> h = registry.aliasHistory("m", "champion");
    assertThat(h).extracting(AliasMove::fromVersion).containsExactly(null, 1L, 2L);
    assertThat(h).extracting(AliasMove::toVersion).containsExactly(1L, 2L, null);
    assertThat(h).extracting(AliasMove::movedBy).containsExactly("ana", "bo", "cy");
    assertThat(h).extracting(AliasMove::reason).containsExactly("first", "better", "retired");
    assertThat(h).extracting(AliasMove::kind).containsExactly("set", "set", "delete");
  }

  @Test
  void deletingAVersion_removesItsAliases_andRecordsTheMove() {
    registry.createRegisteredModel("m", "", Map.of());
    version("m", null);
    registry.setAlias("m", "champion", 1, "", "", "set");
    registry.deleteModelVersion("m", 1, "ops");
    assertThat(registry.getModelVersionByAlias("m", "champion")).isEmpty();
    assertThat(registry.aliasHistory("m", null)).last().satisfies(m -> {
      assertThat(m.kind()).isEqualTo("version-deleted");
      assertThat(m.toVersion()).isNull();
      assertThat(m.movedBy()).isEqualTo("ops");
    });
  }

  @Test
  void unknownModel_isNotFoundEverywhere() {
    assertThatThrownBy(() -> registry.latestVersions("x", List.of())).isInstanceOf(VigilException.class);
    assertThat(code(() -> registry.aliasHistory("x", null))).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertThat(code(() -> registry.updateRegisteredModel("x", "d"))).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertThat(code(() -> registry.getModelVersionByAlias("x", "a"))).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }
}
