package io.spindle.ml.mr;

import io.spindle.ml.Hyperparameters;
import io.spindle.ml.SavedModel;
import io.spindle.ml.data.BadRecordException;
import io.spindle.ml.data.BadRecords;
import io.spindle.ml.data.Examples;
import io.spindle.ml.data.LineParser;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * What the predict and evaluate mappers share: load the model named by {@link #MODEL} once per
 * task, parse each record, score it, and count records and bad records in job counters. A task
 * whose bad records pass the limit fails, naming the first ones.
 */
final class ModelScorer {
  /** Configuration key: URI of the model directory. */
  static final String MODEL = "spindle.model.uri";
  /** Configuration key: fraction of malformed records tolerated. */
  static final String MAX_BAD = "spindle.max-bad-records";
  static final String COUNTERS = "Spindle";

  final SavedModel model;
  private final LineParser format;
  private final BadRecords bad;
  private final Counter records;
  private final Counter badRecords;
  private final Examples one = new Examples();

  ModelScorer(Mapper<?, ?, ?, ?>.Context context) throws IOException {
    Configuration conf = context.getConfiguration();
    String uri = conf.get(MODEL);
    if (uri == null) {
      throw new IOException("the job does not name a model (" + MODEL + ")");
    }
    model = SavedModel.load(conf, uri);
    try {
      format = model.parser();
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot score with " + uri + ": " + e.getMessage(), e);
    }
    bad = new BadRecords(conf.getDouble(MAX_BAD, Double.parseDouble(Hyperparameters.MAX_BAD_RECORDS.defaultValue)));
    records = context.getCounter(COUNTERS, "RECORDS");
    badRecords = context.getCounter(COUNTERS, "BAD_RECORDS");
  }

  /** The line as one example, or null when it holds none or is malformed (counted, with where it is). */
  Examples parse(long offset, String line, String where) {
    if (format.isHeader(offset)) {
      return null;
    }
    Examples examples = new Examples();
    try {
      if (!format.parse(line, examples)) {
        return null;
      }
      bad.good();
      records.increment(1);
      return examples;
    } catch (BadRecordException e) {
      bad.bad(where, e.getMessage());
      badRecords.increment(1);
      return null;
    }
  }

  String predict(Examples example) {
    return model.model.predict(example, 0);
  }

  /** Fails the task when its bad records are over the limit. */
  void finish() {
    bad.check(MAX_BAD);
  }
}
