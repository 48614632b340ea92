package io.spindle.ml.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ml.Hyperparameters;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The csv and ratings readers, and the header and bad-record handling they share with libsvm. */
class TextFormatsTest {
  @Test
  void csvTakesTheLabelColumnAndNamedClasses() throws Exception {
    CsvFormat f = new CsvFormat(4, -1, false, ",", List.of("setosa", "virginica"));
    Examples e = new Examples();
    assertTrue(f.parse("5.1,0,1.4,0.2,virginica", e));
    assertFalse(f.parse("  ", e));
    assertEquals(1f, e.label(0));
    assertEquals(3, e.end(0) - e.start(0), "zero features are not stored");
    assertEquals(2, e.indices()[1], "feature 2 is the third non-label column");
    CsvFormat numeric = new CsvFormat(2, 0, true, ";", List.of());
    assertTrue(numeric.isHeader(0));
    assertFalse(numeric.isHeader(10));
    assertTrue(numeric.parse("3;1.5;2", e));
    assertEquals(3f, e.label(1));
  }

  @Test
  void malformedCsvAndRatingsSayWhatIsWrong() {
    CsvFormat csv = new CsvFormat(2, 0, false, ",", List.of());
    assertBad(csv, "1,2", "2 columns, expected 3");
    assertBad(csv, "1,x,2", "column 2 ('x') is not a number; if it is the label, --set label-column=1");
    assertBad(csv, "setosa,1,2", "name the classes with --set label-values");
    assertBad(csv, "NaN,1,2", "label 'NaN' is not a finite number");
    assertBad(new CsvFormat(2, 0, false, ",", List.of("a")), "b,1,2", "not one of --set label-values");
    RatingsFormat ratings = new RatingsFormat(10, 5, RatingsFormat.ANY_DELIMITER);
    assertBad(ratings, "1 2", "2 fields");
    assertBad(ratings, "10,1,3", "user id 10 is outside 0..9 (--set users)");
    assertBad(ratings, "1,5,3", "item id 5 is outside 0..4 (--set items)");
    assertBad(ratings, "1,2,good", "rating 'good'");
    assertBad(ratings, "1,,2,978300760", "item '' ");   // a missing item is not the rating moved left
    assertBad(ratings, "1\t2\t\t978300760", "rating ''");
    assertBad(ratings, "1,2,", "rating ''");
  }

  /**
   * Records to predict may leave the label out (every format reads it as none), records to train
   * on may not; a record of neither shape names both.
   */
  @Test
  void recordsToPredictMayHaveNoLabel() throws Exception {
    Hyperparameters hp = new Hyperparameters(Map.of("users", "10", "items", "5", "label-column", "-1"));
    String[][] cases = {{Formats.LIBSVM, "2:1 3:0.5", "1 2:1 3:0.5"}, {Formats.CSV, "0,1,0.5", "0,1,0.5,1"},
        {Formats.RATINGS, "3,4", "3,4,1"}};
    for (String[] c : cases) {
      Examples e = new Examples();
      assertTrue(Formats.parser(c[0], 3, hp, Labels.OPTIONAL).parse(c[1], e), c[0]);
      assertTrue(Formats.parser(c[0], 3, hp, Labels.OPTIONAL).parse(c[2], e), c[0]);
      assertTrue(Float.isNaN(e.label(0)), c[0] + " without a label");
      assertEquals(1f, e.label(1), c[0] + " with one");
      assertEquals(2, e.end(0) - e.start(0), c[0] + ": the same features either way");
      assertEquals(e.end(0) - e.start(0), e.end(1) - e.start(1), c[0]);
      assertEquals(e.indices()[e.start(0)], e.indices()[e.start(1)], c[0]);
      assertThrows(BadRecordException.class, () -> Formats.parser(c[0], 3, hp).parse(c[1], new Examples()),
          c[0] + " to train on");
    }
    assertBad(Formats.parser(Formats.CSV, 3, hp, Labels.OPTIONAL), "1,2", "2 columns, expected 4 (a label and"
        + " the model's 3 features: train --features) or 3 (features alone)");
    assertBad(new LibSvmFormat(3), "2:1 3:0.5", "no label: the record starts with feature '2:1'");
  }

  @Test
  void ratingsReadMovieLensTabAndCommaLines() throws Exception {
    RatingsFormat f = new RatingsFormat(10, 10, RatingsFormat.ANY_DELIMITER);
    Examples e = new Examples();
    assertTrue(f.parse("1::2::5::978300760", e));
    assertTrue(f.parse("3\t4\t2.5", e));
    assertTrue(f.parse("5,6,1", e));
    assertTrue(f.parse("7, 8, 4.5", e));
    assertTrue(f.parse("7   8   4", e));
    assertEquals(5, e.size());
    assertEquals(1, RatingsFormat.user(e, 0));
    assertEquals(2, RatingsFormat.item(e, 0));
    assertEquals(2.5f, e.label(1));
    assertEquals(6, RatingsFormat.item(e, 2));
    assertEquals(4.5f, e.label(3));
    assertEquals(8, RatingsFormat.item(e, 4));
  }

  @Test
  void splitsSkipTheHeaderAndCountBadRecordsWithTheirPlace(@TempDir File dir) throws Exception {
    File file = new File(dir, "data.csv");
    Files.write(file.toPath(), "label,a,b\n1,2,3\n0,oops,1\n1,0,1\n".getBytes(StandardCharsets.UTF_8));
    LineParser parser = Formats.parser(Formats.CSV, 2, new Hyperparameters(Map.of("header", "true")));
    BadRecords bad = new BadRecords(0.5);
    Examples e = new SplitReader(new Configuration()).read(file.getAbsolutePath(), 1, 0, parser, bad);
    assertEquals(2, e.size());
    assertEquals(1, bad.count());
    assertTrue(bad.first().get(0).contains("data.csv at byte 16: column 2 ('oops')"), bad.first().toString());
    BadRecords tight = new BadRecords(0.1);
    tight.good();
    tight.bad("f at byte 3", "broken");
    IllegalArgumentException over = assertThrows(IllegalArgumentException.class,
        () -> tight.check("--set max-bad-records"));
    assertTrue(over.getMessage().contains("f at byte 3: broken"), over.getMessage());
  }

  private static void assertBad(LineParser f, String line, String expected) {
    BadRecordException e = assertThrows(BadRecordException.class, () -> f.parse(line, new Examples()));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
