package io.spindle.ml.param;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The index against a map, through growth and clears. */
class LongIndexTest {

  @Test
  void agreesWithAMapThroughGrowthAndClears() {
    Random random = new Random(3);
    LongIndex index = new LongIndex(16);
    for (int round = 0; round < 40; round++) {
      // Sizes that grow and shrink the table; some keys collide on purpose (a small range) so
      // that probe runs form.
      int count = round % 3 == 0 ? 5_000 : random.nextInt(60);
      Map<Long, Integer> expected = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        long key = random.nextBoolean() ? random.nextLong() : random.nextInt(200) * (1L << 40);
        int added = index.getOrAdd(key);
        assertEquals(expected.computeIfAbsent(key, k -> expected.size()), added);
      }
      assertEquals(expected.size(), index.size());
      for (Map.Entry<Long, Integer> e : expected.entrySet()) {
        assertEquals(e.getValue(), index.get(e.getKey()));
        assertEquals(e.getKey(), index.keyAt(e.getValue()));
      }
      index.clear();
      for (long key : expected.keySet()) {
        assertEquals(-1, index.get(key), "a cleared key is gone");
      }
    }
  }
}
