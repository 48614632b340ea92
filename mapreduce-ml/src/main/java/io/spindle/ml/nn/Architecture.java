package io.spindle.ml.nn;

import io.spindle.ml.Hyperparameters;
import io.spindle.ml.compute.Backend;
import io.spindle.ml.compute.ConvShape;
import io.spindle.ml.compute.PoolShape;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import io.spindle.util.SettingKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The layers of a network algorithm, from its settings: {@code mlp} is dense layers
 * ({@code --set hidden}); {@code cnn} is, per entry of {@code --set conv}, a same-size convolution
 * with ReLU and 2x2 max pooling, then the dense layers. Both end in a dense layer to the classes.
 */
public final class Architecture {
  public static final String MLP = "mlp";
  public static final String CNN = "cnn";

  private final List<Layer> prototype;   // read for shapes only; networks get their own layers
  private final String algorithm;
  private final long features;
  private final Hyperparameters hp;

  private Architecture(String algorithm, long features, Hyperparameters hp) {
    this.algorithm = algorithm;
    this.features = features;
    this.hp = hp;
    this.prototype = build();
  }

  /** The architecture of {@code mlp} or {@code cnn} over inputs of {@code features} values. */
  public static Architecture of(String algorithm, long features, Hyperparameters hp) {
    if (!algorithm.equals(MLP) && !algorithm.equals(CNN)) {
      throw new IllegalArgumentException("not a network algorithm: " + algorithm);
    }
    return new Architecture(algorithm, features, hp);
  }

  private List<Layer> build() {
    List<Layer> layers = new ArrayList<>();
    int in = (int) features;
    if (algorithm.equals(CNN)) {
      int[] image = image();
      int channels = image[0];
      int height = image[1];
      int width = image[2];
      int kernel = hp.getInt(Hyperparameters.KERNEL, 1);
      for (int filters : sizes(Hyperparameters.CONV)) {
        ConvShape conv = ConvShape.same(channels, height, width, filters, kernel);
        PoolShape pool = new PoolShape(filters, conv.outHeight(), conv.outWidth(), 2);
        layers.add(new ConvLayer(conv, true));
        layers.add(new PoolLayer(pool));
        channels = filters;
        height = pool.outHeight();
        width = pool.outWidth();
      }
      in = channels * height * width;
    }
    for (int size : sizes(Hyperparameters.HIDDEN)) {
      layers.add(new DenseLayer(in, size, true));
      in = size;
    }
    layers.add(new DenseLayer(in, hp.getInt(Hyperparameters.CLASSES, 2), false));
    return layers;
  }

  /** channels, height, width: from {@code --set image}, or one square channel. */
  private int[] image() {
    String given = hp.get(Hyperparameters.IMAGE).trim();
    int[] image;
    if (given.isEmpty()) {
      int side = (int) Math.round(Math.sqrt(features));
      image = new int[] {1, side, side};
    } else {
      String[] parts = given.split("x");
      try {
        if (parts.length != 3) {
          throw new NumberFormatException();
        }
        image = new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--set image takes CHANNELSxHEIGHTxWIDTH such as 3x32x32; got '" + given
            + "'");
      }
    }
    if ((long) image[0] * image[1] * image[2] != features) {
      throw new IllegalArgumentException("cnn: inputs of " + features + " values are not " + (given.isEmpty()
          ? "square single-channel images; give their shape with --set image=CHANNELSxHEIGHTxWIDTH"
          : given + " images (--set image)"));
    }
    return image;
  }

  private List<Integer> sizes(SettingKey key) {
    String text = hp.get(key).trim();
    List<Integer> sizes = new ArrayList<>();
    if (text.isEmpty()) {
      return sizes;
    }
    for (String size : text.split(",")) {
      try {
        int n = Integer.parseInt(size.trim());
        if (n < 1) {
          throw new NumberFormatException();
        }
        sizes.add(n);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--set " + key.name + " takes sizes such as 300 or 500,300; got '" + text
            + "'");
      }
    }
    return sizes;
  }

  /** A network of fresh layers on a backend. */
  public Network network(Backend backend) {
    return new Network(backend, build());
  }

  /** The parameter-server tables, one per layer with parameters, ids from 0. */
  public List<TableSpec> tables() {
    List<TableSpec> tables = new ArrayList<>();
    long seed = hp.getInt(Hyperparameters.SEED);
    for (Layer layer : prototype) {
      if (layer.tableRows() > 0) {
        int id = tables.size();
        tables.add(new TableSpec(id, "layer" + id, TableKind.DENSE, hp.updateRule()).setRows(layer.tableRows())
            .setColumns(layer.tableColumns()).setInitStddev(layer.initStddev()).setInitSeed(seed * 31 + id));
      }
    }
    return tables;
  }

  /** Values per table. */
  public int[] tableSizes() {
    return tables().stream().mapToInt(t -> (int) (t.getRows() * t.getColumns())).toArray();
  }

  /** Rows per table: everything but the last row is weights, which L2 applies to. */
  public int[] tableRows() {
    return tables().stream().mapToInt(t -> (int) t.getRows()).toArray();
  }

  public int classes() {
    return prototype.get(prototype.size() - 1).outputSize();
  }

  /** One line per layer, for the manifest. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    for (Layer layer : prototype) {
      lines.add(layer.describe());
    }
    return lines;
  }
}
