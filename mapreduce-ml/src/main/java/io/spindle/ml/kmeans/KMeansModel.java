package io.spindle.ml.kmeans;

import io.spindle.ml.Model;
import io.spindle.ml.data.Examples;
import io.spindle.ml.metrics.MetricStats;
import java.util.LinkedHashMap;
import java.util.Map;

/** k centres; a point's prediction is its nearest centre, its cost the squared distance to it. */
public final class KMeansModel implements Model {
  private final Centroids centres;
  private final double[] distance = new double[1];

  public KMeansModel(Centroids centres) {
    this.centres = centres;
  }

  @Override
  public float[] parameters() {
    return centres.toFloats();
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("k", centres.k);
    m.put("parameters", centres.k + " centres of " + centres.d + " features, one after another");
    return m;
  }

  @Override
  public MetricStats newStats() {
    return new MetricStats(MetricStats.Kind.CLUSTERING, false);
  }

  @Override
  public void score(Examples data, int i, MetricStats into) {
    centres.nearest(data, i, distance);
    into.addCost(distance[0]);
  }

  @Override
  public String predict(Examples data, int i) {
    return String.valueOf(centres.nearest(data, i, distance));
  }
}
