package io.vigil.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.ErrorCode;
import io.vigil.model.VigilException;
import io.vigil.server.store.UserStore.ApiToken;
import io.vigil.server.store.UserStore.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Users and API tokens. */
public abstract class UsersContract extends StoreContract {
  protected UserStore users;


  @BeforeEach
  void openUsers() throws Exception {
    users = stores.users();
  }

  private static ErrorCode code(Runnable r) {
    try {
      r.run();
    } catch (VigilException e) {
      return e.code();
    }
    throw new AssertionError("no VigilException");
  }

  @Test
  void createUser_thenFindReturnsIt_andDuplicateIsAlreadyExists() {
    assertThat(users.countUsers()).isZero();
    users.createUser(new User("ada", "$argon2id$x", true, 1000));
    users.createUser(new User("bob", "$argon2id$y", false, 2000));
    assertThat(users.findUser("ada")).contains(new User("ada", "$argon2id$x", true, 1000));
    assertThat(users.findUser("nobody")).isEmpty();
    assertThat(users.countUsers()).isEqualTo(2);
    assertThat(users.listUsers()).extracting(User::username).containsExactly("ada", "bob");
    assertThat(code(() -> users.createUser(new User("ada", "h", false, 3000)))).isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS);
  }

  @Test
  void setPassword_replacesTheHash_andUnknownUserIsNotFound() {
    users.createUser(new User("ada", "old", false, 1));
    users.setPassword("ada", "new");
    assertThat(users.findUser("ada").orElseThrow().passwordHash()).isEqualTo("new");
    assertThat(code(() -> users.setPassword("nobody", "x"))).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void createToken_isFoundByHashAndId_withExpiry() {
    users.createUser(new User("ada", "h", false, 1));
    users.createToken(new ApiToken("t1", "ada", "hash1", "ci", 10, 5000L, false));
    users.createToken(new ApiToken("t2", "ada", "hash2", "", 20, null, false));
    ApiToken t1 = users.findTokenByHash("hash1").orElseThrow();
    assertThat(t1).isEqualTo(new ApiToken("t1", "ada", "hash1", "ci", 10, 5000L, false));
    assertThat(t1.usableAt(4999)).isTrue();
    assertThat(t1.usableAt(5000)).isFalse();
    assertThat(users.findToken("t2").orElseThrow().expiresAt()).isNull();
    assertThat(users.findTokenByHash("nope")).isEmpty();
    assertThat(users.listTokens("ada")).extracting(ApiToken::id).containsExactly("t1", "t2");
  }

  @Test
  void createToken_forUnknownUserIsNotFound() {
    assertThat(code(() -> users.createToken(new ApiToken("t1", "ghost", "h", "", 1, null, false))))
        .isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void revokeToken_makesItUnusable_andUnknownIdIsNotFound() {
    users.createUser(new User("ada", "h", false, 1));
    users.createToken(new ApiToken("t1", "ada", "hash1", "", 1, null, false));
    users.revokeToken("t1");
    users.revokeToken("t1");
    ApiToken t = users.findTokenByHash("hash1").orElseThrow();
    assertThat(t.revoked()).isTrue();
    assertThat(t.usableAt(2)).isFalse();
    assertThatThrownBy(() -> users.revokeToken("nope")).isInstanceOf(VigilException.class);
  }

  @Test
  void setAdmin_promotesAndDemotes_butNeverTheLastAdmin() {
    users.createUser(new User("ada", "h", true, 1));
    users.createUser(new User("bob", "h", false, 2));
    assertThat(code(() -> users.setAdmin("ada", false))).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    users.setAdmin("bob", true);
    users.setAdmin("ada", false);
    assertThat(users.findUser("ada").orElseThrow().admin()).isFalse();
    assertThat(users.findUser("bob").orElseThrow().admin()).isTrue();
    assertThat(code(() -> users.setAdmin("bob", false))).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(code(() -> users.setAdmin("nobody", true))).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void deleteUser_removesTheirTokensAndGrants_only() {
    PermissionStore grants = stores.permissions();
    String exp = newExperiment("e");
    stores.registry().createRegisteredModel("churn", "", java.util.Map.of());
    users.createUser(new User("ada", "h", true, 1));
    users.createUser(new User("bob", "h", false, 2));
    users.createToken(new ApiToken("t1", "bob", "hash1", "", 1, null, false));
    users.createToken(new ApiToken("t2", "bob", "hash2", "", 2, null, true));
    users.createToken(new ApiToken("t3", "ada", "hash3", "", 3, null, false));
    grants.grantExperiment(exp, "bob", "EDIT");
    grants.grantExperiment(exp, "ada", "READ");
    grants.grantModel("churn", "bob", "MANAGE");

    assertThat(users.deleteUser("bob")).isEqualTo(new UserStore.DeletedUser("bob", 2, 1, 1));
    assertThat(users.findUser("bob")).isEmpty();
    assertThat(users.findTokenByHash("hash1")).isEmpty();
    assertThat(users.findToken("t2")).isEmpty();
    assertThat(users.listTokens("bob")).isEmpty();
    assertThat(grants.experimentPermissions(exp)).containsOnlyKeys("ada");
    assertThat(grants.modelPermissions("churn")).isEmpty();
    assertThat(users.findToken("t3")).isPresent();
    assertThat(users.countUsers()).isEqualTo(1);
    assertThat(code(() -> users.deleteUser("bob"))).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void deleteUser_refusesTheLastAdmin_butNotOneOfTwo() {
    users.createUser(new User("ada", "h", true, 1));
    users.createToken(new ApiToken("t1", "ada", "hash1", "", 1, null, false));
    assertThat(code(() -> users.deleteUser("ada"))).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(users.findUser("ada")).isPresent();
    assertThat(users.findTokenByHash("hash1")).isPresent();
    users.createUser(new User("cy", "h", true, 2));
    users.deleteUser("ada");
    assertThat(users.listUsers()).extracting(User::username).containsExactly("cy");
  }

  @Test
  void deleteUser_thenTheSameNameCanBeCreatedAfresh_withoutOldTokens() {
    users.createUser(new User("bob", "old", false, 1));
    users.createToken(new ApiToken("t1", "bob", "hash1", "", 1, null, false));
    users.deleteUser("bob");
    users.createUser(new User("bob", "new", false, 5));
    assertThat(users.findUser("bob").orElseThrow().passwordHash()).isEqualTo("new");
    assertThat(users.listTokens("bob")).isEmpty();
  }
}
