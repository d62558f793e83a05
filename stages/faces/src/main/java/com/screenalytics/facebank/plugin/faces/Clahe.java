package com.screenalytics.facebank.plugin.faces;

import java.awt.image.BufferedImage;

/**
 * Contrast-limited adaptive histogram equalisation (Zuiderveld's CLAHE, as OpenCV's
 * {@code createCLAHE}) of the luminance only: the picture goes to YCbCr (BT.601, full range), Y is
 * equalised per tile of a {@code tiles} x {@code tiles} grid with each histogram bin clipped at
 * {@code clipLimit} times the mean and the excess spread over all bins, every pixel mapped by the
 * bilinear blend of its four nearest tiles' mappings; Cb and Cr are kept. Integer histograms,
 * fixed order: deterministic.
 */
final class Clahe {

  private Clahe() {
  }

  static BufferedImage apply(BufferedImage picture, int tiles, double clipLimit) {
    int w = picture.getWidth();
    int h = picture.getHeight();
    int[] rgb = picture.getRGB(0, 0, w, h, null, 0, w);
    int[] y = new int[rgb.length];
    double[] cb = new double[rgb.length];
    double[] cr = new double[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      int r = (rgb[i] >> 16) & 0xff;
      int g = (rgb[i] >> 8) & 0xff;
      int b = rgb[i] & 0xff;
      double luma = 0.299 * r + 0.587 * g + 0.114 * b;
      y[i] = clamp((int) Math.round(luma));
      cb[i] = -0.168736 * r - 0.331264 * g + 0.5 * b;
      cr[i] = 0.5 * r - 0.418688 * g - 0.081312 * b;
    }
    int[][][] maps = new int[tiles][tiles][];
    for (int ty = 0; ty < tiles; ty++) {
      for (int tx = 0; tx < tiles; tx++) {
        maps[ty][tx] = tileMap(y, w, tx * w / tiles, (tx + 1) * w / tiles, ty * h / tiles, (ty + 1) * h / tiles,
            clipLimit);
      }
    }
    double tileW = (double) w / tiles;
    double tileH = (double) h / tiles;
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] result = new int[rgb.length];
    for (int row = 0; row < h; row++) {
      double fy = (row + 0.5) / tileH - 0.5;
      int y0 = (int) Math.floor(fy);
      double wy = fy - y0;
      int ya = Math.max(0, y0);
      int yb = Math.min(tiles - 1, y0 + 1);
      for (int col = 0; col < w; col++) {
        double fx = (col + 0.5) / tileW - 0.5;
        int x0 = (int) Math.floor(fx);
        double wx = fx - x0;
        int xa = Math.max(0, x0);
        int xb = Math.min(tiles - 1, x0 + 1);
        int i = row * w + col;
        int v = y[i];
        double top = (1 - wx) * maps[ya][xa][v] + wx * maps[ya][xb][v];
        double bottom = (1 - wx) * maps[yb][xa][v] + wx * maps[yb][xb][v];
        double luma = (1 - wy) * top + wy * bottom;
        int r = clamp((int) Math.round(luma + 1.402 * cr[i]));
        int g = clamp((int) Math.round(luma - 0.344136 * cb[i] - 0.714136 * cr[i]));
        int b = clamp((int) Math.round(luma + 1.772 * cb[i]));
        result[i] = (r << 16) | (g << 8) | b;
      }
    }
    out.setRGB(0, 0, w, h, result, 0, w);
    return out;
  }

  /** One tile's clipped, redistributed cumulative histogram, as a 256-entry mapping. */
  private static int[] tileMap(int[] y, int w, int x0, int x1, int y0, int y1, double clipLimit) {
    int[] histogram = new int[256];
    int n = 0;
    for (int row = y0; row < y1; row++) {
      for (int col = x0; col < x1; col++) {
        histogram[y[row * w + col]]++;
        n++;
      }
    }
    int[] map = new int[256];
    if (n == 0) {
      for (int v = 0; v < 256; v++) {
        map[v] = v;
      }
      return map;
    }
    int clip = Math.max(1, (int) (clipLimit * n / 256));
    int excess = 0;
    for (int v = 0; v < 256; v++) {
      if (histogram[v] > clip) {
        excess += histogram[v] - clip;
        histogram[v] = clip;
      }
    }
    int each = excess / 256;
    int rest = excess % 256;
    for (int v = 0; v < 256; v++) {
      histogram[v] += each + (v < rest ? 1 : 0);
    }
    long sum = 0;
    for (int v = 0; v < 256; v++) {
      sum += histogram[v];
      map[v] = clamp((int) Math.round(sum * 255.0 / n));
    }
    return map;
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : Math.min(255, v);
  }
}
