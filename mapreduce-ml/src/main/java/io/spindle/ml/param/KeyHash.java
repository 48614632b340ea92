package io.spindle.ml.param;

/** Hashes of 64-bit keys: of one key (to place it), and of a sequence of keys (to name it). */
public final class KeyHash {
  private KeyHash() {}

  /** MurmurHash3's 64-bit finaliser: every bit of the input moves every bit of the output. */
  public static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return z ^ (z >>> 33);
  }

  /**
   * A 64-bit signature of the keys in order: four interleaved multiply-rotate lanes, as xxHash64,
   * so that naming a set of keys costs a fraction of sending them.
   */
  public static long signature(long[] keys) {
    long a = 0x9E3779B97F4A7C15L;
    long b = 0xC2B2AE3D27D4EB4FL;
    long c = 0x165667B19E3779F9L;
    long d = 0x85EBCA77C2B2AE63L;
    int i = 0;
    for (; i + 4 <= keys.length; i += 4) {
      a = lane(a, keys[i]);
      b = lane(b, keys[i + 1]);
      c = lane(c, keys[i + 2]);
      d = lane(d, keys[i + 3]);
    }
    for (; i < keys.length; i++) {
      a = lane(a, keys[i]);
    }
    return mix(Long.rotateLeft(a, 1) + Long.rotateLeft(b, 7) + Long.rotateLeft(c, 12) + Long.rotateLeft(d, 18)
        + keys.length);
  }

  private static long lane(long accumulator, long key) {
    return Long.rotateLeft(accumulator + key * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B97F4A7C15L;
  }
}
