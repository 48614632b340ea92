package io.spindle.ml.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Delimited text with one label column and numeric feature columns: feature j is the j-th
 * column other than the label. Labels are numbers, or names mapped to 0, 1, ... by an explicit
 * list ({@code --set label-values=setosa,versicolor,virginica}), so that every split maps a name
 * to the same class. Zero features are not stored. Where {@link Labels#OPTIONAL}, a record may
 * leave the label column out: its columns are all features.
 */
public final class CsvFormat implements LineParser {
  private final long features;
  private final int labelColumn;
  private final boolean header;
  private final Pattern delimiter;
  private final Map<String, Integer> labelValues = new HashMap<>();
  private final Labels labels;
  private final int[] idx;
  private final float[] val;

  /**
   * @param labelColumn 0-based column of the label; negative counts from the end (-1: last)
   * @param labelValues class names in class order, or empty for numeric labels
   */
  public CsvFormat(long features, int labelColumn, boolean header, String delimiter, List<String> labelValues) {
    this(features, labelColumn, header, delimiter, labelValues, Labels.REQUIRED);
  }

  public CsvFormat(long features, int labelColumn, boolean header, String delimiter, List<String> labelValues,
                   Labels labels) {
    if (features < 1 || features > Integer.MAX_VALUE - 1) {
      throw new IllegalArgumentException("--features must be between 1 and " + (Integer.MAX_VALUE - 1) + ", got " + features);
    }
    if (delimiter.isEmpty()) {
      throw new IllegalArgumentException("--set delimiter must not be empty");
    }
    this.features = features;
    this.labelColumn = labelColumn;
    this.labels = labels;
    this.header = header;
    this.delimiter = Pattern.compile(Pattern.quote(delimiter));
    for (String name : labelValues) {
      this.labelValues.put(name.trim(), this.labelValues.size());
    }
    this.idx = new int[(int) features];
    this.val = new float[(int) features];
  }

  /** Fields of a line split by the delimiter (how the client counts an input's columns). */
  public static int columns(String line, String delimiter) {
    return Pattern.compile(Pattern.quote(delimiter)).split(line.trim(), -1).length;
  }

  @Override
  public boolean isHeader(long offset) {
    return header && offset == 0;
  }

  @Override
  public boolean parse(String line, Examples into) throws BadRecordException {
    if (line.trim().isEmpty()) {
      return false;
    }
    String[] columns = delimiter.split(line.trim(), -1);
    boolean unlabelled = labels == Labels.OPTIONAL && columns.length == features;
    if (columns.length != features + 1 && !unlabelled) {
      throw new BadRecordException(columns.length + " columns, expected " + (features + 1)
          + " (a label and the model's " + features + " features: train --features)"
          + (labels == Labels.OPTIONAL ? " or " + features + " (features alone)" : ""));
    }
    int labelAt = unlabelled ? -1 : labelColumn < 0 ? columns.length + labelColumn : labelColumn;
    if (!unlabelled && (labelAt < 0 || labelAt >= columns.length)) {
      throw new BadRecordException("--set label-column " + labelColumn + " is outside the " + columns.length + " columns");
    }
    float label = unlabelled ? Labels.NONE : label(columns[labelAt].trim());
    int n = 0;
    int feature = 0;
    for (int c = 0; c < columns.length; c++) {
      if (c == labelAt) {
        continue;
      }
      String text = columns[c].trim();
      float value;
      try {
        value = Float.parseFloat(text);
      } catch (NumberFormatException e) {
        throw new BadRecordException("column " + (c + 1) + " ('" + text + "') is not a number; if it is the label,"
            + " --set label-column=" + c + " (0-based; -1: the last) and name the classes with --set label-values=a,b,c");
      }
      if (!Float.isFinite(value)) {
        throw new BadRecordException("column " + (c + 1) + " has value " + value);
      }
      if (value != 0f) {
        idx[n] = feature;
        val[n++] = value;
      }
      feature++;
    }
    into.add(label, idx, val, n);
    return true;
  }

  private float label(String text) throws BadRecordException {
    if (!labelValues.isEmpty()) {
      Integer index = labelValues.get(text);
      if (index == null) {
        throw new BadRecordException("label '" + text + "' is not one of --set label-values " + labelValues.keySet());
      }
      return index;
    }
    return Labels.number(text, "; name the classes with --set label-values=a,b,c");
  }
}
