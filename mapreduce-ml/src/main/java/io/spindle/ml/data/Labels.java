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
}
