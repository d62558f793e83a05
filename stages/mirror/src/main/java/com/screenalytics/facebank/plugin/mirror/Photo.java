package com.screenalytics.facebank.plugin.mirror;

import com.screenalytics.facebank.stage.api.FetchException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * What a photo's bytes are: the format sniffed from the magic bytes (never from Content-Type),
 * the decoded size, the sha256 and the perceptual hash. CPU work and blocking (ImageIO): run it
 * on the compute port, never on an event loop.
 */
record Photo(Format format, int width, int height, String sha256, long perceptualHash) {

  /** The formats decoded here; WebP only when an ImageIO WebP reader is installed. */
  enum Format {
    JPEG("image/jpeg", "jpg", "jpeg"), PNG("image/png", "png", "png"), WEBP("image/webp", "webp", "webp");

    final String mime;
    final String extension;
    final String reader;

    Format(String mime, String extension, String reader) {
      this.mime = mime;
      this.extension = extension;
      this.reader = reader;
    }
  }

  /** The shorter side, in pixels, a photo is decoded down to (at least) for its perceptual hash. */
  private static final int HASH_SOURCE = 256;

  static {
    ImageIO.setUseCache(false); // decode in memory: no temporary files
  }

  /**
   * Sniffs, checks the size against {@code maxPixels} before decoding (a small file can claim a
   * huge picture), decodes and hashes; throws a {@link FetchException} with reason not_an_image
   * (or too_large for a picture over maxPixels) when the bytes are no image used here.
   */
  static Photo of(byte[] bytes, long maxPixels) {
    Format format = sniff(bytes);
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.reader);
    if (!readers.hasNext()) {
      throw new FetchException(FetchException.NOT_AN_IMAGE, "a " + format + " image, and no " + format
          + " decoder is installed");
    }
    ImageReader reader = readers.next();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      if (width <= 0 || height <= 0) {
        throw new FetchException(FetchException.NOT_AN_IMAGE, "a " + format + " of no size");
      }
      if ((long) width * height > maxPixels) {
        throw new FetchException(FetchException.TOO_LARGE, "a " + width + "x" + height + " picture, over "
            + maxPixels + " pixels (option max_pixels)");
      }
      // The whole stream is decoded (a photo that does not decode is refused), but only every
      // step-th pixel of every step-th row is kept: the hash needs 32x32, and converting a whole
      // photo's pixels cost more than decoding it (1280x960: 60 ms against 3 ms at step 3).
      ImageReadParam param = reader.getDefaultReadParam();
      int step = Math.max(1, Math.min(width, height) / HASH_SOURCE);
      param.setSourceSubsampling(step, step, 0, 0);
      BufferedImage image = reader.read(0, param);
      return new Photo(format, width, height, sha256(bytes), PerceptualHash.of(image));
    } catch (IOException | RuntimeException e) {
      if (e instanceof FetchException known) {
        throw known;
      }
      throw new FetchException(FetchException.NOT_AN_IMAGE, "a " + format + " that does not decode", e);
    } finally {
      reader.dispose();
    }
  }

  static Format sniff(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
      return Format.JPEG;
    }
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
        && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
      return Format.PNG;
    }
    if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
        && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
      return Format.WEBP;
    }
    throw new FetchException(FetchException.NOT_AN_IMAGE, b.length == 0 ? "an empty body"
        : "not a JPEG or PNG (the bytes start " + HexFormat.ofDelimiter(" ").formatHex(b, 0, Math.min(4, b.length))
        + ")");
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
