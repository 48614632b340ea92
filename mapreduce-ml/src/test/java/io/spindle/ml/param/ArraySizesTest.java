package io.spindle.ml.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Growth past 2^30 elements, where doubling in int arithmetic turns negative. */
class ArraySizesTest {
  @Test
  void doublesWhileThatFitsThenStopsAtTheLargestArray() {
    assertEquals(32, ArraySizes.grown(16, 17, "t", "r"));
    assertEquals(100, ArraySizes.grown(16, 100, "t", "r"));
    assertEquals(ArraySizes.MAX, ArraySizes.grown((1 << 30) + 1, (1L << 30) + 2, "t", "r"));
  }

  @Test
  void moreThanOneArrayHoldsIsRefusedNamingTheRemedy() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ArraySizes.grown(ArraySizes.MAX, ArraySizes.MAX + 1L, "table 'emb' with 3 rows here",
            ArraySizes.MORE_SERVERS));
    assertTrue(e.getMessage().startsWith("table 'emb' with 3 rows here would need"), e.getMessage());
    assertTrue(e.getMessage().contains("--servers"), e.getMessage());
  }
}
