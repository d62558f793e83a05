package com.screenalytics.facebank.faces;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the eyes the demo's renderer draws (dark discs of #2B2B2B) in an aligned crop, by colour
 * and connected regions, independently of the detector: the two regions nearest to where an
 * aligned crop puts the eyes, and the angle of the line through their centres.
 */
final class EyeLine {

  record Region(double x, double y, int pixels) {
  }

  private EyeLine() {
  }

  static boolean eyeColour(int rgb) {
    int r = (rgb >> 16) & 0xff;
    int g = (rgb >> 8) & 0xff;
    int b = rgb & 0xff;
    return Math.abs(r - 0x2B) <= 14 && Math.abs(g - 0x2B) <= 14 && Math.abs(b - 0x2B) <= 14;
  }

  static List<Region> regions(BufferedImage crop) {
    int w = crop.getWidth();
    int h = crop.getHeight();
    boolean[] seen = new boolean[w * h];
    List<Region> regions = new ArrayList<>();
    for (int start = 0; start < w * h; start++) {
      if (seen[start] || !eyeColour(crop.getRGB(start % w, start / w))) {
        continue;
      }
      java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
      queue.add(start);
      seen[start] = true;
      double sx = 0;
      double sy = 0;
      int n = 0;
      while (!queue.isEmpty()) {
        int p = queue.poll();
        int x = p % w;
        int y = p / w;
        sx += x;
        sy += y;
        n++;
        for (int[] d : new int[][] {{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) {
          int nx = x + d[0];
          int ny = y + d[1];
          int q = ny * w + nx;
          if (nx >= 0 && ny >= 0 && nx < w && ny < h && !seen[q] && eyeColour(crop.getRGB(nx, ny))) {
            seen[q] = true;
            queue.add(q);
          }
        }
      }
      if (n >= 4) {
        regions.add(new Region(sx / n + 0.5, sy / n + 0.5, n));
      }
    }
    return regions;
  }

  static Region nearest(List<Region> regions, double x, double y) {
    return regions.stream().min((a, b) -> Double.compare(Math.hypot(a.x() - x, a.y() - y),
        Math.hypot(b.x() - x, b.y() - y))).orElseThrow(() -> new AssertionError("no eye-coloured region in the crop"));
  }

  /** The eye line's angle in degrees (0: level). */
  static double degrees(BufferedImage crop) {
    List<Region> regions = regions(crop);
    Region left = nearest(regions, 38.3, 51.7);
    Region right = nearest(regions, 73.5, 51.7);
    if (left == right) {
      throw new AssertionError("one eye-coloured region only near the eyes: " + regions);
    }
    return Math.toDegrees(Math.atan2(right.y() - left.y(), right.x() - left.x()));
  }
}
