package com.screenalytics.facebank.testsupport;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Real JPEG and PNG files for the mirror tests, drawn with java.awt: each {@code seed} a different
 * picture (shapes of random size, place and colour), so two seeds are far apart in perceptual hash;
 * and the same picture resized and recompressed, which is a near duplicate.
 */
public final class TestImages {

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private TestImages() {
  }

  public static BufferedImage picture(int seed, int width, int height) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(random.nextInt(0xffffff)));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 12; i++) {
      g.setColor(new Color(random.nextInt(0xffffff)));
      int w = width / 8 + random.nextInt(width / 2);
      int h = height / 8 + random.nextInt(height / 2);
      int x = random.nextInt(width) - w / 4;
      int y = random.nextInt(height) - h / 4;
      if (random.nextBoolean()) {
        g.fillOval(x, y, w, h);
      } else {
        g.fillRect(x, y, w, h);
      }
    }
    g.dispose();
    return image;
  }

  /** A picture with fine noise over it, as a camera's photo has: a realistic JPEG size (about 250–400 KB at 1600×1200). */
  public static BufferedImage photo(int seed, int width, int height) {
    BufferedImage image = picture(seed, width, height);
    Random random = new Random(seed * 31L + 7);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = image.getRGB(x, y);
        int n = random.nextInt(41) - 20;
        image.setRGB(x, y, (clamp(((rgb >> 16) & 0xff) + n) << 16) | (clamp(((rgb >> 8) & 0xff) + n) << 8)
            | clamp((rgb & 0xff) + n));
      }
    }
    return image;
  }

  private static int clamp(int value) {
    return Math.max(0, Math.min(255, value));
  }

  public static byte[] jpeg(int seed, int width, int height) {
    return jpeg(picture(seed, width, height), 0.9f);
  }

  public static byte[] png(int seed, int width, int height) {
    return png(picture(seed, width, height));
  }

  /** The picture of {@code original} (any format ImageIO reads) at a new size, as a JPEG of {@code quality}. */
  public static byte[] resizedJpeg(byte[] original, int width, int height, float quality) {
    BufferedImage source = read(original);
    BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(source, 0, 0, width, height, null);
    g.dispose();
    return jpeg(scaled, quality);
  }

  public static BufferedImage read(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] jpeg(BufferedImage image, float quality) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
         ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.setOutput(stream);
      writer.write(null, new IIOImage(image, null, null), param);
      writer.dispose();
      stream.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] png(BufferedImage image) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
