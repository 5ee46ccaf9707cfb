package io.vigil.server.tracking.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OrderByParserTest {

  private static OrderKey run(String clause) {
    return OrderByParser.parseClause(SearchTarget.RUNS, clause);
  }

  @Test
  void parsesDirectionCaseInsensitivelyDefaultingToAscending() {
    assertThat(run("metrics.acc DESC")).isEqualTo(new OrderKey(EntityType.METRIC, "acc", false));
    assertThat(run("metrics.acc desc")).isEqualTo(new OrderKey(EntityType.METRIC, "acc", false));
    assertThat(run("attributes.start_time ASC")).isEqualTo(new OrderKey(EntityType.ATTRIBUTE, "start_time", true));
    assertThat(run("params.lr")).isEqualTo(new OrderKey(EntityType.PARAM, "lr", true));
    assertThat(run("  tags.team   Asc ")).isEqualTo(new OrderKey(EntityType.TAG, "team", true));
  }

  @Test
  void unprefixedNamesAreAttributes() {
    assertThat(run("start_time")).isEqualTo(new OrderKey(EntityType.ATTRIBUTE, "start_time", true));
    assertThat(run("created DESC")).isEqualTo(new OrderKey(EntityType.ATTRIBUTE, "start_time", false));
    assertThat(run("run_name")).isEqualTo(new OrderKey(EntityType.ATTRIBUTE, "run_name", true));
  }

  @Test
  void acceptsBacktickedKeysAndWhollyBacktickedIdentifiers() {
    assertThat(run("metrics.`my key` desc")).isEqualTo(new OrderKey(EntityType.METRIC, "my key", false));
    assertThat(run("`metrics.my key` desc")).isEqualTo(new OrderKey(EntityType.METRIC, "my key", false));
    assertThat(run("tags.mlflow.runName")).isEqualTo(new OrderKey(EntityType.TAG, "mlflow.runName", true));
  }

  @Test
  void parsesListsInOrderAndNullAsEmpty() {
    assertThat(OrderByParser.parseRunOrderBy(List.of("metrics.a", "params.b DESC")))
        .containsExactly(new OrderKey(EntityType.METRIC, "a", true), new OrderKey(EntityType.PARAM, "b", false));
    assertThat(OrderByParser.parseRunOrderBy(null)).isEmpty();
  }

  @Test
  void rejectsInvalidDirection() {
    assertThatThrownBy(() -> run("metrics.acc SIDEWAYS"))
        .isInstanceOf(SearchSyntaxException.class)
        .hasMessage("Invalid ordering key in order_by clause 'metrics.acc SIDEWAYS'.");
  }

  @Test
  void rejectsUnparseableClauses() {
    for (String clause : List.of("", "metrics.acc DESC extra", "metrics.my key DESC", "= DESC", "metrics.acc >")) {
      assertThatThrownBy(() -> run(clause))
          .isInstanceOf(SearchSyntaxException.class)
          .hasMessage("Invalid order_by clause '" + clause + "'. Could not be parsed.");
    }
  }

  @Test
  void rejectsUnknownAttributeOrPrefix() {
    assertThatThrownBy(() -> run("attributes.foo"))
        .isInstanceOf(SearchSyntaxException.class)
        .hasMessageStartingWith("Unknown attribute 'foo'")
        .hasMessageEndingWith("at position 0 in order_by clause 'attributes.foo'");
    assertThatThrownBy(() -> run("foo.bar DESC"))
        .isInstanceOf(SearchSyntaxException.class)
        .hasMessageStartingWith("Unknown identifier prefix 'foo'");
  }

  @Test
  void experimentsOrderOnlyByExperimentAttributes() {
    assertThat(OrderByParser.parseExperimentOrderBy(List.of("name", "last_update_time DESC", "experiment_id")))
        .containsExactly(
            new OrderKey(EntityType.ATTRIBUTE, "name", true),
            new OrderKey(EntityType.ATTRIBUTE, "last_update_time", false),
            new OrderKey(EntityType.ATTRIBUTE, "experiment_id", true));
    assertThatThrownBy(() -> OrderByParser.parseExperimentOrderBy(List.of("tags.owner")))
        .isInstanceOf(SearchSyntaxException.class)
        .hasMessageStartingWith("Invalid order_by entity 'tag'");
    assertThatThrownBy(() -> OrderByParser.parseExperimentOrderBy(List.of("start_time")))
        .isInstanceOf(SearchSyntaxException.class)
        .hasMessageStartingWith("Unknown attribute 'start_time'");
  }
}
