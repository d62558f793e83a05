package com.screenalytics.facebank.plugin.faces;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * The aligned crop: a similarity transform (rotation, uniform scale, shift) that puts the two eyes
 * level, where ArcFace's 112x112 template has them ((38.3, 51.7) and (73.5, 51.7)): the eyes
 * 35.2 px apart, which leaves a margin of forehead, chin and cheeks around the face. Pixels outside
 * the photo are black. Deterministic: the same photo and eyes give the same pixels.
 */
final class FaceAlign {

  static final int SIZE = 112;
  static final double LEFT_EYE_X = 38.29;
  static final double RIGHT_EYE_X = 73.53;
  static final double EYE_Y = 51.7;

  private FaceAlign() {
  }

  /** The roll of the eye line, in degrees (0: level; positive: the right eye lower). */
  static double rollDegrees(double[] leftEye, double[] rightEye) {
    return Math.toDegrees(Math.atan2(rightEye[1] - leftEye[1], rightEye[0] - leftEye[0]));
  }

  static BufferedImage align(BufferedImage picture, double[] leftEye, double[] rightEye) {
    double dx = rightEye[0] - leftEye[0];
    double dy = rightEye[1] - leftEye[1];
    double distance = Math.max(1e-6, Math.hypot(dx, dy));
    double scale = (RIGHT_EYE_X - LEFT_EYE_X) / distance;
    // A large photo is first halved towards twice the crop's scale: one bilinear step from far above aliases.
    BufferedImage source = picture;
    double pre = 1;
    while (scale / pre < 0.5 && source.getWidth() > 2 && source.getHeight() > 2) {
      source = Images.scaled(source, source.getWidth() / 2, source.getHeight() / 2);
      pre = (double) source.getWidth() / picture.getWidth();
    }
    AffineTransform t = new AffineTransform();
    t.translate((LEFT_EYE_X + RIGHT_EYE_X) / 2, EYE_Y);
    t.rotate(-Math.atan2(dy, dx));
    t.scale(scale, scale);
    t.translate(-(leftEye[0] + rightEye[0]) / 2, -(leftEye[1] + rightEye[1]) / 2);
    t.scale((double) picture.getWidth() / source.getWidth(), (double) picture.getHeight() / source.getHeight());
    BufferedImage crop = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = crop.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(source, t, null);
    } finally {
      g.dispose();
    }
    return crop;
  }
}
