package io.vigil.server.store.jdbc.search;



import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A piece of SQL with {@code ?} placeholders and their bind values, in placeholder order. The SQL text only ever
 * contains fixed column names and operators; every user-supplied name and value is in {@code args}.
 */
public record SqlFragment(String sql, List<Object> args) {

  /** Copies the argument list (values must not be null). */
  public SqlFragment {
    args = List.copyOf(args);
  }

  /** A fragment without parameters. */
  public static SqlFragment of(String sql) {
    return new SqlFragment(sql, List.of());
  }

  /** Concatenates fragments, in order, with the separator between their SQL. */
  public static SqlFragment join(String separator, List<SqlFragment> parts) {
    StringBuilder sql = new StringBuilder();
    List<Object> args = new ArrayList<>();
    for (SqlFragment part : parts) {
      if (sql.length() > 0) {
        sql.append(separator);
      }
      sql.append(part.sql);
      args.addAll(part.args);
    }
    return new SqlFragment(sql.toString(), args);
  }

  /**
   * Binds {@link #args()} to the statement starting at parameter index {@code firstIndex} (1-based) and returns the
   * next free index.
   */
  public int bind(PreparedStatement statement, int firstIndex) throws SQLException {
    int index = firstIndex;
    for (Object arg : args) {
      statement.setObject(index++, arg);
    }
    return index;
  }
}
