package io.spindle.ml.compute;

/** Max pooling of channel-major images with a square window moved by its own size (no overlap, no padding). */
public final class PoolShape {
  public final int channels;
  public final int height;
  public final int width;
  public final int window;

  public PoolShape(int channels, int height, int width, int window) {
    if (channels < 1 || window < 1 || height < window || width < window) {
      throw new IllegalArgumentException("cannot pool " + channels + "x" + height + "x" + width + " images in "
          + window + "x" + window + " windows");
    }
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.window = window;
  }

  /** Rows or columns past the last whole window are dropped, as cuDNN does without padding. */
  public int outHeight() {
    return height / window;
  }

  public int outWidth() {
    return width / window;
  }

  public int inputSize() {
    return channels * height * width;
  }

  public int outputSize() {
    return channels * outHeight() * outWidth();
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width + " max-pooled " + window + "x" + window;
  }
}
