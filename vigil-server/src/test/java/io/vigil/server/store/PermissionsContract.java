package io.vigil.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.RegisteredModel;
import io.vigil.server.registry.RegistryFilterParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Grants on experiments and registered models, and registry searches restricted to what a user may read. */
public abstract class PermissionsContract extends StoreContract {
  protected PermissionStore grants;
  protected RegistryStore registry;

  @BeforeEach
  void openPermissions() {
    grants = stores.permissions();
    registry = stores.registry();
  }

  @Test
  void experimentGrants_areSetReplacedListedAndRevoked() {
    String exp = newExperiment("e");
    grants.grantExperiment(exp, "bob", "READ");
    grants.grantExperiment(exp, "bob", "EDIT");
    grants.grantExperiment(exp, "ann", "MANAGE");
    assertThat(grants.experimentPermission(exp, "bob")).contains("EDIT");
    assertThat(grants.experimentPermission(exp, "zed")).isEmpty();
    assertThat(grants.experimentPermissions(exp)).containsExactly(Map.entry("ann", "MANAGE"), Map.entry("bob", "EDIT"));
    assertThat(grants.revokeExperiment(exp, "bob")).isTrue();
    assertThat(grants.revokeExperiment(exp, "bob")).isFalse();
    assertThat(grants.experimentPermissions(exp)).containsOnlyKeys("ann");
  }

  @Test
  void modelGrants_followARename_andGoWithADelete() {
    registry.createRegisteredModel("churn", "", Map.of());
    registry.createRegisteredModel("other", "", Map.of());
    grants.grantModel("churn", "bob", "READ");
    grants.grantModel("churn", "bob", "NONE");
    grants.grantModel("churn", "ann", "MANAGE");
    grants.grantModel("other", "ann", "READ");
    assertThat(grants.modelPermission("churn", "bob")).contains("NONE");
    assertThat(grants.modelPermissions("churn")).containsExactly(Map.entry("ann", "MANAGE"), Map.entry("bob", "NONE"));

    registry.renameRegisteredModel("churn", "churn-v2");
    assertThat(grants.modelPermissions("churn")).isEmpty();
    assertThat(grants.modelPermissions("churn-v2")).containsExactly(Map.entry("ann", "MANAGE"), Map.entry("bob", "NONE"));

    registry.deleteRegisteredModel("churn-v2");
    assertThat(grants.modelPermissions("churn-v2")).isEmpty();
    assertThat(grants.modelPermissions("other")).containsExactly(Map.entry("ann", "READ"));
    assertThat(grants.revokeModel("other", "ann")).isTrue();
    assertThat(grants.revokeModel("other", "ann")).isFalse();
  }

  private List<String> names(ReadableBy who, boolean versions, int max) {
    List<String> out = new ArrayList<>();
    String token = null;
    do {
      RegistrySearch s = new RegistrySearch(versions ? RegistryFilterParser.versions(null) : RegistryFilterParser.models(null),
          List.of(), max, token, who);
      if (versions) {
        Page<io.vigil.model.ModelVersion> page = registry.searchModelVersions(s);
        page.items().forEach(v -> out.add(v.name() + "/" + v.version()));
        token = page.nextPageToken();
      } else {
        Page<RegisteredModel> page = registry.searchRegisteredModels(s);
        page.items().forEach(m -> out.add(m.name()));
        token = page.nextPageToken();
      }
    } while (token != null);
    return out;
  }

  @Test
  void registrySearches_keepOnlyReadableModels_inEveryPage() {
    for (String m : List.of("a", "b", "c", "d")) {
      registry.createRegisteredModel(m, "", Map.of());
      registry.createModelVersion(new NewModelVersion(m, "s3://x/" + m, null, "", "", "", Map.of()));
    }
    grants.grantModel("a", "bob", "MANAGE");
    grants.grantModel("b", "bob", "NONE");
    grants.grantModel("c", "bob", "READ");
    grants.grantModel("d", "ann", "EDIT");
    // Default NONE: only bob's READ/EDIT/MANAGE grants.
    assertThat(names(new ReadableBy("bob", false), false, 1)).containsExactly("a", "c");
    assertThat(names(new ReadableBy("bob", false), true, 1)).containsExactly("a/1", "c/1");
    // Default READ: everything but the explicit NONE.
    assertThat(names(new ReadableBy("bob", true), false, 2)).containsExactly("a", "c", "d");
    assertThat(names(new ReadableBy("bob", true), true, 1)).containsExactly("a/1", "c/1", "d/1");
    assertThat(names(new ReadableBy("zed", false), false, 10)).isEmpty();
    assertThat(names(null, false, 3)).containsExactly("a", "b", "c", "d");
  }
}
