package io.spindle.ml.data;

import io.spindle.ml.Hyperparameters;
import java.util.Arrays;
import java.util.List;

/** The text formats by their {@code --format} names, configured from the job's settings. */
public final class Formats {
  public static final String LIBSVM = "libsvm";
  public static final String CSV = "csv";
  public static final String IDX = "idx";
  public static final String RATINGS = "ratings";
  public static final List<String> ALL = List.of(LIBSVM, CSV, IDX, RATINGS);

  private Formats() {}

  /** The csv field separator the settings give ("auto" is a comma). */
  public static String csvDelimiter(Hyperparameters hp) {
    String delimiter = hp.get(Hyperparameters.DELIMITER);
    return delimiter.equals("auto") ? "," : delimiter;
  }

  /** The line parser of a text format, for labelled records (to train on, or to judge a model by). */
  public static LineParser parser(String format, long features, Hyperparameters hp) {
    return parser(format, features, hp, Labels.REQUIRED);
  }

  /** The classes' names in class order ({@code --set label-values}), or none where labels are numbers. */
  public static List<String> labelNames(Hyperparameters hp) {
    String values = hp.get(Hyperparameters.LABEL_VALUES).trim();
    return values.isEmpty() ? List.of() : Arrays.asList(values.split(","));
  }

  /** The line parser of a text format; IDX is binary and is read by {@link IdxFormat} instead. */
  public static LineParser parser(String format, long features, Hyperparameters hp, Labels labels) {
    switch (format) {
      case LIBSVM:
        return new LibSvmFormat(features, labels);
      case CSV:
        return new CsvFormat(features, hp.getInt(Hyperparameters.LABEL_COLUMN), hp.getBoolean(Hyperparameters.HEADER),
            csvDelimiter(hp), labelNames(hp), labels);
      case RATINGS:
        return new RatingsFormat(hp.getLong(Hyperparameters.USERS), hp.getLong(Hyperparameters.ITEMS),
            hp.get(Hyperparameters.DELIMITER), hp.getBoolean(Hyperparameters.HEADER), labels);
      case IDX:
        throw new IllegalArgumentException("IDX input is binary and read whole, not line by line: a model trained on"
            + " it is scored by train --test, not by the MapReduce jobs");
      default:
        throw new IllegalArgumentException("--format must be one of " + ALL + "; got '" + format + "'");
    }
  }
}
