package io.vigil.server.store.jdbc.search;

import io.vigil.server.tracking.search.SearchSyntaxException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.store.jdbc.Dialect;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fixture (id, name, creation_time, last_update_time, owner tag): 1 Default 100 500 alice; 2 vision-exp 300 300 bob;
 * 3 Vision-Exp2 200 900 Alice; 4 nlp 300 100 (no tag).
 */
class ExperimentSearchSqlTest {

  private TrackingTestDatabase db;

  @BeforeEach
  void setUp() throws SQLException {
    db = new TrackingTestDatabase();
    experiment(1, "Default", 100, 500);
    experiment(2, "vision-exp", 300, 300);
    experiment(3, "Vision-Exp2", 200, 900);
    experiment(4, "nlp", 300, 100);
    tag(1, "owner", "alice");
    tag(2, "owner", "bob");
    tag(3, "owner", "Alice");
  }

  @AfterEach
  void tearDown() throws SQLException {
    db.close();
  }

  private void experiment(long id, String name, long created, long updated) throws SQLException {
    db.update("INSERT INTO experiments VALUES (?, ?, 'file:/x', 'active', ?, ?)", id, name, created, updated);
  }

  private void tag(long id, String key, String value) throws SQLException {
    db.update("INSERT INTO experiment_tags VALUES (?, ?, ?)", id, key, value);
  }

  private List<String> search(String filter, String... orderBy) throws SQLException {
    return db.select(
        "e.experiment_id",
        "experiments e",
        ExperimentSearchSql.where(filter, Dialect.SQLITE),
        ExperimentSearchSql.orderByClauses(List.of(orderBy), Dialect.SQLITE));
  }

  @Test
  void defaultOrderIsCreationTimeDescThenExperimentIdAsc() throws SQLException {
    assertThat(search("")).containsExactly("2", "4", "3", "1");
  }

  @Test
  void explicitOrderGetsExperimentIdDescTieBreaker() throws SQLException {
    assertThat(search("", "creation_time ASC")).containsExactly("1", "3", "4", "2");
    assertThat(search("", "last_update_time DESC")).containsExactly("3", "1", "2", "4");
    assertThat(search("", "name")).containsExactly("1", "3", "4", "2");
    assertThat(search("", "attributes.experiment_id DESC")).containsExactly("4", "3", "2", "1");
  }

  @Test
  void filtersNameWithCaseSensitiveLikeAndInsensitiveIlike() throws SQLException {
    assertThat(search("name LIKE 'vision%'")).containsExactly("2");
    assertThat(search("name ILIKE 'vision%'")).containsExactly("2", "3");
    assertThat(search("attributes.name = 'nlp'")).containsExactly("4");
    assertThat(search("name != 'nlp'")).containsExactly("2", "3", "1");
    assertThat(search("name IN ('nlp', 'Default')")).containsExactly("4", "1");
  }

  @Test
  void filtersTimesNumerically() throws SQLException {
    assertThat(search("creation_time >= 200 AND last_update_time < 400")).containsExactly("2", "4");
    assertThat(search("last_update_time > 450")).containsExactly("3", "1");
  }

  @Test
  void filtersExperimentIdAsStringOrUnquotedInteger() throws SQLException {
    assertThat(search("experiment_id IN ('1', '3')")).containsExactly("3", "1");
    assertThat(search("experiment_id = 2")).containsExactly("2");
    assertThat(search("experiment_id = 'abc'")).isEmpty();
  }

  @Test
  void filtersTagsWithMissingTagNeverMatching() throws SQLException {
    assertThat(search("tags.owner = 'alice'")).containsExactly("1");
    assertThat(search("tags.owner ILIKE 'alice'")).containsExactly("3", "1");
    assertThat(search("tags.owner != 'alice'")).containsExactly("2", "3");
    assertThat(search("tags.owner = 'bob' OR name = 'nlp'")).containsExactly("2", "4");
  }

  @Test
  void injectionAttemptsAreJustData() throws SQLException {
    assertThat(search("name = \"'; DROP TABLE experiments; --\"")).isEmpty();
    assertThat(search("tags.`'; DROP TABLE experiments; --` = 'x'")).isEmpty();
    assertThat(db.count("experiments")).isEqualTo(4);
  }

  @Test
  void rejectsRunOnlyIdentifiersAndTagOrdering() {
    assertThatThrownBy(() -> ExperimentSearchSql.where("params.a = 'b'", Dialect.SQLITE))
        .isInstanceOf(SearchSyntaxException.class)
        .hasMessageStartingWith("Unknown identifier prefix 'params'");
    assertThatThrownBy(() -> ExperimentSearchSql.where("run_name = 'b'", Dialect.SQLITE))
        .isInstanceOf(SearchSyntaxException.class)
        .hasMessageStartingWith("Unknown attribute 'run_name'");
    assertThatThrownBy(() -> ExperimentSearchSql.orderByClauses(List.of("tags.owner"), Dialect.SQLITE))
        .isInstanceOf(SearchSyntaxException.class);
  }

  @Test
  void postgresIlikeUsesNativeOperator() {
    assertThat(ExperimentSearchSql.where("name ILIKE 'a%'", Dialect.POSTGRESQL).sql()).isEqualTo("e.name ILIKE ? ESCAPE ''");
  }
}
