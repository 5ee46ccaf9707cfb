package io.vigil.server.tracking.search;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What is being searched — runs or experiments — and therefore which identifier prefixes and attribute names a filter
 * or order_by clause may use (following MLflow's {@code SearchUtils} and {@code SearchExperimentsUtils}).
 */
public enum SearchTarget {
  /** runs/search: metrics, params, tags and run attributes. */
  RUNS,
  /** experiments/search: experiment attributes and experiment tags. */
  EXPERIMENTS;

  /** How an attribute compares: as a string or as a number. */
  enum AttributeKind {
    STRING,
    NUMERIC
  }

  /** A searchable attribute: its canonical name and kind. {@code integerLiteralAllowed}: ids may be written unquoted. */
  record Attribute(String name, AttributeKind kind, boolean integerLiteralAllowed) {}

  private static final Map<String, EntityType> RUN_PREFIXES = new LinkedHashMap<>();
  private static final Map<String, EntityType> EXPERIMENT_PREFIXES = new LinkedHashMap<>();
  private static final Map<String, Attribute> RUN_ATTRIBUTES = new LinkedHashMap<>();
  private static final Map<String, Attribute> EXPERIMENT_ATTRIBUTES = new LinkedHashMap<>();

  static {
    for (String p : new String[] {"metric", "metrics"}) {
      RUN_PREFIXES.put(p, EntityType.METRIC);
    }
    for (String p : new String[] {"param", "params", "parameter", "parameters"}) {
      RUN_PREFIXES.put(p, EntityType.PARAM);
    }
    for (String p : new String[] {"tag", "tags"}) {
      RUN_PREFIXES.put(p, EntityType.TAG);
      EXPERIMENT_PREFIXES.put(p, EntityType.TAG);
    }
    for (String p : new String[] {"attribute", "attributes", "attr", "run"}) {
      RUN_PREFIXES.put(p, EntityType.ATTRIBUTE);
    }
    for (String p : new String[] {"attribute", "attributes", "attr"}) {
      EXPERIMENT_PREFIXES.put(p, EntityType.ATTRIBUTE);
    }

    for (String a : new String[] {"run_id", "run_name", "user_id", "status", "artifact_uri", "lifecycle_stage"}) {
      RUN_ATTRIBUTES.put(a, new Attribute(a, AttributeKind.STRING, false));
    }
    for (String a : new String[] {"start_time", "end_time"}) {
      RUN_ATTRIBUTES.put(a, new Attribute(a, AttributeKind.NUMERIC, false));
    }
    // MLflow's alternate spellings.
    RUN_ATTRIBUTES.put("created", RUN_ATTRIBUTES.get("start_time"));
    RUN_ATTRIBUTES.put("Created", RUN_ATTRIBUTES.get("start_time"));
    for (String a : new String[] {"run name", "Run name", "Run Name"}) {
      RUN_ATTRIBUTES.put(a, RUN_ATTRIBUTES.get("run_name"));
    }

    EXPERIMENT_ATTRIBUTES.put("name", new Attribute("name", AttributeKind.STRING, false));
    EXPERIMENT_ATTRIBUTES.put("experiment_id", new Attribute("experiment_id", AttributeKind.STRING, true));
    EXPERIMENT_ATTRIBUTES.put("creation_time", new Attribute("creation_time", AttributeKind.NUMERIC, false));
    EXPERIMENT_ATTRIBUTES.put("last_update_time", new Attribute("last_update_time", AttributeKind.NUMERIC, false));
  }

  /** The entity type for an identifier prefix such as {@code metrics}, if this target accepts it. */
  Optional<EntityType> entityForPrefix(String prefix) {
    return Optional.ofNullable((this == RUNS ? RUN_PREFIXES : EXPERIMENT_PREFIXES).get(prefix));
  }

  /** The accepted prefixes, for error messages. */
  Set<String> prefixes() {
    return (this == RUNS ? RUN_PREFIXES : EXPERIMENT_PREFIXES).keySet();
  }

  /** The attribute with this name or alias, if any. */
  Optional<Attribute> attribute(String name) {
    return Optional.ofNullable((this == RUNS ? RUN_ATTRIBUTES : EXPERIMENT_ATTRIBUTES).get(name));
  }

  /** The canonical attribute names, for error messages. */
  Set<String> attributeNames() {
    Set<String> names = new TreeSet<>();
    (this == RUNS ? RUN_ATTRIBUTES : EXPERIMENT_ATTRIBUTES).values().forEach(a -> names.add(a.name()));
    return names;
  }

  /** Entity types that order_by may use: experiments can only be ordered by attributes. */
  Set<EntityType> orderableEntities() {
    return this == RUNS ? EnumSet.allOf(EntityType.class) : EnumSet.of(EntityType.ATTRIBUTE);
  }
}
