package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerConfigTest {
  private static ServerConfig config(String uri) {
    return new ServerConfig("127.0.0.1", 0, uri, "/tmp/artifacts");
  }

  @Test
  void postgresUri_becomesJdbcUrlUserAndPassword() {
    ServerConfig.PostgresTarget t = config("postgresql://alice:s%40cret@db.example:5433/vigil?sslmode=require").validate().postgres();
    assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/vigil?sslmode=require");
    assertThat(t.user()).isEqualTo("alice");
    assertThat(t.password()).isEqualTo("s@cret");
    assertThat(t.toString()).doesNotContain("s@cret");
  }

  @Test
  void psycopg2Uri_asMlflowUsersWriteIt_isAccepted() {
    ServerConfig c = config("postgresql+psycopg2://bob:pw@127.0.0.1:5432/mlflow").validate();
    assertThat(c.isPostgres()).isTrue();
    assertThat(c.postgres().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/mlflow");
  }

  @Test
  void badPostgresUri_isRejectedWithoutShowingThePassword() {
    assertThatThrownBy(() -> config("postgresql://bob:topsecret@host:5432").validate())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgresql://user:password@host:port/database")
        .hasMessageNotContaining("topsecret");
  }

  @Test
  void redact_hidesPasswords() {
    assertThat(ServerConfig.redact("postgresql://u:p4ss@h:1/d")).isEqualTo("postgresql://u:***@h:1/d");
  }
}
