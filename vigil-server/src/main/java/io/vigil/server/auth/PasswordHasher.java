package io.vigil.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (Bouncy Castle) in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}, with OWASP's recommended minimum cost. The
 * parameters are read back from each hash, so raising the cost later keeps old hashes valid.
 */
public final class PasswordHasher {
  static final int MEMORY_KIB = 19 * 1024;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final SecureRandom random = new SecureRandom();

  public String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] out = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt)
        + "$" + B64.encodeToString(out);
  }

  /** True when {@code password} matches {@code encoded}; false (never an exception) for a malformed hash. */
  public boolean verify(char[] password, String encoded) {
    try {
      String[] parts = encoded.split("\\$");
      // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
      if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) return false;
      int m = 0, t = 0, p = 0;
      for (String kv : parts[3].split(",")) {
        int v = Integer.parseInt(kv.substring(2));
        switch (kv.substring(0, 2)) {
          case "m=" -> m = v;
          case "t=" -> t = v;
          case "p=" -> p = v;
          default -> { return false; }
        }
      }
      if (m < 8 || t < 1 || p < 1 || m > 1 << 21 || t > 100 || p > 64) return false;
      byte[] salt = B64D.decode(parts[4]);
      byte[] expected = B64D.decode(parts[5]);
      byte[] actual = argon2(password, salt, m, t, p, expected.length);
      return MessageDigest.isEqual(expected, actual);
    } catch (RuntimeException malformed) {
      return false;
    }
  }

  private static byte[] argon2(char[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKib)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .withSalt(salt)
        .build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] out = new byte[length];
    java.nio.ByteBuffer bb = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
    byte[] exact = new byte[bb.remaining()];
    bb.get(exact);
    if (bb.hasArray()) java.util.Arrays.fill(bb.array(), (byte) 0);
    gen.generateBytes(exact, out);
    java.util.Arrays.fill(exact, (byte) 0);
    return out;
  }
}
