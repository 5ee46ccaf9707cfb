package io.vigil.golden;

import com.fasterxml.jackson.databind.JsonNode;

/** Computes, with Vigil's implementation, the value that one golden case expects under one key. */
public interface GoldenEvaluator {
  /**
   * @param kind the case's {@code kind}
   * @param key an expected key, or {@code null} when the whole case is expected to be rejected
   *     (the evaluator then computes the case's main metrics, which must throw)
   * @return the actual value: a Number, String, Boolean, array, List or Map (compared structurally)
   * @throws Exception when the implementation rejects the input
   */
  Object compute(String kind, JsonNode inputs, JsonNode params, String key) throws Exception;
}
