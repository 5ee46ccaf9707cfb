package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.auth.AuthService;
import io.vigil.server.store.UserStore.User;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcPermissionStore;
import io.vigil.server.store.jdbc.JdbcTrackingStore;
import io.vigil.server.store.jdbc.JdbcUserStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil users set-admin|delete} against a SQLite store. */
class UsersCommandTest {
  @TempDir Path dir;
  Path db;
  String uri;
  String experiment;

  @BeforeEach
  void store() {
    db = dir.resolve("users.db");
    uri = "sqlite:///" + db.toAbsolutePath();
    try (Database d = Database.openSqlite(db, true)) {
      AuthService auth = new AuthService(new JdbcUserStore(d), Clock.systemUTC(), Duration.ZERO);
      auth.createUser("ada", "long-password-1".toCharArray(), true);
      auth.createUser("bob", "long-password-2".toCharArray(), false);
      auth.createToken("bob", "ci", null);
      experiment = new JdbcTrackingStore(d, dir.resolve("a").toString(), Clock.systemUTC()).createExperiment("exp", null, List.of());
      new JdbcPermissionStore(d).grantExperiment(experiment, "bob", "EDIT");
    }
  }

  List<User> users() {
    try (Database d = Database.openSqlite(db, false)) {
      return new JdbcUserStore(d).listUsers();
    }
  }

  @Test
  void setAdmin_promotesAndDemotes_butNotTheLastAdmin() {
    Cli.Result r = Cli.run("users", "set-admin", "--username", "bob", "--admin", "true", "--backend-store-uri", uri);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("bob is an admin\n");
    r = Cli.run("users", "set-admin", "--username", "ada", "--admin", "FALSE", "--backend-store-uri", uri);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(users()).extracting(User::username, User::admin).containsExactly(
        org.assertj.core.groups.Tuple.tuple("ada", false), org.assertj.core.groups.Tuple.tuple("bob", true));
    assertThat(Cli.run("users", "set-admin", "--username", "bob", "--admin", "false", "--backend-store-uri", uri).userError())
        .contains("last admin");
    assertThat(Cli.run("users", "set-admin", "--username", "bob", "--admin", "yes", "--backend-store-uri", uri).userError())
        .contains("true or false");
    assertThat(Cli.run("users", "set-admin", "--username", "nobody", "--admin", "true", "--backend-store-uri", uri).userError())
        .contains("No user 'nobody'");
    assertThat(users()).extracting(User::admin).containsExactly(false, true);
  }

  @Test
  void delete_removesTheUserTokensAndGrants_withYes() {
    Cli.Result r = Cli.run("users", "delete", "--username", "bob", "--yes", "--backend-store-uri", uri);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("deleted bob (1 tokens, 1 experiment grants, 0 model grants)\n");
    assertThat(users()).extracting(User::username).containsExactly("ada");
    try (Database d = Database.openSqlite(db, false)) {
      assertThat(new JdbcUserStore(d).listTokens("bob")).isEmpty();
      assertThat(new JdbcPermissionStore(d).experimentPermissions(experiment)).isEmpty();
    }
    assertThat(Cli.run("users", "delete", "--username", "bob", "--yes", "--backend-store-uri", uri).userError())
        .contains("No user 'bob'");
  }

  @Test
  void delete_refusesTheLastAdmin_andWithoutYesOrATerminal() {
    assertThat(Cli.run("users", "delete", "--username", "ada", "--yes", "--backend-store-uri", uri).userError())
        .contains("last admin");
    // Tests run without a console, so there is no one to ask.
    assertThat(Cli.run("users", "delete", "--username", "bob", "--backend-store-uri", uri).userError())
        .contains("--yes");
    assertThat(users()).extracting(User::username).containsExactly("ada", "bob");
  }
}
