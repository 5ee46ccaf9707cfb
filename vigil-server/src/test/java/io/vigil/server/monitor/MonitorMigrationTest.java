package io.vigil.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store written before the event log (schema 6, one row per prediction) keeps its data after V7. */
class MonitorMigrationTest {
  static final long T0 = MonitorRoutesTest.T0;
  @TempDir Path dir;

  @Test
  void predictionsOutcomesAndWaitingOutcomes_ofSchema6_areReplayedAfterTheMigration() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("monitor.db").toAbsolutePath();
    Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/sqlite").target("6").load().migrate();
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO monitors VALUES ('churn', '{\"task\":\"binary\",\"window_ms\":3600000,"
          + "\"metrics\":[\"accuracy\"],\"positive_label\":\"1\",\"features\":{\"age\":\"numeric\"}}', 1, 1)");
      st.executeUpdate("INSERT INTO monitor_predictions VALUES"
          + " ('churn', 'a', " + (T0 + 1) + ", '3', '{\"age\":30}', '1', '0.9', '1', 5),"
          + " ('churn', 'b', " + (T0 + 2) + ", '3', NULL, '0', NULL, '1', NULL),"
          + " ('churn', 'c', " + (T0 + 3) + ", '3', NULL, '1', '{\"1\":0.2}', NULL, NULL)");
      st.executeUpdate("INSERT INTO monitor_pending_outcomes VALUES ('churn', 'late', '0', NULL)");
    }
    try (MonitorApi api = new MonitorApi(dir, T0)) {
      api.tick();
      assertThat(api.window("churn", "prediction_count", T0)).isEqualTo(3.0);
      assertThat(api.window("churn", "labelled_count", T0)).isEqualTo(2.0);
      assertThat(api.window("churn", "accuracy", T0)).isEqualTo(0.5);
      assertThat(api.window("churn", "score_count", T0)).isEqualTo(2.0);
      JsonNode r = api.json("POST", "/api/vigil/monitors/churn/predictions", List.of(
          MonitorRoutesTest.prediction("a", T0 + 1, 1), MonitorRoutesTest.prediction("late", T0 + 4, 0)));
      assertThat(r.get("duplicates").asInt()).isEqualTo(1);
      assertThat(r.get("joined").asInt()).as("the outcome that was waiting").isEqualTo(1);
      r = api.json("POST", "/api/vigil/monitors/churn/outcomes", List.of(Map.of("id", "c", "label", 1), Map.of("id", "a", "label", 0)));
      assertThat(r.get("joined").asInt()).as("c had no outcome, a had one").isEqualTo(1);
      api.tick();
      assertThat(api.window("churn", "labelled_count", T0)).isEqualTo(4.0);
      assertThat(api.window("churn", "accuracy", T0)).isEqualTo(0.75);
    }
    // Event times of the migrated batches: the predictions'; for outcomes, the joined prediction's or,
    // for one still waiting, the time of the migration (when it started to count as waiting).
    long migrated = System.currentTimeMillis();
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT seq, min_ts, max_ts FROM monitor_event_batches WHERE seq IN (0, 1000000000) ORDER BY seq")) {
      assertThat(rs.next()).isTrue();
      assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).containsExactly(0L, T0 + 1, T0 + 3);
      assertThat(rs.next()).isTrue();
      assertThat(List.of(rs.getLong(1), rs.getLong(2))).containsExactly(1_000_000_000L, T0 + 1);
      assertThat(rs.getLong(3)).isBetween(migrated - 600_000, migrated);
    }
  }
}
