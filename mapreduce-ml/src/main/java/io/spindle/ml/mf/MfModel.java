package io.spindle.ml.mf;

import io.spindle.ml.Model;
import io.spindle.ml.data.Examples;
import io.spindle.ml.data.RatingsFormat;
import io.spindle.ml.metrics.MetricStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Biased matrix factorisation: rating(u, i) = mean + b_u + b_i + p_u . q_i. Parameters: the
 * global mean, then a row per user (rank factors, then the bias), then a row per item.
 */
public final class MfModel implements Model {
  private final float[] parameters;
  private final int users;
  private final int items;
  private final int rank;

  public MfModel(float[] parameters, int users, int items, int rank) {
    if (parameters.length != 1 + (long) (users + items) * (rank + 1)) {
      throw new IllegalArgumentException(parameters.length + " parameters do not hold " + users + " users and " + items
          + " items of rank " + rank);
    }
    this.parameters = parameters;
    this.users = users;
    this.items = items;
    this.rank = rank;
  }

  /** Assembles a model from its tables' contents. */
  public static MfModel of(float mean, float[] userRows, float[] itemRows, int rank) {
    float[] all = new float[1 + userRows.length + itemRows.length];
    all[0] = mean;
    System.arraycopy(userRows, 0, all, 1, userRows.length);
    System.arraycopy(itemRows, 0, all, 1 + userRows.length, itemRows.length);
    return new MfModel(all, userRows.length / (rank + 1), itemRows.length / (rank + 1), rank);
  }

  @Override
  public float[] parameters() {
    return parameters;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("users", users);
    m.put("items", items);
    m.put("rank", rank);
    m.put("parameters", "the global mean, then " + users + " user rows and " + items + " item rows of " + rank
        + " factors and a bias");
    return m;
  }

  public double value(int user, int item) {
    int u = 1 + user * (rank + 1);
    int v = 1 + (users + item) * (rank + 1);
    double r = parameters[0] + parameters[u + rank] + parameters[v + rank];
    for (int f = 0; f < rank; f++) {
      r += parameters[u + f] * parameters[v + f];
    }
    return r;
  }

  @Override
  public MetricStats newStats() {
    return new MetricStats(MetricStats.Kind.REGRESSION, false);
  }

  @Override
  public void score(Examples data, int i, MetricStats into) {
    into.addRegression(value(RatingsFormat.user(data, i), RatingsFormat.item(data, i)), data.label(i));
  }

  @Override
  public String predict(Examples data, int i) {
    return String.valueOf(value(RatingsFormat.user(data, i), RatingsFormat.item(data, i)));
  }
}
