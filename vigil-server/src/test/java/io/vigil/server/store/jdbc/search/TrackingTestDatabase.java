package io.vigil.server.store.jdbc.search;



import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** An in-memory SQLite database with the V1 tracking schema, for executing generated search SQL in tests. */
final class TrackingTestDatabase implements AutoCloseable {

  final Connection connection;

  TrackingTestDatabase() throws SQLException {
    connection = DriverManager.getConnection("jdbc:sqlite::memory:");
    try (Statement st = connection.createStatement()) {
      st.execute("PRAGMA case_sensitive_like = ON");
      for (String sql : migrationStatements()) {
        st.execute(sql);
      }
    }
  }

  private static List<String> migrationStatements() {
    String resource = "db/migration/sqlite/V1__tracking.sql";
    try (InputStream in = TrackingTestDatabase.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + resource);
      }
      String script =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(line -> !line.trim().startsWith("--"))
              .collect(Collectors.joining("\n"));
      List<String> statements = new ArrayList<>();
      for (String part : script.split(";")) {
        if (!part.isBlank()) {
          statements.add(part.trim());
        }
      }
      return statements;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void update(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  /** Runs {@code SELECT <column> FROM <from> WHERE <where> ORDER BY <order>} and returns the first column. */
  List<String> select(String column, String from, SqlFragment where, SqlFragment order) throws SQLException {
    String sql = "SELECT " + column + " FROM " + from + " WHERE " + where.sql() + " ORDER BY " + order.sql();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int next = where.bind(ps, 1);
      order.bind(ps, next);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    }
  }

  long count(String table) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
