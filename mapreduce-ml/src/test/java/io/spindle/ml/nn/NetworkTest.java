package io.spindle.ml.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

class NetworkTest {
  private static Hyperparameters hp(String algorithm, Map<String, String> given) {
    return Algorithms.hyperparameters(algorithm, given);
  }

  /** Dense examples with labels 0..classes-1. */
  private static Examples examples(Random random, int count, int features, int classes) {
    Examples data = new Examples();
    int[] indices = new int[features];
    for (int f = 0; f < features; f++) {
      indices[f] = f;
    }
    for (int i = 0; i < count; i++) {
      float[] values = new float[features];
      for (int f = 0; f < features; f++) {
        values[f] = (float) random.nextGaussian();
      }
      data.add(i % classes, indices, values, features);
    }
    return data;
  }

  /** The backward pass against central finite differences of the loss, for every parameter of the network. */
  private static void checkGradients(Architecture architecture, Examples data, Random random) {
    int[] sizes = architecture.tableSizes();
    float[][] parameters = new float[sizes.length][];
    float[][] gradients = new float[sizes.length][];
    float[][] scratch = new float[sizes.length][];
    for (int t = 0; t < sizes.length; t++) {
      parameters[t] = new float[sizes[t]];
      gradients[t] = new float[sizes[t]];
      scratch[t] = new float[sizes[t]];
      for (int i = 0; i < sizes[t]; i++) {
        parameters[t][i] = (float) random.nextGaussian() * 0.7f;
      }
    }
    int[] order = new int[data.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Network network = architecture.network(new JavaBackend());
    network.load(parameters);
    network.step(data, order, 0, order.length, gradients);
    double h = 1e-3;   // small enough not to cross a ReLU kink or swap a pooling maximum, large enough for floats
    for (int t = 0; t < sizes.length; t++) {
      for (int i = 0; i < sizes[t]; i++) {
        float saved = parameters[t][i];
        parameters[t][i] = (float) (saved + h);
        network.load(parameters);
        double up = network.step(data, order, 0, order.length, scratch);
        parameters[t][i] = (float) (saved - h);
        network.load(parameters);
        double down = network.step(data, order, 0, order.length, scratch);
        parameters[t][i] = saved;
        double numeric = (up - down) / (2 * h);
        assertEquals(numeric, gradients[t][i], 2e-3 + 1e-2 * Math.abs(numeric), "table " + t + " parameter " + i);
      }
    }
  }

  @Test
  void mlpGradientsMatchFiniteDifferences() {
    Random random = new Random(4);
    checkGradients(Architecture.of("mlp", 5, hp("mlp", Map.of("hidden", "4,3", "classes", "3"))),
        examples(random, 6, 5, 3), random);
  }

  @Test
  void cnnGradientsMatchFiniteDifferences() {
    Random random = new Random(5);
    Architecture cnn = Architecture.of("cnn", 2 * 6 * 6, hp("cnn", Map.of("image", "2x6x6", "conv", "3,4",
        "kernel", "3", "hidden", "5", "classes", "3")));
    assertEquals(6, cnn.describe().size(), cnn.describe().toString());   // conv, pool, conv, pool, dense, dense
    checkGradients(cnn, examples(random, 4, 72, 3), random);
  }

  @Test
  void imageShapesThatDoNotFitTheInputAreRefused() {
    IllegalArgumentException notSquare = assertThrows(IllegalArgumentException.class,
        () -> Architecture.of("cnn", 780, hp("cnn", Map.of())));
    assertTrue(notSquare.getMessage().contains("--set image=CHANNELSxHEIGHTxWIDTH"), notSquare.getMessage());
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> Architecture.of("cnn", 784, hp("cnn", Map.of("image", "3x28x28"))));
    assertTrue(wrong.getMessage().contains("not 3x28x28 images"), wrong.getMessage());
    IllegalArgumentException garbled = assertThrows(IllegalArgumentException.class,
        () -> Architecture.of("cnn", 784, hp("cnn", Map.of("conv", "6,x"))));
    assertTrue(garbled.getMessage().contains("--set conv"), garbled.getMessage());
  }

  private static File mnist() {
    File mnist = new File(System.getProperty("spindle.datasets", "../../shared/datasets"), "mnist");
    assumeTrue(new File(mnist, "train-images-idx3-ubyte.gz").isFile(), "MNIST is not at " + mnist.getAbsolutePath());
    return mnist;
  }

  private static double mnistError(String algorithm, Map<String, String> settings, int trainImages, int epochs)
      throws Exception {
    File mnist = mnist();
    Configuration conf = new Configuration();
    Examples train = IdxFormat.head(conf, new File(mnist, "train-images-idx3-ubyte.gz").getAbsolutePath(), trainImages);
    Examples test = IdxFormat.head(conf, new File(mnist, "t10k-images-idx3-ubyte.gz").getAbsolutePath(), 1000);
    Algorithm network = Algorithms.create(algorithm, 784, new Hyperparameters(settings), null);
    try (InMemoryParameterStore ps = new InMemoryParameterStore(network.tables(epochs))) {
      network.train(ps, train, epochs, clock -> { }, (clock, loss) -> { });
      return network.model(ps, epochs).evaluate(test).get("test_error");
    }
  }

  @Test
  void mlpLearnsMnistDigitsFromAFewThousandExamples() throws Exception {
    double error = mnistError("mlp", Map.of("hidden", "64", "clocks-per-epoch", "100"), 6000, 3);
    assertTrue(error < 0.12, "test error " + error);
  }

  @Test
  void cnnLearnsMnistDigitsFromAFewThousandExamples() throws Exception {
    double error = mnistError("cnn", Map.of("clocks-per-epoch", "100"), 6000, 2);
    assertTrue(error < 0.10, "test error " + error);
  }
}
