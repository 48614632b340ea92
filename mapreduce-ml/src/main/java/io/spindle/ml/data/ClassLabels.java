package io.spindle.ml.data;

/**
 * A parser for a classifier's records: a label must be one of its classes, 0 .. classes - 1. A
 * label outside them (classes numbered from 1, another data set) is a bad record, counted and
 * named, where scoring it would silently count it wrong at the largest log-loss there is.
 */
public final class ClassLabels implements LineParser {
  private final LineParser parser;
  private final int classes;

  public ClassLabels(LineParser parser, int classes) {
    this.parser = parser;
    this.classes = classes;
  }

  @Override
  public boolean parse(String line, Examples into) throws BadRecordException {
    if (!parser.parse(line, into)) {
      return false;
    }
    float label = into.label(into.size() - 1);
    if (label != (int) label || label < 0 || label >= classes) {
      into.dropLast();
      throw new BadRecordException("label " + label + " is not a class of this " + classes + "-class model (0 to "
          + (classes - 1) + ")" + (label == classes ? ": are the labels numbered from 1?" : ""));
    }
    return true;
  }

  @Override
  public boolean isHeader(long offset) {
    return parser.isHeader(offset);
  }
}
