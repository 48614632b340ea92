package io.spindle.ml.compute;

/**
 * The shape of a 2-D convolution over a batch whose rows are images stored channel-major
 * ({@code channels x height x width}, as cuDNN's NCHW). Its filters are a
 * {@code (channels * kernel * kernel) x filters} matrix, laid out like a dense layer's weights
 * (input patch position by output channel), its bias a {@code 1 x filters} row.
 */
public final class ConvShape {
  public final int channels;
  public final int height;
  public final int width;
  public final int filters;
  public final int kernel;
  public final int stride;
  public final int pad;

  public ConvShape(int channels, int height, int width, int filters, int kernel, int stride, int pad) {
    if (channels < 1 || height < 1 || width < 1 || filters < 1 || kernel < 1 || stride < 1 || pad < 0) {
      throw new IllegalArgumentException("a convolution needs positive sizes, got " + describe(channels, height,
          width, filters, kernel, stride, pad));
    }
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.filters = filters;
    this.kernel = kernel;
    this.stride = stride;
    this.pad = pad;
    if (outHeight() < 1 || outWidth() < 1) {
      throw new IllegalArgumentException("a " + kernel + "x" + kernel + " kernel does not fit a " + height + "x" + width
          + " image with padding " + pad);
    }
  }

  /** A stride-1 convolution whose output is as large as its input (an odd kernel padded by half of it). */
  public static ConvShape same(int channels, int height, int width, int filters, int kernel) {
    return new ConvShape(channels, height, width, filters, kernel, 1, (kernel - 1) / 2);
  }

  public int outHeight() {
    return (height + 2 * pad - kernel) / stride + 1;
  }

  public int outWidth() {
    return (width + 2 * pad - kernel) / stride + 1;
  }

  /** Values per input image. */
  public int inputSize() {
    return channels * height * width;
  }

  /** Values per output image. */
  public int outputSize() {
    return filters * outHeight() * outWidth();
  }

  /** Values in one input patch: the rows of the filter matrix. */
  public int patchSize() {
    return channels * kernel * kernel;
  }

  private static String describe(int c, int h, int w, int f, int k, int s, int p) {
    return c + "x" + h + "x" + w + " -> " + f + " filters " + k + "x" + k + " stride " + s + " pad " + p;
  }

  @Override
  public String toString() {
    return describe(channels, height, width, filters, kernel, stride, pad);
  }
}
