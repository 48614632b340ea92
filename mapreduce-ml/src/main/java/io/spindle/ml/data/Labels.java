package io.spindle.ml.data;

/**
 * Whether a text format's records must carry a label. Records to train on or to judge a model by
 * must; records to predict may leave it out, and then hold {@link #NONE} as their label.
 */
public enum Labels {
  REQUIRED,
  OPTIONAL;

  /** The label of a record that has none. */
  public static final float NONE = Float.NaN;

  /** A label written as a number; {@code hint} ends the message of one that is not. */
  static float number(String text, String hint) throws BadRecordException {
    float label;
    try {
      label = Float.parseFloat(text);
    } catch (NumberFormatException e) {
      throw new BadRecordException("label '" + text + "' is not a number" + hint);
    }
    if (!Float.isFinite(label)) {
      throw new BadRecordException("label '" + text + "' is not a finite number");
    }
    return label;
  }
}
