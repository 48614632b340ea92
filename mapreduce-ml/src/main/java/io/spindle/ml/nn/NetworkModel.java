package io.spindle.ml.nn;

import io.spindle.ml.ClassProbabilityModel;
import io.spindle.ml.compute.JavaBackend;
import io.spindle.ml.data.Examples;
import io.spindle.ml.linear.SoftmaxObjective;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained network, scored on the heap with the plain-Java backend one example at a time (its
 * GEMM skips zero inputs, so sparse records cost little), anywhere: a trainer's test set, a map
 * task. Scoring is synchronized: one network serves one thread at a time.
 */
public final class NetworkModel extends ClassProbabilityModel {
  private final Architecture architecture;
  private final float[][] tables;
  private Network network;

  public NetworkModel(Architecture architecture, float[][] tables) {
    this.architecture = architecture;
    this.tables = tables;
  }

  /** A model from the concatenated values of its tables. */
  public static NetworkModel of(Architecture architecture, float[] all) {
    int[] sizes = architecture.tableSizes();
    float[][] tables = new float[sizes.length][];
    int at = 0;
    for (int t = 0; t < sizes.length; t++) {
      if (at + sizes[t] > all.length) {
        break;
      }
      tables[t] = Arrays.copyOfRange(all, at, at + sizes[t]);
      at += sizes[t];
    }
    int expected = Arrays.stream(sizes).sum();
    if (all.length != expected) {
      throw new IllegalArgumentException(all.length + " parameters, but the layers " + architecture.describe()
          + " take " + expected);
    }
    return new NetworkModel(architecture, tables);
  }

  @Override
  public float[] parameters() {
    float[] all = new float[Arrays.stream(tables).mapToInt(t -> t.length).sum()];
    int at = 0;
    for (float[] table : tables) {
      System.arraycopy(table, 0, all, at, table.length);
      at += table.length;
    }
    return all;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("classes", architecture.classes());
    m.put("layers", architecture.describe());
    m.put("parameters", "per layer with parameters, its weights row-major (inputs x outputs; a convolution's inputs"
        + " are channel x kernel row x kernel column) then the bias row");
    return m;
  }

  @Override
  public int classes() {
    return architecture.classes();
  }

  @Override
  public synchronized double[] probabilities(Examples data, int i) {
    if (network == null) {
      network = architecture.network(new JavaBackend());
      network.load(tables);
    }
    float[] logits = network.logits(data, i, i + 1);
    double[] p = new double[logits.length];
    for (int c = 0; c < p.length; c++) {
      p[c] = logits[c];
    }
    SoftmaxObjective.softmaxInPlace(p);
    return p;
  }
}
