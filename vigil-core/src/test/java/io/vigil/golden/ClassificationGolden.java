package io.vigil.golden;

import com.fasterxml.jackson.databind.JsonNode;

/** Golden evaluator for classification.json (placeholder until its metrics land: rejects every case). */
final class ClassificationGolden implements GoldenEvaluator {
  @Override
  public Object compute(String kind, JsonNode inputs, JsonNode params, String key) {
    throw new UnsupportedOperationException("not implemented: " + kind + " " + key);
  }
}
