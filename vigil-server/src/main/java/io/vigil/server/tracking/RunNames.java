package io.vigil.server.tracking;

import java.util.concurrent.ThreadLocalRandom;

/** Generates run names such as "brave-otter-417" for runs created without one, as MLflow does. */
final class RunNames {
  private static final String[] ADJECTIVES = {
    "amber", "bold", "brave", "bright", "calm", "clever", "crisp", "daring", "eager", "fast", "gentle",
    "glad", "grand", "keen", "kind", "lively", "lucid", "merry", "nimble", "noble", "quiet", "rapid",
    "sharp", "steady", "sunny", "swift", "tidy", "vivid", "warm", "wise"
  };
  private static final String[] ANIMALS = {
    "ant", "bat", "bear", "bee", "crab", "crow", "deer", "dove", "eel", "elk", "finch", "fox", "frog",
    "goat", "hare", "hawk", "heron", "ibis", "lark", "lynx", "mole", "moth", "newt", "otter", "owl",
    "panda", "robin", "seal", "swan", "wolf"
  };

  String next() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return ADJECTIVES[r.nextInt(ADJECTIVES.length)] + "-" + ANIMALS[r.nextInt(ANIMALS.length)] + "-" + r.nextInt(1000);
  }
}
