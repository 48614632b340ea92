package io.spindle.ml.data;

/**
 * A parser for a classifier's records: a label must be one of its classes, 0 .. classes - 1, or
 * for two classes also -1 (the -1/+1 convention), read as 0. A label outside them (classes
 * numbered from 1, a regression target, another data set) is a bad record, counted and named,
 * where training on it would push the model towards a class that does not exist and scoring it
 * would silently count it wrong.
 */
public final class ClassLabels implements LineParser {
  private final LineParser parser;
  private final int classes;

  public ClassLabels(LineParser parser, int classes) {
    this.parser = parser;
    this.classes = classes;
  }

  /** The parser, checking labels where there are classes (more than 0) to check them against. */
  public static LineParser checked(LineParser parser, int classes) {
    return classes > 0 ? new ClassLabels(parser, classes) : parser;
  }

  @Override
  public boolean parse(String line, Examples into) throws BadRecordException {
    if (!parser.parse(line, into)) {
      return false;
    }
    float label = into.label(into.size() - 1);
    if (classes == 2 && label == -1f) {
      into.relabelLast(0f);
      return true;
    }
    String problem = notAClass(label, classes);
    if (problem != null) {
      into.dropLast();
      throw new BadRecordException(problem);
    }
    return true;
  }

  /** Why {@code label} is not one of the classes 0 .. classes - 1; null when it is. */
  static String notAClass(float label, int classes) {
    if (label == (int) label && label >= 0 && label < classes) {
      return null;
    }
    return "label " + label + " is not a class of this " + classes + "-class model (0 to " + (classes - 1)
        + (classes == 2 ? ", or -1 and +1" : "") + ")" + (label == classes ? ": are the labels numbered from 1?" : "");
  }

  @Override
  public boolean isHeader(long offset) {
    return parser.isHeader(offset);
  }
}
