package io.spindle.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spindle.ml.linear.LinearAlgorithms;
import io.spindle.ml.linear.LinearModel;
import io.spindle.ml.linear.Loss;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** A model read back from its directory: manifest first, then the parameters it describes. */
public final class SavedModel {
  public final String algorithm;
  public final int features;
  public final LinearModel linear;

  private SavedModel(String algorithm, int features, LinearModel linear) {
    this.algorithm = algorithm;
    this.features = features;
    this.linear = linear;
  }

  public static SavedModel load(Configuration conf, String uri) throws IOException {
    Path dir = new Path(uri);
    FileSystem fs = dir.getFileSystem(conf);
    Path manifestPath = new Path(dir, ModelFiles.MANIFEST);
    if (!fs.exists(manifestPath)) {
      throw new IOException(uri + " is not a Spindle model: it has no " + ModelFiles.MANIFEST);
    }
    JsonNode manifest;
    try (InputStream in = fs.open(manifestPath)) {
      manifest = new ObjectMapper().readTree(in);
    }
    String algorithm = manifest.path("algorithm").asText();
    int features = manifest.path("features").asInt();
    Loss loss = LinearAlgorithms.LOSSES.get(algorithm);
    if (loss == null) {
      throw new IOException(uri + " holds a '" + algorithm + "' model, which this build cannot score");
    }
    float[] parameters = ModelFiles.readParameters(fs, dir);
    if (parameters.length != features + 1) {
      throw new IOException(uri + ": the manifest says " + features + " features but " + ModelFiles.PARAMETERS
          + " holds " + parameters.length + " parameters (expected features + 1)");
    }
    return new SavedModel(algorithm, features, new LinearModel(loss, parameters));
  }

  public boolean isClassifier() {
    return linear.loss() != Loss.SQUARED;
  }
}
