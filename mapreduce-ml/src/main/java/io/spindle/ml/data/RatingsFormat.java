package io.spindle.ml.data;

import java.util.regex.Pattern;

/**
 * Ratings, one per line: {@code user item rating [time]}, separated by a delimiter (by default
 * any of {@code ::}, tab, comma or spaces, which covers MovieLens and most exports). Users and
 * items are integer ids in {@code 0..users-1} and {@code 0..items-1}; an example holds the rating
 * as its label and the ids as features 0 (user) and 1 (item), with value 1. Where {@link
 * Labels#OPTIONAL}, a record may be {@code user item} alone: a pair to predict the rating of.
 */
public final class RatingsFormat implements LineParser {
  public static final String ANY_DELIMITER = "auto";
  /**
   * One {@code ::}, tab or comma (spaces around it allowed), or a run of spaces: two commas or
   * tabs in a row hold an empty field, a missing value, never one delimiter.
   */
  private static final Pattern AUTO = Pattern.compile(" *(?:::|\\t|,) *| +");

  private final long users;
  private final long items;
  private final Pattern delimiter;
  private final boolean header;
  private final Labels labels;
  private final int[] idx = new int[2];
  private final float[] ones = {1f, 1f};

  public RatingsFormat(long users, long items, String delimiter) {
    this(users, items, delimiter, false);
  }

  /** @param header whether each file starts with a header line (MovieLens csv exports do) */
  public RatingsFormat(long users, long items, String delimiter, boolean header) {
    this(users, items, delimiter, header, Labels.REQUIRED);
  }

  public RatingsFormat(long users, long items, String delimiter, boolean header, Labels labels) {
    if (users < 1 || items < 1 || users > Integer.MAX_VALUE || items > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("ratings need --set users and --set items between 1 and "
          + Integer.MAX_VALUE + " (ids run from 0), got users=" + users + " items=" + items);
    }
    this.users = users;
    this.items = items;
    this.delimiter = delimiter.equals(ANY_DELIMITER) ? AUTO : Pattern.compile(Pattern.quote(delimiter));
    this.header = header;
    this.labels = labels;
  }

  @Override
  public boolean isHeader(long offset) {
    return header && offset == 0;
  }

  /** The user of example i. */
  public static int user(Examples data, int i) {
    return data.indices()[data.start(i)];
  }

  /** The item of example i. */
  public static int item(Examples data, int i) {
    return data.indices()[data.start(i) + 1];
  }

  @Override
  public boolean parse(String line, Examples into) throws BadRecordException {
    String text = line.trim();
    if (text.isEmpty() || text.startsWith("#")) {
      return false;
    }
    String[] fields = delimiter.split(text, -1);
    boolean unlabelled = labels == Labels.OPTIONAL && fields.length == 2;
    if ((fields.length < 3 || fields.length > 4) && !unlabelled) {
      throw new BadRecordException(fields.length + " fields, expected user, item, rating[, time]"
          + (labels == Labels.OPTIONAL ? " or user, item" : ""));
    }
    idx[0] = (int) id(fields[0], "user", users);
    idx[1] = (int) id(fields[1], "item", items);
    if (unlabelled) {
      into.add(Labels.NONE, idx, ones, 2);
      return true;
    }
    float rating;
    try {
      rating = Float.parseFloat(fields[2].trim());
    } catch (NumberFormatException e) {
      throw new BadRecordException("rating '" + fields[2] + "' is not a number");
    }
    if (!Float.isFinite(rating)) {
      throw new BadRecordException("rating is " + rating);
    }
    into.add(rating, idx, ones, 2);
    return true;
  }

  private static long id(String field, String what, long count) throws BadRecordException {
    long id;
    try {
      id = Long.parseLong(field.trim());
    } catch (NumberFormatException e) {
      throw new BadRecordException(what + " '" + field + "' is not an integer id");
    }
    if (id < 0 || id >= count) {
      throw new BadRecordException(what + " id " + id + " is outside 0.." + (count - 1) + " (--set " + what + "s)");
    }
    return id;
  }
}
