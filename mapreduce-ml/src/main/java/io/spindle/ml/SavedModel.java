package io.spindle.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spindle.ml.data.ClassLabels;
import io.spindle.ml.data.Formats;
import io.spindle.ml.data.Labels;
import io.spindle.ml.data.LineParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A model read back from its directory: manifest first, then the parameters it describes, with
 * what scoring needs to read new records the way the training data was read.
 */
public final class SavedModel {
  public final String algorithm;
  public final long features;
  public final String format;
  public final Hyperparameters hp;
  public final Model model;

  private SavedModel(String algorithm, long features, String format, Hyperparameters hp, Model model) {
    this.algorithm = algorithm;
    this.features = features;
    this.format = format;
    this.hp = hp;
    this.model = model;
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
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(manifestPath + " is not valid JSON (" + e.getOriginalMessage() + "): the model is damaged;"
          + " train it again or restore it from a copy", e);
    }
    float[] parameters = ModelFiles.readParameters(fs, dir);
    Model model;
    try {
      model = Algorithms.load(manifest, parameters);
    } catch (IllegalArgumentException e) {
      throw new IOException(uri + " holds " + e.getMessage(), e);
    }
    Map<String, String> settings = new HashMap<>();
    manifest.path("hyperparameters").fields().forEachRemaining(f -> settings.put(f.getKey(), f.getValue().asText()));
    String format = manifest.path("input_format").asText(Formats.LIBSVM);
    return new SavedModel(manifest.path("algorithm").asText(), manifest.path("features").asLong(), format,
        new Hyperparameters(settings), model);
  }

  /**
   * A parser for records to predict, in the format the model was trained on, with the same
   * options: a record may carry any label, or none.
   */
  public LineParser parser() {
    return Formats.parser(format, features, hp, Labels.OPTIONAL);
  }

  /**
   * A parser for records the model is judged by: each must carry a label (unless the algorithm
   * ignores them), and a classifier's must be one of its classes ({@link ClassLabels}).
   */
  public LineParser judgedParser() {
    return ClassLabels.checked(Formats.parser(format, features, hp, Algorithms.labels(algorithm)), model.classes());
  }
}
