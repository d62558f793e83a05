package com.screenalytics.facebank.plugin.mirror;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * A 64-bit perceptual hash (pHash): the picture averaged down to 32×32 grey, its 2-D DCT, and one
 * bit per coefficient of the 8×8 lowest frequencies — set when the coefficient is above their
 * median. Resizing, recompressing or a light change of colour move few bits; another picture
 * about half. Compare two with {@code Long.bitCount(a ^ b)} (the Hamming distance).
 */
final class PerceptualHash {

  private static final int SIZE = 32;
  private static final int LOW = 8;
  private static final double[][] COS = new double[LOW][SIZE];

  static {
    for (int u = 0; u < LOW; u++) {
      for (int x = 0; x < SIZE; x++) {
        COS[u][x] = Math.cos((2 * x + 1) * u * Math.PI / (2 * SIZE));
      }
    }
  }

  private PerceptualHash() {
  }

  static long of(BufferedImage image) {
    double[][] grey = downscale(image);
    double[] low = new double[LOW * LOW];
    for (int u = 0; u < LOW; u++) {
      for (int v = 0; v < LOW; v++) {
        double sum = 0;
        for (int y = 0; y < SIZE; y++) {
          double row = 0;
          for (int x = 0; x < SIZE; x++) {
            row += grey[y][x] * COS[u][x];
          }
          sum += row * COS[v][y];
        }
        low[v * LOW + u] = sum;
      }
    }
    // The median of the 63 AC coefficients: the DC term (the mean brightness) would skew it.
    double[] ac = Arrays.copyOfRange(low, 1, low.length);
    Arrays.sort(ac);
    double median = ac[ac.length / 2];
    long hash = 0;
    for (int i = 0; i < low.length; i++) {
      if (low[i] > median) {
        hash |= 1L << (low.length - 1 - i);
      }
    }
    return hash;
  }

  /** The mean luminance (0–255, transparent pixels over white) of each of 32×32 cells. */
  private static double[][] downscale(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    double[][] sums = new double[SIZE][SIZE];
    int[][] counts = new int[SIZE][SIZE];
    int[] row = new int[width];
    boolean alpha = image.getColorModel().hasAlpha();
    for (int y = 0; y < height; y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      int cy = (int) ((long) y * SIZE / height);
      for (int x = 0; x < width; x++) {
        int argb = row[x];
        double luma = 0.299 * ((argb >> 16) & 0xff) + 0.587 * ((argb >> 8) & 0xff) + 0.114 * (argb & 0xff);
        if (alpha) {
          double a = ((argb >>> 24) & 0xff) / 255.0;
          luma = a * luma + (1 - a) * 255;
        }
        int cx = (int) ((long) x * SIZE / width);
        sums[cy][cx] += luma;
        counts[cy][cx]++;
      }
    }
    double[][] grey = new double[SIZE][SIZE];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        // A picture under 32 px on a side leaves cells empty: they take their neighbour's value.
        grey[y][x] = counts[y][x] > 0 ? sums[y][x] / counts[y][x] : nearest(sums, counts, y, x);
      }
    }
    return grey;
  }

  private static double nearest(double[][] sums, int[][] counts, int y, int x) {
    for (int d = 1; d < SIZE; d++) {
      for (int dy = -d; dy <= d; dy++) {
        for (int dx = -d; dx <= d; dx++) {
          int ny = y + dy;
          int nx = x + dx;
          if (ny >= 0 && ny < SIZE && nx >= 0 && nx < SIZE && counts[ny][nx] > 0) {
            return sums[ny][nx] / counts[ny][nx];
          }
        }
      }
    }
    return 0;
  }
}
