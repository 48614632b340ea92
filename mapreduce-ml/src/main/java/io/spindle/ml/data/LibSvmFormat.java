package io.spindle.ml.data;

/**
 * LibSVM text: {@code label index:value index:value ...} with 1-based, increasing indices.
 * Labels are kept as the numbers they are: a regression target of -1 stays -1, and a
 * classifier's {@link ClassLabels} reads -1/+1 as its two classes. Where {@link Labels#OPTIONAL},
 * a record may start with its first feature instead: it has no label.
 */
public final class LibSvmFormat implements LineParser {
  private final long features;
  private final Labels labels;
  private int[] idx = new int[64];
  private float[] val = new float[64];

  /** @param features the number of features: indices run from 1 to features */
  public LibSvmFormat(long features) {
    this(features, Labels.REQUIRED);
  }

  public LibSvmFormat(long features, Labels labels) {
    if (features < 1 || features > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--features must be between 1 and " + Integer.MAX_VALUE + ", got " + features);
    }
    this.features = features;
    this.labels = labels;
  }

  @Override
  public boolean parse(String line, Examples into) throws BadRecordException {
    String text = line.trim();
    int hash = text.indexOf('#');
    if (hash >= 0) {
      text = text.substring(0, hash).trim();
    }
    if (text.isEmpty()) {
      return false;
    }
    String[] tokens = text.split("\\s+");
    boolean unlabelled = tokens[0].indexOf(':') > 0;
    if (unlabelled && labels == Labels.REQUIRED) {
      throw new BadRecordException("no label: the record starts with feature '" + tokens[0] + "'");
    }
    float label = unlabelled ? Labels.NONE : Labels.number(tokens[0], "");
    if (tokens.length > idx.length) {
      idx = new int[tokens.length * 2];
      val = new float[tokens.length * 2];
    }
    int n = 0;
    long previous = 0;
    for (int t = unlabelled ? 0 : 1; t < tokens.length; t++) {
      String token = tokens[t];
      int colon = token.indexOf(':');
      if (colon <= 0) {
        throw new BadRecordException("'" + token + "' is not index:value");
      }
      long index;
      float value;
      try {
        index = Long.parseLong(token.substring(0, colon));
        value = Float.parseFloat(token.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new BadRecordException("'" + token + "' is not index:value");
      }
      if (index < 1 || index > features) {
        throw new BadRecordException("feature index " + index + " is outside 1.." + features
            + " (the model's features: train --features)");
      }
      if (index <= previous) {
        throw new BadRecordException("feature indices must increase, " + index + " follows " + previous);
      }
      if (!Float.isFinite(value)) {
        throw new BadRecordException("feature " + index + " has value " + value);
      }
      previous = index;
      idx[n] = (int) (index - 1);
      val[n++] = value;
    }
    into.add(label, idx, val, n);
    return true;
  }
}
