package io.vigil.server.registry;

import io.vigil.model.AliasMove;
import io.vigil.model.ModelVersion;
import io.vigil.model.RegisteredModel;
import io.vigil.model.VigilException;
import io.vigil.server.store.NewModelVersion;
import io.vigil.server.store.Page;
import io.vigil.server.store.ReadableBy;
import io.vigil.server.store.RegistrySearch;
import io.vigil.server.store.RegistryStore;
import io.vigil.server.store.TrackingStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** MLflow model-registry semantics and validation, plus the alias history and rollback. */
public final class RegistryService {
  public static final int DEFAULT_MODEL_RESULTS = 100;
  public static final int MAX_MODEL_RESULTS = 1000;
  public static final int DEFAULT_VERSION_RESULTS = 10_000;
  public static final int MAX_VERSION_RESULTS = 200_000;
  private static final List<String> STAGES = List.of("None", "Staging", "Production", "Archived");
  private static final Pattern ALIAS = Pattern.compile("[\\w\\-]{1,255}");
  private static final Pattern VERSION_ALIAS = Pattern.compile("v\\d+", Pattern.CASE_INSENSITIVE);
  private static final int MAX_NAME = 256;

  private final RegistryStore store;
  private final TrackingStore tracking;
  private final RegistryEvents events;

  public RegistryService(RegistryStore store, TrackingStore tracking) {
    this(store, tracking, RegistryEvents.NONE);
  }

  public RegistryService(RegistryStore store, TrackingStore tracking, RegistryEvents events) {
    this.store = store;
    this.tracking = tracking;
    this.events = events;
  }

  private <T> T publish(String event, T subject) {
    events.publish(event, subject);
    return subject;
  }

  public RegistryStore store() {
    return store;
  }

  // ---- registered models

  public RegisteredModel createRegisteredModel(String name, String description, Map<String, String> tags) {
    checkName(name);
    tags.keySet().forEach(RegistryService::checkTagKey);
    return store.createRegisteredModel(name, description, tags);
  }

  public RegisteredModel getRegisteredModel(String name) {
    checkName(name);
    return store.getRegisteredModel(name).orElseThrow(() -> modelNotFound(name));
  }

  public RegisteredModel renameRegisteredModel(String name, String newName) {
    checkName(name);
    if (newName == null || newName.isEmpty()) throw VigilException.invalid("Registered model new_name cannot be empty.");
    checkName(newName);
    return store.renameRegisteredModel(name, newName);
  }

  public RegisteredModel updateRegisteredModel(String name, String description) {
    checkName(name);
    return store.updateRegisteredModel(name, description);
  }

  public void deleteRegisteredModel(String name) {
    checkName(name);
    store.deleteRegisteredModel(name);
  }

  public Page<RegisteredModel> searchRegisteredModels(String filter, List<String> orderBy, Integer maxResults, String pageToken) {
    return searchRegisteredModels(filter, orderBy, maxResults, pageToken, null);
  }

  /** As above, keeping only models {@code readableBy} may read (all when null). */
  public Page<RegisteredModel> searchRegisteredModels(String filter, List<String> orderBy, Integer maxResults, String pageToken,
      ReadableBy readableBy) {
    int max = maxResults(maxResults, DEFAULT_MODEL_RESULTS, MAX_MODEL_RESULTS);
    return store.searchRegisteredModels(new RegistrySearch(RegistryFilterParser.models(filter),
        RegistryFilterParser.orderBy(orderBy, false), max, pageToken, readableBy));
  }

  public void setRegisteredModelTag(String name, String key, String value) {
    checkName(name);
    checkTagKey(key);
    store.setRegisteredModelTag(name, key, value == null ? "" : value);
  }

  public void deleteRegisteredModelTag(String name, String key) {
    checkName(name);
    checkTagKey(key);
    store.deleteRegisteredModelTag(name, key);
  }

  public List<ModelVersion> latestVersions(String name, List<String> stages) {
    checkName(name);
    List<String> canonical = new ArrayList<>();
    for (String s : stages) canonical.add(stage(s));
    return store.latestVersions(name, canonical);
  }

  // ---- versions

  public ModelVersion createModelVersion(String name, String source, String runId, String runLink, String description,
      Map<String, String> tags) {
    checkName(name);
    if (source == null || source.isEmpty()) throw VigilException.invalid("Missing value for required parameter 'source'.");
    tags.keySet().forEach(RegistryService::checkTagKey);
    if (runId != null && !runId.isEmpty() && tracking.getRun(runId).isEmpty()) {
      throw VigilException.notFound("Run with id=" + runId + " not found");
    }
    return publish(RegistryEvents.VERSION_CREATED,
        store.createModelVersion(new NewModelVersion(name, source, runId, runLink, description, "", tags)));
  }

  public ModelVersion getModelVersion(String name, String version) {
    checkName(name);
    long v = version(version);
    return store.getModelVersion(name, v).orElseThrow(() -> versionNotFound(name, v));
  }

  public ModelVersion updateModelVersion(String name, String version, String description) {
    checkName(name);
    return store.updateModelVersion(name, version(version), description);
  }

  public ModelVersion transitionStage(String name, String version, String stage, boolean archiveExisting) {
    checkName(name);
    String canonical = stage(stage);
    if (archiveExisting && !canonical.equals("Staging") && !canonical.equals("Production")) {
      throw VigilException.invalid("Model version transition cannot archive existing model versions because '"
          + canonical + "' is not an Active stage. Valid stages are Staging and Production.");
    }
    return store.transitionStage(name, version(version), canonical, archiveExisting);
  }

  public void deleteModelVersion(String name, String version, String by) {
    checkName(name);
    store.deleteModelVersion(name, version(version), by);
  }

  public Page<ModelVersion> searchModelVersions(String filter, List<String> orderBy, Integer maxResults, String pageToken) {
    return searchModelVersions(filter, orderBy, maxResults, pageToken, null);
  }

  /** As above, keeping only versions of models {@code readableBy} may read (all when null). */
  public Page<ModelVersion> searchModelVersions(String filter, List<String> orderBy, Integer maxResults, String pageToken,
      ReadableBy readableBy) {
    int max = maxResults(maxResults, DEFAULT_VERSION_RESULTS, MAX_VERSION_RESULTS);
    return store.searchModelVersions(new RegistrySearch(RegistryFilterParser.versions(filter),
        RegistryFilterParser.orderBy(orderBy, true), max, pageToken, readableBy));
  }

  public void setModelVersionTag(String name, String version, String key, String value) {
    checkName(name);
    checkTagKey(key);
    store.setModelVersionTag(name, version(version), key, value == null ? "" : value);
  }

  public void deleteModelVersionTag(String name, String version, String key) {
    checkName(name);
    checkTagKey(key);
    store.deleteModelVersionTag(name, version(version), key);
  }

  /** The artifact URI a version's files are downloaded from: its source. */
  public String downloadUri(String name, String version) {
    return getModelVersion(name, version).source();
  }

  // ---- aliases

  public AliasMove setAlias(String name, String alias, String version, String by, String reason) {
    checkName(name);
    checkAlias(alias);
    return publish(RegistryEvents.ALIAS_MOVED, store.setAlias(name, alias, version(version), by, reason, "set"));
  }

  public AliasMove deleteAlias(String name, String alias, String by, String reason) {
    checkName(name);
    checkAlias(alias);
    return publish(RegistryEvents.ALIAS_MOVED, store.deleteAlias(name, alias, by, reason));
  }

  public ModelVersion getModelVersionByAlias(String name, String alias) {
    checkName(name);
    if (alias == null || alias.isEmpty()) throw VigilException.invalid("Missing value for required parameter 'alias'.");
    return store.getModelVersionByAlias(name, alias).orElseThrow(
        () -> VigilException.notFound("Registered model alias " + alias + " not found."));
  }

  public List<AliasMove> aliasHistory(String name, String alias) {
    checkName(name);
    return store.aliasHistory(name, alias == null || alias.isEmpty() ? null : alias);
  }

  /**
   * Moves {@code alias} back to its previous holder. The history is replayed as a stack: every move
   * pushes the version it left, every rollback pops the version it returned to, so successive
   * rollbacks walk back through the holders (v1 → v2 → v3, rollback → v2, rollback → v1). Versions
   * deleted since are skipped.
   */
  public AliasMove rollback(String name, String alias, String by, String reason) {
    checkName(name);
    checkAlias(alias);
    List<AliasMove> history = store.aliasHistory(name, alias);
    Deque<Long> previous = new ArrayDeque<>();
    for (AliasMove m : history) {
      if (m.kind().equals("rollback")) {
        while (!previous.isEmpty() && !previous.pop().equals(m.toVersion())) {
          // versions skipped by that rollback (deleted at the time) are dropped too
        }
      } else if (m.fromVersion() != null) {
        previous.push(m.fromVersion());
      }
    }
    Long current = store.getModelVersionByAlias(name, alias).map(ModelVersion::version).orElse(null);
    while (!previous.isEmpty()) {
      long candidate = previous.pop();
      if (current != null && candidate == current) continue;
      if (store.getModelVersion(name, candidate).isEmpty()) continue;
      return publish(RegistryEvents.ALIAS_MOVED, store.setAlias(name, alias, candidate, by,
          reason == null || reason.isEmpty() ? "rollback" : reason, "rollback"));
    }
    throw VigilException.invalid("Alias '" + alias + "' of registered model '" + name
        + "' has no previous version to roll back to.");
  }

  // ---- gate results

  /**
   * Records a gate run reported by {@code vigil gate}: the version gets the tag {@code vigil.gate}
   * ({@code passed} or {@code failed}) and subscribers get {@code gate.passed} or {@code gate.failed}
   * with {@code report}.
   */
  public void recordGate(String name, String version, boolean passed, com.fasterxml.jackson.databind.node.ObjectNode report) {
    checkName(name);
    store.setModelVersionTag(name, version(version), "vigil.gate", passed ? "passed" : "failed");
    publish(passed ? RegistryEvents.GATE_PASSED : RegistryEvents.GATE_FAILED, report);
  }

  // ---- validation

  private static void checkName(String name) {
    if (name == null || name.isEmpty()) throw VigilException.invalid("Registered model name cannot be empty.");
    if (name.length() > MAX_NAME) {
      throw VigilException.invalid("Registered model name exceeds the maximum length of " + MAX_NAME + ".");
    }
  }

  private static void checkTagKey(String key) {
    if (key == null || key.isEmpty()) throw VigilException.invalid("Missing value for required parameter 'key'.");
    if (key.length() > 250) throw VigilException.invalid("Tag key '" + key.substring(0, 20) + "…' exceeds the maximum length of 250.");
  }

  private static void checkAlias(String alias) {
    if (alias == null || alias.isEmpty()) throw VigilException.invalid("Missing value for required parameter 'alias'.");
    if (!ALIAS.matcher(alias).matches()) {
      throw VigilException.invalid("Invalid alias name: '" + alias + "'. Names may only contain alphanumerics,"
          + " underscores (_) and dashes (-), up to 255 characters.");
    }
    if (alias.equalsIgnoreCase("latest") || VERSION_ALIAS.matcher(alias).matches()) {
      throw VigilException.invalid("Invalid alias name: '" + alias + "'. Aliases cannot be 'latest' or of the form"
          + " 'v<number>', which are reserved.");
    }
  }

  /** A version number from its wire form. */
  public static long version(String version) {
    if (version == null || version.isEmpty()) throw VigilException.invalid("Missing value for required parameter 'version'.");
    try {
      long v = Long.parseLong(version.trim());
      if (v < 1) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      throw VigilException.invalid("Invalid model version '" + version + "': expected a positive whole number.");
    }
  }

  private static String stage(String stage) {
    if (stage == null || stage.isEmpty()) throw VigilException.invalid("Missing value for required parameter 'stage'.");
    for (String s : STAGES) if (s.equalsIgnoreCase(stage.trim())) return s;
    throw VigilException.invalid("Invalid Model Version stage: " + stage + ". Value must be one of "
        + String.join(", ", STAGES) + ".");
  }

  private static int maxResults(Integer asked, int dflt, int max) {
    if (asked == null) return dflt;
    if (asked < 1 || asked > max) {
      throw VigilException.invalid("Invalid value " + asked + " for parameter 'max_results': it must be between 1 and "
          + max + ".");
    }
    return asked;
  }

  private static VigilException modelNotFound(String name) {
    return VigilException.notFound("Registered Model with name=" + name + " not found");
  }

  private static VigilException versionNotFound(String name, long v) {
    return VigilException.notFound("Model Version (name=" + name + ", version=" + v + ") not found");
  }

}
