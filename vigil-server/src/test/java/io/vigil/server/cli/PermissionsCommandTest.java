package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.auth.AuthService;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcPermissionStore;
import io.vigil.server.store.jdbc.JdbcRegistryStore;
import io.vigil.server.store.jdbc.JdbcTrackingStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil permissions grant|revoke|list} against a SQLite store. */
class PermissionsCommandTest {
  @TempDir Path dir;
  String uri;
  String experiment;

  @BeforeEach
  void store() {
    Path db = dir.resolve("perm.db");
    uri = "sqlite:///" + db.toAbsolutePath();
    try (Database d = Database.openSqlite(db, true)) {
      AuthService auth = new AuthService(new io.vigil.server.store.jdbc.JdbcUserStore(d), Clock.systemUTC(), Duration.ZERO);
      auth.createUser("ann", "long-password-1".toCharArray(), false);
      auth.createUser("bob", "long-password-2".toCharArray(), false);
      experiment = new JdbcTrackingStore(d, "/tmp/a", Clock.systemUTC()).createExperiment("exp", null, List.of());
      new JdbcRegistryStore(d, Clock.systemUTC()).createRegisteredModel("churn", "", Map.of());
    }
  }

  Map<String, String> modelGrants(String name) {
    try (Database d = Database.openSqlite(dir.resolve("perm.db"), false)) {
      return new JdbcPermissionStore(d).modelPermissions(name);
    }
  }

  @Test
  void grantListRevoke_onAnExperiment_andAModel() {
    Cli.Result r = Cli.run("permissions", "grant", "--experiment-id", experiment, "--username", "ann", "--permission", "edit",
        "--backend-store-uri", uri);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("ann: EDIT on experiment " + experiment + "\n");
    assertThat(Cli.run("permissions", "grant", "--model", "churn", "--username", "bob", "--permission", "MANAGE",
        "--backend-store-uri", uri).exit()).isZero();
    assertThat(Cli.run("permissions", "grant", "--model", "churn", "--username", "ann", "--permission", "NONE",
        "--backend-store-uri", uri).exit()).isZero();
    assertThat(modelGrants("churn")).containsExactly(Map.entry("ann", "NONE"), Map.entry("bob", "MANAGE"));

    assertThat(Cli.run("permissions", "list", "--experiment-id", experiment, "--backend-store-uri", uri).out())
        .isEqualTo("ann\tEDIT\n");
    assertThat(Cli.run("permissions", "list", "--model", "churn", "--backend-store-uri", uri).out())
        .isEqualTo("ann\tNONE\nbob\tMANAGE\n");

    Cli.Result revoked = Cli.run("permissions", "revoke", "--model", "churn", "--username", "ann", "--backend-store-uri", uri);
    assertThat(revoked.exit()).as(revoked.err()).isZero();
    assertThat(modelGrants("churn")).containsExactly(Map.entry("bob", "MANAGE"));
  }

  @Test
  void mistakes_areOneLine_andNonZero_andChangeNothing() {
    assertThat(Cli.run("permissions", "grant", "--model", "churn", "--username", "ann", "--permission", "ALL",
        "--backend-store-uri", uri).userError()).contains("Invalid permission 'ALL'");
    assertThat(Cli.run("permissions", "grant", "--model", "churn", "--username", "nobody", "--permission", "READ",
        "--backend-store-uri", uri).userError()).contains("No user 'nobody'");
    assertThat(Cli.run("permissions", "grant", "--model", "nope", "--username", "ann", "--permission", "READ",
        "--backend-store-uri", uri).userError()).contains("No registered model 'nope'");
    assertThat(Cli.run("permissions", "grant", "--experiment-id", "424242", "--username", "ann", "--permission", "READ",
        "--backend-store-uri", uri).userError()).contains("No experiment with id 424242");
    assertThat(Cli.run("permissions", "list", "--experiment-id", "x", "--backend-store-uri", uri).userError())
        .contains("Invalid experiment id 'x'");
    assertThat(Cli.run("permissions", "revoke", "--model", "churn", "--username", "ann", "--backend-store-uri", uri).userError())
        .contains("has no grant on registered model 'churn'");
    assertThat(modelGrants("churn")).isEmpty();
    // Exactly one target: both, or neither, is a usage error.
    assertThat(Cli.run("permissions", "list", "--experiment-id", experiment, "--model", "churn", "--backend-store-uri", uri).exit())
        .isEqualTo(2);
    assertThat(Cli.run("permissions", "list", "--backend-store-uri", uri).exit()).isEqualTo(2);
  }
}
