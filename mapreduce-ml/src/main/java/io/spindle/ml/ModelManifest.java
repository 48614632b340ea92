package io.spindle.ml;

import io.spindle.thrift.JobSpec;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Writes a trained model with its manifest, the same way whichever engine trained it. */
public final class ModelManifest {
  private ModelManifest() {}

  /** Writes {@code model} to the job's output with what it was trained on and how it did. */
  public static void write(Configuration conf, JobSpec spec, Model model, String engine, int clocks,
                           Map<String, Double> metrics) throws IOException {
    Path output = new Path(spec.getOutputUri());
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("format", "spindle-model");
    manifest.put("version", 1);
    manifest.put("algorithm", spec.getAlgorithm());
    manifest.put("features", spec.getFeatures());
    manifest.putAll(model.describe());
    manifest.put("input_format", spec.getFormat());
    manifest.put("hyperparameters", Algorithms.hyperparameters(spec.getAlgorithm(), spec.getSettings()).effective());
    manifest.put("engine", engine);
    String consistency = spec.getConsistency().getModel().name().toLowerCase(Locale.ROOT);
    manifest.put("consistency", consistency.equals("ssp") ? "ssp(" + spec.getConsistency().getStaleness() + ")"
        : consistency);
    manifest.put("workers", spec.getWorkers());
    manifest.put("epochs", spec.getEpochs());
    manifest.put("clocks", clocks);
    manifest.put("inputs", Map.of("train", spec.getTrainUri(), "test", spec.isSetTestUri() ? spec.getTestUri() : ""));
    manifest.put("metrics", metrics);
    ModelFiles.write(output.getFileSystem(conf), output, model.parameters(), manifest);
  }
}
