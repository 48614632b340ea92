package io.spindle.ml.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spindle.ml.Algorithm;
import io.spindle.ml.Algorithms;
import io.spindle.ml.Hyperparameters;
import io.spindle.ml.compute.JavaBackend;
import io.spindle.ml.data.Examples;
import io.spindle.ml.data.IdxFormat;
import io.spindle.ml.param.InMemoryParameterStore;
import java.io.File;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class DenseNetworkTest {
  /** The backward pass against central finite differences of the loss, for every parameter of a small net. */
  @Test
  void gradientsMatchFiniteDifferences() {
    int[] sizes = {5, 4, 3, 3};
    Random random = new Random(4);
    Examples data = new Examples();
    for (int i = 0; i < 6; i++) {
      data.add(i % 3, new int[] {0, 2, 3, 4}, new float[] {random.nextFloat(), -random.nextFloat(), 1, 0.5f}, 4);
    }
    int[] order = {0, 1, 2, 3, 4, 5};
    float[][] parameters = new float[sizes.length - 1][];
    float[][] gradients = new float[sizes.length - 1][];
    for (int l = 0; l < parameters.length; l++) {
      parameters[l] = new float[DenseNetwork.parameters(sizes, l)];
      gradients[l] = new float[parameters[l].length];
      for (int i = 0; i < parameters[l].length; i++) {
        parameters[l][i] = (float) random.nextGaussian() * 0.7f;
      }
    }
    DenseNetwork network = new DenseNetwork(new JavaBackend(), sizes);
    network.step(data, order, 0, 6, parameters, gradients);
    float[][] scratch = new float[parameters.length][];
    for (int l = 0; l < parameters.length; l++) {
      scratch[l] = new float[parameters[l].length];
    }
    double h = 1e-3;   // small enough not to cross a ReLU kink, large enough for float activations
    for (int l = 0; l < parameters.length; l++) {
      for (int i = 0; i < parameters[l].length; i++) {
        float saved = parameters[l][i];
        parameters[l][i] = (float) (saved + h);
        double up = network.step(data, order, 0, 6, parameters, scratch);
        parameters[l][i] = (float) (saved - h);
        double down = network.step(data, order, 0, 6, parameters, scratch);
        parameters[l][i] = saved;
        double numeric = (up - down) / (2 * h);
        assertEquals(numeric, gradients[l][i], 2e-3 + 1e-2 * Math.abs(numeric), "layer " + l + " parameter " + i);
      }
    }
  }

  @Test
  void learnsMnistDigitsFromAFewThousandExamples() throws Exception {
    File mnist = new File(System.getProperty("spindle.datasets", "../../shared/datasets"), "mnist");
    assumeTrue(new File(mnist, "train-images-idx3-ubyte.gz").isFile(), "MNIST is not at " + mnist.getAbsolutePath());
    Configuration conf = new Configuration();
    Examples train = IdxFormat.head(conf, new File(mnist, "train-images-idx3-ubyte.gz").getAbsolutePath(), 6000);
    Examples test = IdxFormat.head(conf, new File(mnist, "t10k-images-idx3-ubyte.gz").getAbsolutePath(), 1000);
    Algorithm mlp = Algorithms.create("mlp", 784, new Hyperparameters(Map.of("hidden", "64",
        "clocks-per-epoch", "100")), null);
    int epochs = 3;
    try (InMemoryParameterStore ps = new InMemoryParameterStore(mlp.tables(epochs))) {
      mlp.train(ps, train, epochs, clock -> { }, (clock, loss) -> { });
      double error = mlp.model(ps, epochs).evaluate(test).get("test_error");
      assertTrue(error < 0.12, "test error " + error);
    }
  }
}
