package io.vigil.server.registry;

/**
 * Registry events for subscribers (webhooks). Called after the change is committed; must return
 * quickly and never throw: delivery happens elsewhere.
 */
public interface RegistryEvents {
  /** Subject: the new {@link io.vigil.model.ModelVersion}. */
  String VERSION_CREATED = "model_version.created";
  /** Subject: the {@link io.vigil.model.AliasMove} (set, delete, rollback). */
  String ALIAS_MOVED = "alias.moved";
  /** Subject: the gate's report as JSON ({@link com.fasterxml.jackson.databind.node.ObjectNode}). */
  String GATE_PASSED = "gate.passed";
  String GATE_FAILED = "gate.failed";

  void publish(String event, Object subject);

  RegistryEvents NONE = (event, subject) -> { };
}
