package com.screenalytics.facebank.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the demo's portraits: a head-and-shoulders figure on a coloured background with the
 * person's initials, as PNG bytes. The same person keeps the same colours; each photo of theirs
 * (its variant) shifts the pose and the light, so no two photos are the same bytes. The initials
 * use a built-in 5x7 pixel font: a JDK without any font installed draws them all the same.
 * Blocking (ImageIO): call it off the event loop.
 */
final class PortraitRenderer {

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private static final Color[] SKIN = {
      new Color(0xF1C27D), new Color(0xE0AC69), new Color(0xC68642), new Color(0x8D5524), new Color(0xFFDBAC)};
  private static final Color[] HAIR = {
      new Color(0x2C1B10), new Color(0x6A4E3B), new Color(0xB88A44), new Color(0x0E0E0E), new Color(0x9A3B1E)};

  private static final Map<Character, String> GLYPHS = Map.ofEntries(
      Map.entry('A', "01110 10001 10001 11111 10001 10001 10001"),
      Map.entry('B', "11110 10001 10001 11110 10001 10001 11110"),
      Map.entry('C', "01110 10001 10000 10000 10000 10001 01110"),
      Map.entry('D', "11110 10001 10001 10001 10001 10001 11110"),
      Map.entry('E', "11111 10000 10000 11110 10000 10000 11111"),
      Map.entry('F', "11111 10000 10000 11110 10000 10000 10000"),
      Map.entry('G', "01110 10001 10000 10111 10001 10001 01111"),
      Map.entry('H', "10001 10001 10001 11111 10001 10001 10001"),
      Map.entry('I', "01110 00100 00100 00100 00100 00100 01110"),
      Map.entry('J', "00111 00010 00010 00010 00010 10010 01100"),
      Map.entry('K', "10001 10010 10100 11000 10100 10010 10001"),
      Map.entry('L', "10000 10000 10000 10000 10000 10000 11111"),
      Map.entry('M', "10001 11011 10101 10101 10001 10001 10001"),
      Map.entry('N', "10001 10001 11001 10101 10011 10001 10001"),
      Map.entry('O', "01110 10001 10001 10001 10001 10001 01110"),
      Map.entry('P', "11110 10001 10001 11110 10000 10000 10000"),
      Map.entry('Q', "01110 10001 10001 10001 10101 10010 01101"),
      Map.entry('R', "11110 10001 10001 11110 10100 10010 10001"),
      Map.entry('S', "01111 10000 10000 01110 00001 00001 11110"),
      Map.entry('T', "11111 00100 00100 00100 00100 00100 00100"),
      Map.entry('U', "10001 10001 10001 10001 10001 10001 01110"),
      Map.entry('V', "10001 10001 10001 10001 10001 01010 00100"),
      Map.entry('W', "10001 10001 10001 10101 10101 10101 01010"),
      Map.entry('X', "10001 10001 01010 00100 01010 10001 10001"),
      Map.entry('Y', "10001 10001 01010 00100 00100 00100 00100"),
      Map.entry('Z', "11111 00001 00010 00100 01000 10000 11111"),
      Map.entry('?', "01110 10001 00001 00010 00100 00000 00100"));

  private PortraitRenderer() {
  }

  /** A {@code width} x {@code height} PNG portrait of {@code name}; {@code variant} tells one photo from another. */
  static byte[] png(String name, int variant, int width, int height) {
    return png(name, variant, width, height, 1);
  }

  /**
   * As {@link #png(String, int, int, int)}, with {@code figures} people in the picture: 1 (a
   * portrait), 0 (the backdrop alone: a photo with no face) or 2 (two people side by side, each
   * drawn as a portrait of half the width, the second in another's colours: a photo with two faces).
   */
  static byte[] png(String name, int variant, int width, int height, int figures) {
    if (figures < 0 || figures > 2) {
      throw new IllegalArgumentException("figures is 0, 1 or 2");
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      draw(g, name, variant, width, height, figures);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The picture of {@code png} at {@code width} x {@code height}, recompressed as a JPEG of quality 0.75. */
  static byte[] resizedJpeg(byte[] png, int width, int height) {
    try {
      BufferedImage source = ImageIO.read(new java.io.ByteArrayInputStream(png));
      BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = scaled.createGraphics();
      try {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, width, height, null);
      } finally {
        g.dispose();
      }
      javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (javax.imageio.stream.ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.75f);
        writer.setOutput(stream);
        writer.write(null, new javax.imageio.IIOImage(scaled, null, null), param);
      } finally {
        writer.dispose();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String initials(String name) {
    String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "").trim();
    String[] words = plain.isEmpty() ? new String[0] : plain.split("\\s+");
    if (words.length == 0) {
      return "?";
    }
    String letters = words.length == 1 ? words[0].substring(0, 1)
        : words[0].substring(0, 1) + words[words.length - 1].substring(0, 1);
    return letters.toUpperCase(Locale.ROOT);
  }

  /** How each photo of a person is framed: the figure's scale, so no two photos look alike at a glance. */
  private static final double[] SCALES = {1.0, 0.74, 1.2, 0.86, 1.1, 0.8};

  private static void draw(Graphics2D g, String name, int variant, int w, int h, int figures) {
    int seed = name.hashCode() & 0x7fffffff;
    float hue = (seed % 360) / 360f;
    float light = 0.55f + 0.08f * (variant % 4);
    boolean across = variant % 2 == 0;
    g.setPaint(new GradientPaint(0, 0, Color.getHSBColor(hue, 0.45f, light),
        across ? w : 0, across ? 0 : h, Color.getHSBColor(hue + 0.08f * variant, 0.65f, light - 0.25f)));
    g.fillRect(0, 0, w, h);
    // A backdrop (a window, a panel) in another place in each photo: the photos differ in layout,
    // not in colour only, as two real photos do (and a perceptual hash tells them apart).
    g.setColor(Color.getHSBColor(hue + 0.15f, 0.25f, Math.min(1f, light + 0.3f)));
    int slot = (variant * 3) % 5;
    g.fillRect((int) (w * 0.2 * slot), (int) (h * (variant % 3) * 0.12), (int) (w * 0.26), (int) (h * 0.55));

    if (figures == 0) {
      // The room without anyone in it: a doorway, a lamp and a low table, no face.
      g.setColor(Color.getHSBColor(hue + 0.3f, 0.35f, light - 0.2f));
      g.fillRect((int) (w * 0.55), (int) (h * 0.3), (int) (w * 0.3), (int) (h * 0.7));
      g.setColor(Color.getHSBColor(hue + 0.6f, 0.5f, 0.35f));
      g.fillRect((int) (w * 0.08), (int) (h * 0.78), (int) (w * 0.55), (int) (h * 0.08));
      g.fillRect((int) (w * 0.2), (int) (h * 0.15), (int) (w * 0.03), (int) (h * 0.63));
      g.setColor(new Color(0xFFF3C4));
      g.fillRect((int) (w * 0.12), (int) (h * 0.1), (int) (w * 0.19), (int) (h * 0.08));
    } else if (figures == 1) {
      figure(g, seed, hue, variant, w / 2.0 + (variant % 3 - 1) * w * 0.14, w, h);
    } else {
      // Two people close together, both framed large (scale 1.2): drawn for a landscape photo.
      figure(g, seed, hue, 2, w * 0.27, w / 2, h);
      figure(g, (seed / 11) + 3, hue + 0.4f, 2, w * 0.73, w / 2, h);
    }
    drawText(g, initials(name), w * 0.06, h * 0.05, Math.max(2, (int) (w * 0.018)));
  }

  /** One head-and-shoulders figure centred on {@code cx}, sized for a {@code w} x {@code h} frame. */
  private static void figure(Graphics2D g, int seed, float hue, int variant, double cx, int w, int h) {
    double scale = SCALES[variant % SCALES.length];
    double headW = w * 0.36 * scale;
    double headH = h * 0.34 * scale;
    double headTop = h * 0.22 + (variant % 2) * h * 0.04 + (1 - scale) * h * 0.25;
    Color skin = SKIN[seed % SKIN.length];
    Color hair = HAIR[(seed / 7) % HAIR.length];
    Color clothes = Color.getHSBColor(hue + 0.5f + 0.1f * variant, 0.55f, 0.45f);

    g.setColor(clothes);
    g.fill(new Ellipse2D.Double(cx - w * 0.42 * scale, headTop + headH * 1.4, w * 0.84 * scale, h * 0.60));
    g.setColor(skin.darker());
    g.fill(new RoundRectangle2D.Double(cx - w * 0.07 * scale, headTop + headH * 0.8, w * 0.14 * scale, h * 0.22 * scale,
        20, 20));
    g.setColor(hair);
    g.fill(new Ellipse2D.Double(cx - headW * 0.62, headTop - headH * 0.12, headW * 1.24, headH * 1.05));
    g.setColor(skin);
    g.fill(new Ellipse2D.Double(cx - headW / 2, headTop, headW, headH));
    // Brows over the eyes, a shade darker than the hair: what a face detector looks for, on every skin tone.
    g.setColor(hair.darker());
    g.setStroke(new BasicStroke((float) (w * 0.008 * scale), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    for (double side : new double[] {-1, 1}) {
      double bx = cx + side * headW * 0.22;
      g.draw(new java.awt.geom.Line2D.Double(bx - headW * 0.08, headTop + headH * 0.35, bx + headW * 0.08,
          headTop + headH * 0.35));
    }

    g.setColor(new Color(0x2B2B2B));
    double eyeY = headTop + headH * 0.42;
    double eye = w * 0.03 * scale;
    g.fill(new Ellipse2D.Double(cx - headW * 0.22 - eye / 2, eyeY, eye, eye));
    g.fill(new Ellipse2D.Double(cx + headW * 0.22 - eye / 2, eyeY, eye, eye));
    g.setStroke(new BasicStroke((float) (w * 0.012), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.drawArc((int) (cx - headW * 0.2), (int) (headTop + headH * 0.55), (int) (headW * 0.4), (int) (headH * 0.22),
        200, 140);
  }

  /** Text in the 5x7 pixel font, white with a shadow, its top-left corner at (x, y). */
  private static void drawText(Graphics2D g, String text, double x, double y, int pixel) {
    for (Color color : new Color[] {new Color(0, 0, 0, 90), Color.WHITE}) {
      double shift = color == Color.WHITE ? 0 : pixel / 2.0;
      g.setColor(color);
      for (int i = 0; i < text.length(); i++) {
        String[] rows = GLYPHS.getOrDefault(text.charAt(i), GLYPHS.get('?')).split(" ");
        double left = x + shift + i * 6 * pixel;
        for (int row = 0; row < rows.length; row++) {
          for (int col = 0; col < rows[row].length(); col++) {
            if (rows[row].charAt(col) == '1') {
              g.fillRect((int) (left + col * pixel), (int) (y + shift + row * pixel), pixel, pixel);
            }
          }
        }
      }
    }
  }
}
