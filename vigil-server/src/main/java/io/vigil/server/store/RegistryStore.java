package io.vigil.server.store;

import io.vigil.model.AliasMove;
import io.vigil.model.ModelVersion;
import io.vigil.model.RegisteredModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Storage of registered models, their versions, tags, aliases and the alias history. Every method
 * is one transaction. Unknown models and versions are RESOURCE_DOES_NOT_EXIST, a taken name is
 * RESOURCE_ALREADY_EXISTS; the caller has checked the shape of the input. Every alias change
 * appends to the alias history in the same transaction.
 */
public interface RegistryStore {

  RegisteredModel createRegisteredModel(String name, String description, Map<String, String> tags);

  Optional<RegisteredModel> getRegisteredModel(String name);

  RegisteredModel renameRegisteredModel(String name, String newName);

  RegisteredModel updateRegisteredModel(String name, String description);

  void deleteRegisteredModel(String name);

  Page<RegisteredModel> searchRegisteredModels(RegistrySearch search);

  void setRegisteredModelTag(String name, String key, String value);

  void deleteRegisteredModelTag(String name, String key);

  /** Creates the next version (numbers are never reused, even after deletes). */
  ModelVersion createModelVersion(NewModelVersion version);

  Optional<ModelVersion> getModelVersion(String name, long version);

  ModelVersion updateModelVersion(String name, long version, String description);

  /** Moves a version to {@code stage}; with {@code archiveExisting}, other versions in that stage become Archived. */
  ModelVersion transitionStage(String name, long version, String stage, boolean archiveExisting);

  /** Deletes a version; aliases pointing at it are removed and recorded as {@code version-deleted} moves. */
  void deleteModelVersion(String name, long version, String by);

  Page<ModelVersion> searchModelVersions(RegistrySearch search);

  /** The latest version in each of {@code stages} (all stages when empty) that has one. */
  List<ModelVersion> latestVersions(String name, List<String> stages);

  void setModelVersionTag(String name, long version, String key, String value);

  void deleteModelVersionTag(String name, long version, String key);

  /** Points {@code alias} at {@code version} and records the move (also when it already pointed there). */
  AliasMove setAlias(String name, String alias, long version, String by, String reason, String kind);

  /** Removes an alias and records the move; RESOURCE_DOES_NOT_EXIST when it is not set. */
  AliasMove deleteAlias(String name, String alias, String by, String reason);

  Optional<ModelVersion> getModelVersionByAlias(String name, String alias);

  /** The moves of one alias, or of every alias when {@code alias} is null, oldest first. */
  List<AliasMove> aliasHistory(String name, String alias);
}
