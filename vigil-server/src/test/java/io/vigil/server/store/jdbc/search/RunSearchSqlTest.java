package io.vigil.server.store.jdbc.search;



import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.store.jdbc.Dialect;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Executes generated SQL against an in-memory SQLite database with the V1 schema. Fixture (start_time, end_time):
 * r1 (1000, 2000), r2 (2000, null), r3 (3000, 5000), r4 (4000, 4500, deleted), r5 (2000, 3000). Metric acc: r1 0.9,
 * r2 0.5, r3 NaN, r4 missing, r5 0.9. Param model: r1 CNN, r2 cnn, r3 RNN, r4 missing, r5 Transformer. Tag team: r1
 * Vision, r2 vision, r3 NLP, r4 Vision, r5 missing.
 */
class RunSearchSqlTest {

  private TrackingTestDatabase db;

  @BeforeEach
  void setUp() throws SQLException {
    db = new TrackingTestDatabase();
    db.update(
        "INSERT INTO experiments VALUES (1, 'exp', 'file:/a', 'active', 0, 0)");
    run("r1", "alpha", "alice", "FINISHED", 1000, 2000L, "active");
    run("r2", "beta", "bob", "RUNNING", 2000, null, "active");
    run("r3", "gamma", "alice", "FAILED", 3000, 5000L, "active");
    run("r4", "delta", "carol", "FINISHED", 4000, 4500L, "deleted");
    run("r5", "epsilon", "bob", "FINISHED", 2000, 3000L, "active");
    metric("r1", "acc", 0.9);
    metric("r2", "acc", 0.5);
    metric("r3", "acc", Double.NaN);
    metric("r5", "acc", 0.9);
    metric("r1", "my metric", 1.0);
    metric("r2", "my metric", 2.0);
    kv("params", "r1", "model", "CNN");
    kv("params", "r2", "model", "cnn");
    kv("params", "r3", "model", "RNN");
    kv("params", "r5", "model", "Transformer");
    kv("params", "r1", "lr", "0.01");
    kv("params", "r2", "lr", "0.1");
    kv("tags", "r1", "team", "Vision");
    kv("tags", "r2", "team", "vision");
    kv("tags", "r3", "team", "NLP");
    kv("tags", "r4", "team", "Vision");
    for (String[] r : new String[][] {{"r1", "alpha"}, {"r2", "beta"}, {"r3", "gamma"}, {"r4", "delta"}, {"r5", "epsilon"}}) {
      kv("tags", r[0], "mlflow.runName", r[1]);
    }
  }

  @AfterEach
  void tearDown() throws SQLException {
    db.close();
  }

  private void run(String id, String name, String user, String status, long start, Long end, String stage)
      throws SQLException {
    db.update(
        "INSERT INTO runs (run_uuid, experiment_id, run_name, user_id, status, start_time, end_time, lifecycle_stage,"
            + " artifact_uri) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)",
        id, name, user, status, start, end, stage, "file:/art/" + id);
  }

  private void metric(String run, String key, double value) throws SQLException {
    boolean nan = Double.isNaN(value);
    db.update(
        "INSERT INTO latest_metrics VALUES (?, ?, ?, ?, 0, 0)", run, key, nan ? null : value, nan ? 1 : 0);
  }

  private void kv(String table, String run, String key, String value) throws SQLException {
    db.update("INSERT INTO " + table + " VALUES (?, ?, ?)", run, key, value);
  }

  private List<String> search(String filter, String... orderBy) throws SQLException {
    return db.select(
        "r.run_uuid",
        "runs r",
        RunSearchSql.where(filter, Dialect.SQLITE),
        RunSearchSql.orderByClauses(List.of(orderBy), Dialect.SQLITE));
  }

  @Test
  void noFilterAndNoOrderGivesStartTimeDescThenRunIdAsc() throws SQLException {
    assertThat(search("")).containsExactly("r4", "r3", "r2", "r5", "r1");
    assertThat(RunSearchSql.orderBy(List.of(), Dialect.SQLITE).sql()).isEqualTo("r.start_time DESC, r.run_uuid ASC");
  }

  @Test
  void filtersMetricsWithEveryNumericComparator() throws SQLException {
    assertThat(search("metrics.acc > 0.6")).containsExactly("r5", "r1");
    assertThat(search("metrics.acc >= 0.5")).containsExactly("r2", "r5", "r1");
    assertThat(search("metrics.acc < 0.9")).containsExactly("r2");
    assertThat(search("metrics.acc <= 0.9")).containsExactly("r2", "r5", "r1");
    assertThat(search("metrics.acc = 0.5")).containsExactly("r2");
    assertThat(search("metrics.`my metric` >= 2")).containsExactly("r2");
    assertThat(search("metrics.acc > -1e3")).containsExactly("r2", "r5", "r1");
  }

  @Test
  void nanMetricMatchesOnlyNotEqualAndMissingMetricMatchesNothing() throws SQLException {
    assertThat(search("metrics.acc != 0.9")).containsExactly("r3", "r2");
    assertThat(search("metrics.missing != 1")).isEmpty();
  }

  @Test
  void filtersParamsAndTagsByEqualityAndInequality() throws SQLException {
    assertThat(search("params.model = 'CNN'")).containsExactly("r1");
    assertThat(search("params.model != \"CNN\"")).containsExactly("r3", "r2", "r5");
    assertThat(search("tags.team = 'Vision'")).containsExactly("r4", "r1");
  }

  @Test
  void likeIsCaseSensitiveAndIlikeIsNot() throws SQLException {
    assertThat(search("params.model LIKE 'C%'")).containsExactly("r1");
    assertThat(search("params.model LIKE '%nn'")).containsExactly("r2");
    assertThat(search("params.model ILIKE '%nn'")).containsExactly("r3", "r2", "r1");
    assertThat(search("tags.team ilike 'VISION'")).containsExactly("r4", "r2", "r1");
    assertThat(search("run_name LIKE '%ta'")).containsExactly("r4", "r2");
    assertThat(search("attributes.user_id ILIKE 'ALI_E'")).containsExactly("r3", "r1");
  }

  @Test
  void filtersWithInAndNotInLists() throws SQLException {
    assertThat(search("params.model IN ('CNN', 'RNN')")).containsExactly("r3", "r1");
    assertThat(search("params.model NOT IN ('CNN', 'RNN')")).containsExactly("r2", "r5");
    assertThat(search("attributes.run_id IN ('r1', 'r4')")).containsExactly("r4", "r1");
    assertThat(search("status not in ('FINISHED')")).containsExactly("r3", "r2");
  }

  @Test
  void filtersRunNameAsAttributeOrTag() throws SQLException {
    assertThat(search("tags.mlflow.runName = 'alpha'")).containsExactly("r1");
    assertThat(search("tags.`mlflow.runName` = 'alpha'")).containsExactly("r1");
    assertThat(search("attributes.run_name = 'alpha'")).containsExactly("r1");
    assertThat(search("`Run name` = 'beta'")).containsExactly("r2");
  }

  @Test
  void filtersNumericAndStringAttributes() throws SQLException {
    assertThat(search("start_time >= 2000 AND start_time < 4000")).containsExactly("r3", "r2", "r5");
    assertThat(search("attributes.created > 3000")).containsExactly("r4");
    assertThat(search("end_time > 2500")).containsExactly("r4", "r3", "r5");
    assertThat(search("end_time != 2000")).containsExactly("r4", "r3", "r5");
    assertThat(search("attributes.lifecycle_stage = 'deleted'")).containsExactly("r4");
    assertThat(search("attributes.artifact_uri = 'file:/art/r3'")).containsExactly("r3");
    assertThat(search("run.status = 'RUNNING'")).containsExactly("r2");
  }

  @Test
  void combinesWithOrAndRespectsPrecedence() throws SQLException {
    assertThat(search("params.model = 'CNN' OR metrics.acc < 0.6")).containsExactly("r2", "r1");
    assertThat(search("params.model = 'RNN' OR params.model = 'cnn' AND metrics.acc > 0.6")).containsExactly("r3");
    assertThat(search("(params.model = 'RNN' OR params.model = 'cnn') AND metrics.acc > 0.4")).containsExactly("r2");
    assertThat(search("tags.team = 'NLP' OR (start_time = 2000 AND user_id = 'bob')"))
        .containsExactly("r3", "r2", "r5");
  }

  @Test
  void injectionAttemptsInValuesAndNamesAreJustData() throws SQLException {
    assertThat(search("params.x = \"'; DROP TABLE runs; --\"")).isEmpty();
    assertThat(search("params.model = 'CNN'' OR ''1''=''1'")).isEmpty();
    assertThat(search("params.`x'; DROP TABLE runs; --` = 'a'")).isEmpty();
    assertThat(search("tags.\"x\"\") OR 1=1 --\" = 'a'")).isEmpty();
    assertThat(search("metrics.`acc) OR (1=1` > 0")).isEmpty();
    assertThat(search("status IN ('x'') OR 1=1 --')")).isEmpty();
    assertThat(search("", "params.`'; DROP TABLE runs; --` DESC")).containsExactly("r4", "r3", "r2", "r5", "r1");
    assertThat(db.count("runs")).isEqualTo(5);
    assertThat(db.count("params")).isEqualTo(6);
  }

  @Test
  void generatedSqlContainsNoUserText() {
    SqlFragment where =
        RunSearchSql.where("params.`evil name` = 'evil value' OR tags.t IN ('evil2') OR metrics.m > 1", Dialect.SQLITE);
    assertThat(where.sql()).doesNotContain("evil").doesNotContain("'");
    assertThat(where.args()).containsExactly("evil name", "evil value", "t", "evil2", "m", 1.0);
    SqlFragment order = RunSearchSql.orderByClauses(List.of("tags.`evil key`"), Dialect.SQLITE);
    assertThat(order.sql()).doesNotContain("evil");
    assertThat(order.args()).containsExactly("evil key", "evil key");
  }

  @Test
  void ordersByMetricWithNanThenMissingLastInBothDirections() throws SQLException {
    assertThat(search("", "metrics.acc DESC")).containsExactly("r5", "r1", "r2", "r3", "r4");
    assertThat(search("", "metrics.acc ASC")).containsExactly("r2", "r5", "r1", "r3", "r4");
    assertThat(search("", "metrics.`my metric` DESC")).containsExactly("r2", "r1", "r4", "r3", "r5");
  }

  @Test
  void ordersByParamAndTagWithMissingLastInBothDirections() throws SQLException {
    assertThat(search("", "params.model")).containsExactly("r1", "r3", "r5", "r2", "r4");
    assertThat(search("", "params.model DESC")).containsExactly("r2", "r5", "r3", "r1", "r4");
    assertThat(search("", "tags.team ASC")).containsExactly("r3", "r4", "r1", "r2", "r5");
    assertThat(search("", "tags.team DESC")).containsExactly("r2", "r4", "r1", "r3", "r5");
  }

  @Test
  void ordersByAttributesWithNullEndTimeLast() throws SQLException {
    assertThat(search("", "end_time")).containsExactly("r1", "r5", "r4", "r3", "r2");
    assertThat(search("", "attributes.end_time DESC")).containsExactly("r3", "r4", "r5", "r1", "r2");
    assertThat(search("", "start_time ASC")).containsExactly("r1", "r2", "r5", "r3", "r4");
    assertThat(search("", "run_name")).containsExactly("r1", "r2", "r4", "r5", "r3");
    assertThat(search("", "attributes.run_id DESC")).containsExactly("r5", "r4", "r3", "r2", "r1");
  }

  @Test
  void ordersByMultipleKeysThenTieBreakers() throws SQLException {
    assertThat(search("", "user_id", "metrics.acc DESC")).containsExactly("r1", "r3", "r5", "r2", "r4");
    assertThat(search("", "status DESC")).containsExactly("r2", "r4", "r5", "r1", "r3");
  }

  @Test
  void filterAndOrderArgumentsBindInSequence() throws SQLException {
    assertThat(search("params.model IN ('CNN', 'cnn', 'Transformer') AND metrics.acc >= 0.5", "metrics.acc", "params.model DESC"))
        .containsExactly("r2", "r5", "r1");
  }
}
