package io.spindle.ml.mf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ml.Algorithm;
import io.spindle.ml.Algorithms;
import io.spindle.ml.Hyperparameters;
import io.spindle.ml.data.BadRecordException;
import io.spindle.ml.data.Examples;
import io.spindle.ml.data.RatingsFormat;
import io.spindle.ml.data.Synthetic;
import io.spindle.ml.param.InMemoryParameterStore;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MfAlgorithmTest {
  private static Examples ratings(int count, long sampleSeed) throws Exception {
    StringWriter text = new StringWriter();
    Synthetic.ratings(text, 200, 150, 3, 0.3, count, 11, sampleSeed);
    RatingsFormat format = new RatingsFormat(200, 150, RatingsFormat.ANY_DELIMITER);
    Examples out = new Examples();
    for (String line : text.toString().split("\n")) {
      try {
        format.parse(line, out);
      } catch (BadRecordException e) {
        throw new AssertionError(line, e);
      }
    }
    return out;
  }

  @Test
  void learnsALowRankModelDownToNearTheNoiseFloor() throws Exception {
    Examples train = ratings(40_000, 1);
    Examples test = ratings(5_000, 2);
    Hyperparameters hp = new Hyperparameters(Map.of("users", "200", "items", "150", "rank", "3"));
    Algorithm mf = Algorithms.create("mf", 0, hp, null);
    int epochs = 20;
    try (InMemoryParameterStore ps = new InMemoryParameterStore(mf.tables(epochs))) {
      mf.train(ps, train, epochs, clock -> { }, (clock, loss) -> { });
      double rmse = mf.model(ps, epochs).evaluate(test).get("test_rmse");
      // The generator's noise is 0.3: an exact model scores 0.3, predicting the mean about 1.2.
      assertTrue(rmse < 0.3 * 1.05, "test RMSE " + rmse + " is not within 5% of the noise floor 0.3");
    }
  }
}
