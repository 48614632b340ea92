package io.spindle.ml.linear;

import io.spindle.ml.Hyperparameters;
import io.spindle.ml.data.BadRecords;
import io.spindle.ml.data.LibSvmFormat;
import io.spindle.ml.data.SplitReader;
import io.spindle.ml.param.InMemoryParameterStore;
import io.spindle.ml.param.Rows;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

public class A9aTuning {
  public static void main(String[] a) throws Exception {
    String dir = a[0];
    SplitReader reader = new SplitReader(new Configuration());
    var train = reader.readAll("file://" + dir + "/a9a", new LibSvmFormat(123), new BadRecords(0));
    var test = reader.readAll("file://" + dir + "/a9a.t", new LibSvmFormat(123), new BadRecords(0));
    for (String loss : new String[] {"LOGISTIC", "HINGE"}) {
      for (String lr : a[1].split(",")) {
        for (String l2 : a[2].split(",")) {
          Hyperparameters hp = new Hyperparameters(Map.of("learning-rate", lr, "l2", l2, "clocks-per-epoch", a[3]));
          LinearTrainer trainer = new LinearTrainer(Loss.valueOf(loss), 123, hp);
          InMemoryParameterStore ps = new InMemoryParameterStore(List.of(LinearTrainer.weightsTable(123, hp)));
          long t0 = System.nanoTime();
          trainer.train(ps, train, Integer.parseInt(a[4]), c -> { }, (c, l) -> { });
          float[] w = ps.pull(0, Rows.range(0, 124));
          System.out.printf("%s lr=%s l2=%s %.1f ms %s%n", loss, lr, l2, (System.nanoTime() - t0) / 1e6,
              new LinearModel(Loss.valueOf(loss), w).evaluate(test));
        }
      }
    }
  }
}
