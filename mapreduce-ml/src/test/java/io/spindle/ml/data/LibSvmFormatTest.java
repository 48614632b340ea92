package io.spindle.ml.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ml.Algorithms;
import io.spindle.ml.Hyperparameters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LibSvmFormatTest {
  @Test
  void parsesLabelsAndOneBasedIndices() throws Exception {
    Examples e = new Examples();
    LibSvmFormat f = new LibSvmFormat(123);
    assertTrue(f.parse("-1 3:1 11:0.5 123:2  # comment", e));
    assertTrue(f.parse("+1 1:1", e));
    assertFalse(f.parse("   ", e));
    assertEquals(2, e.size());
    assertEquals(-1f, e.label(0), "a number, as a regression target (two classes read it as class 0)");
    assertEquals(1f, e.label(1));
    assertEquals(3, e.end(0) - e.start(0));
    assertEquals(2, e.indices()[0]);
    assertEquals(122, e.indices()[2]);
    assertEquals(0.5f, e.values()[1]);
  }

  @Test
  void malformedRecordsSayWhatIsWrong() {
    LibSvmFormat f = new LibSvmFormat(10);
    assertBad(f, "yes 1:1", "label 'yes'");
    assertBad(f, "1 1:1 x", "'x' is not index:value");
    assertBad(f, "1 0:1", "outside 1..10");
    assertBad(f, "1 11:1", "outside 1..10 (the model's features: train --features)");
    assertBad(f, "1 4:1 2:1", "must increase");
    assertBad(f, "1 2:NaN", "has value NaN");
    assertBad(f, "NaN 1:1", "label 'NaN' is not a finite number");
    assertBad(f, "Infinity 1:1", "label 'Infinity' is not a finite number");
  }

  /** A classifier is judged only on its classes: a label outside them is a bad record, and leaves no example. */
  @Test
  void aClassifiersRecordsMustCarryOneOfItsClasses() throws Exception {
    ClassLabels three = new ClassLabels(new LibSvmFormat(10), 3);
    Examples e = new Examples();
    assertTrue(three.parse("2 1:1", e));
    assertTrue(three.parse("0 1:1", e));
    for (String[] bad : new String[][] {{"3 1:1", "not a class of this 3-class model (0 to 2): are the labels numbered from 1?"},
        {"7 1:1", "label 7.0 is not a class"}, {"1.5 1:1", "label 1.5 is not a class"}}) {
      BadRecordException x = assertThrows(BadRecordException.class, () -> three.parse(bad[0], e));
      assertTrue(x.getMessage().contains(bad[1]), x.getMessage());
    }
    assertEquals(2, e.size(), "the refused records left nothing behind");
    assertEquals(0f, e.label(1));
  }

  /** Two classes take 0/1 or -1/+1 in any format; anything else (a 2, a regression target) is a bad record. */
  @Test
  void aBinaryClassifiersLabelsAreZeroOneOrMinusOnePlusOne() throws Exception {
    ClassLabels binary = new ClassLabels(new CsvFormat(1, 0, false, ",", List.of()), 2);
    Examples e = new Examples();
    for (String line : new String[] {"-1,5", "1,5", "0,5", "+1,5"}) {
      assertTrue(binary.parse(line, e), line);
    }
    assertEquals(0f, e.label(0), "-1 is class 0");
    assertEquals(1f, e.label(1));
    assertEquals(0f, e.label(2));
    assertEquals(1f, e.label(3));
    for (String line : new String[] {"2,5", "4,5", "0.5,5", "-2,5"}) {
      BadRecordException x = assertThrows(BadRecordException.class, () -> binary.parse(line, e), line);
      assertTrue(x.getMessage().contains("2-class model (0 to 1, or -1 and +1)"), x.getMessage());
    }
    assertEquals(4, e.size(), "the refused records left nothing behind");
    assertEquals(2, Algorithms.classes("logreg", new Hyperparameters(Map.of())));
    assertEquals(0, Algorithms.classes("linreg", new Hyperparameters(Map.of())));
  }

  private static void assertBad(LibSvmFormat f, String line, String expected) {
    BadRecordException e = assertThrows(BadRecordException.class, () -> f.parse(line, new Examples()));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void badRecordsFailOnlyAboveTheirLimitAndNameTheFirst() {
    BadRecords bad = new BadRecords(0.1);
    for (int i = 0; i < 18; i++) {
      bad.good();
    }
    bad.bad("f at byte 10", "broken");
    bad.bad("f at byte 20", "broken again");
    bad.check("--set max-bad-records");   // 2 of 20: not over 10%
    bad.bad("f at byte 30", "broken a third time");   // 3 of 21: over
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.check("--set max-bad-records"));
    assertTrue(e.getMessage().contains("f at byte 10: broken"), e.getMessage());
    assertTrue(e.getMessage().contains("--set max-bad-records"), e.getMessage());
  }
}
