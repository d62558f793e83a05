package com.screenalytics.facebank.plugin.faces;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Decoding, scaling and encoding with the JDK's ImageIO and Java2D; blocking, CPU. */
final class Images {

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Images() {
  }

  /** The picture in {@code bytes} as RGB, or null when ImageIO cannot read it. */
  static BufferedImage decode(byte[] bytes) {
    try {
      BufferedImage read = ImageIO.read(new ByteArrayInputStream(bytes));
      return read == null ? null : rgb(read);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static BufferedImage rgb(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  /** PNG bytes of {@code image}; the same pixels always give the same bytes. */
  static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * {@code image} scaled down towards {@code width} x {@code height} by halving (bilinear each
   * step) while it is more than twice as large: a single bilinear step from far above would alias.
   */
  static BufferedImage downscaled(BufferedImage image, int width, int height) {
    BufferedImage current = image;
    while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
      current = scaled(current, current.getWidth() / 2, current.getHeight() / 2);
    }
    return current;
  }

  static BufferedImage scaled(BufferedImage image, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Luma (BT.601) of each pixel, 0-255. */
  static double[] luma(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    double[] y = new double[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      y[i] = 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
    }
    return y;
  }

  /** Variance of the 4-neighbour Laplacian of the luma: the usual measure of focus (low = blurred). */
  static double laplacianVariance(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    double[] y = luma(image);
    double sum = 0;
    double squares = 0;
    int n = 0;
    for (int r = 1; r < h - 1; r++) {
      for (int c = 1; c < w - 1; c++) {
        int i = r * w + c;
        double lap = y[i - 1] + y[i + 1] + y[i - w] + y[i + w] - 4 * y[i];
        sum += lap;
        squares += lap * lap;
        n++;
      }
    }
    if (n == 0) {
      return 0;
    }
    double mean = sum / n;
    return squares / n - mean * mean;
  }
}
