package io.spindle.ml.mr;

import io.spindle.ml.Hyperparameters;
import io.spindle.ml.SavedModel;
import io.spindle.ml.data.Examples;
import io.spindle.ml.data.LineParser;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * What the predict and evaluate mappers share: load the model named by {@link #MODEL} once per
 * task, and read records the way the model's training data was read.
 */
final class ModelScorer {
  /** Configuration key: URI of the model directory. */
  static final String MODEL = "spindle.model.uri";
  /** Configuration key: fraction of malformed records tolerated (given as {@code -D} to predict and evaluate). */
  static final String MAX_BAD = "spindle.max-bad-records";

  final SavedModel model;
  private final CountedRecords records;

  /** @param judging records are to judge the model by (evaluate), not only to predict */
  ModelScorer(Mapper<?, ?, ?, ?>.Context context, boolean judging) throws IOException {
    Configuration conf = context.getConfiguration();
    String uri = conf.get(MODEL);
    if (uri == null) {
      throw new IOException("the job does not name a model (" + MODEL + ")");
    }
    model = SavedModel.load(conf, uri);
    LineParser format;
    try {
      format = judging ? model.judgedParser() : model.parser();
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot score with " + uri + ": " + e.getMessage(), e);
    }
    // The tolerance the model was trained with holds for its scoring too, unless the job sets one.
    records = new CountedRecords(format, conf.getDouble(MAX_BAD, model.hp.getDouble(Hyperparameters.MAX_BAD_RECORDS)),
        context);
  }

  /** The line as one example, or null when it holds none or is malformed (counted, with where it is). */
  Examples parse(long offset, String line, String file) {
    return records.parse(offset, line, file);
  }

  String predict(Examples example) {
    return model.model.predict(example, 0);
  }

  /** Fails the task when its bad records are over the limit. */
  void finish() {
    records.finish("-D " + MAX_BAD + ", by default the model's max-bad-records");
  }
}
