package io.spindle.ml.param;

/**
 * Initial parameter values as a pure function of (seed, key, column), so a parameter starts the
 * same whichever shard holds it and however many shards there are.
 */
public final class Initializer {
  private final double stddev;
  private final long seed;

  public Initializer(double stddev, long seed) {
    this.stddev = stddev;
    this.seed = seed;
  }

  public static Initializer zeros() {
    return new Initializer(0, 0);
  }

  public boolean isZero() {
    return stddev == 0;
  }

  public float value(long key, int column) {
    if (stddev == 0) {
      return 0f;
    }
    long h = mix(seed ^ mix(key * 0x9E3779B97F4A7C15L + column));
    // Box-Muller from two independent 53-bit uniforms derived from the hash.
    double u1 = ((h >>> 11) + 1.0) / ((double) (1L << 53) + 1);  // in (0, 1]
    double u2 = (mix(h) >>> 11) / (double) (1L << 53);
    return (float) (stddev * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
  }

  /** SplitMix64's finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
