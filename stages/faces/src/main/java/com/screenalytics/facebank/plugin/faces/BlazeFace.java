package com.screenalytics.facebank.plugin.faces;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * BlazeFace, MediaPipe's short-range face detector ({@code face_detection_front_128x128}), on ONNX
 * Runtime: one session, shared by every thread (a session's {@code run} is thread-safe). Input NHWC
 * {@code [1,128,128,3]}; outputs {@code Identity:0} [1,512,1] and {@code Identity_1:0} [1,384,1]
 * (score logits), {@code Identity_2:0} [1,512,16] and {@code Identity_3:0} [1,384,16] (box centre,
 * size and six keypoints, in 128ths of the input, relative to the anchor), over 896 anchors: a 16x16
 * grid with 2 anchors per cell (stride 8), then an 8x8 grid with 6 (stride 16), all of size 1.
 *
 * <p>The picture is letterboxed to a square (centred, black bars) and scaled to 128x128; faces
 * come back in the picture's pixels, after weighted non-maximum suppression (MediaPipe's
 * blending: overlapping detections are averaged by score).
 */
final class BlazeFace implements AutoCloseable {

  static final String FILE = "face_detection_front_128x128_barracuda.onnx";
  static final String SHA256 = "d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51";
  static final int SIZE = 128;
  static final int ANCHORS = 896;
  /** Below this a detection is not a face at all. */
  static final double DETECTION_THRESHOLD = 0.5;
  static final double NMS_IOU = 0.3;

  private static final float[][] ANCHOR_CENTRES = anchors();

  /** A detected face, in the picture's pixels: box, score, and keypoints (right eye, left eye, nose, mouth, ears). */
  record Face(double score, double x, double y, double width, double height, double[] keypoints) {
    double area() {
      return width * height;
    }

    /** The eye on the picture's left (the subject's right eye, keypoint 0, for a frontal face). */
    double[] leftEye() {
      return keypoints[0] <= keypoints[2] ? new double[] {keypoints[0], keypoints[1]}
          : new double[] {keypoints[2], keypoints[3]};
    }

    double[] rightEye() {
      return keypoints[0] <= keypoints[2] ? new double[] {keypoints[2], keypoints[3]}
          : new double[] {keypoints[0], keypoints[1]};
    }
  }

  private final OrtEnvironment env;
  private final OrtSession session;
  private final String input;
  private final boolean signedInput;

  /**
   * @param signedInput true: pixels in [-1,1] (MediaPipe's); false: in [0,1], whose keypoints are
   *                    the closer on the demo's portraits (the default)
   */
  BlazeFace(Path model, boolean signedInput) throws OrtException {
    this.env = Onnx.environment();
    OrtSession.SessionOptions options = Onnx.options();
    this.session = env.createSession(model.toString(), options);
    this.input = session.getInputNames().iterator().next();
    this.signedInput = signedInput;
  }

  /**
   * {@code face} detected again in a square around it, twice the face's size, and in that square's
   * mirror image: the face then fills half the detector's input instead of a few pixels of it, and
   * the mirror cancels a lopsided guess; box and keypoints are the score-weighted mean of both (the
   * mirror's eyes swapped back). The keypoints of one small pass are off by several degrees.
   */
  Face refine(BufferedImage picture, Face face) throws OrtException {
    double side = 2.0 * Math.max(face.width(), face.height());
    double left = face.x() + face.width() / 2 - side / 2;
    double top = face.y() + face.height() / 2 - side / 2;
    List<Face> found = new ArrayList<>();
    for (boolean mirror : new boolean[] {false, true}) {
      BufferedImage region = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = region.createGraphics();
      try {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        double k = SIZE / side;
        java.awt.geom.AffineTransform t = new java.awt.geom.AffineTransform();
        if (mirror) {
          t.translate(SIZE, 0);
          t.scale(-1, 1);
        }
        t.scale(k, k);
        t.translate(-left, -top);
        g.drawImage(Images.downscaled(picture, (int) Math.ceil(picture.getWidth() * k),
            (int) Math.ceil(picture.getHeight() * k)), scaledTo(t, picture, k), null);
      } finally {
        g.dispose();
      }
      Face best = null;
      for (Face candidate : detect(region)) {
        double cx = candidate.x() + candidate.width() / 2;
        double cy = candidate.y() + candidate.height() / 2;
        if (Math.abs(cx - SIZE / 2.0) < SIZE / 4.0 && Math.abs(cy - SIZE / 2.0) < SIZE / 4.0) {
          best = candidate;
          break;
        }
      }
      if (best == null) {
        continue;
      }
      double k = side / SIZE;
      double[] kp = new double[12];
      for (int i = 0; i < 6; i++) {
        double x = best.keypoints()[2 * i];
        kp[2 * i] = left + (mirror ? SIZE - x : x) * k;
        kp[2 * i + 1] = top + best.keypoints()[2 * i + 1] * k;
      }
      if (mirror) { // the mirror's right eye is the picture's left one, and so on for the ears
        swap(kp, 0, 1);
        swap(kp, 4, 5);
      }
      double x0 = mirror ? SIZE - best.x() - best.width() : best.x();
      found.add(new Face(best.score(), left + x0 * k, top + best.y() * k, best.width() * k, best.height() * k, kp));
    }
    if (found.isEmpty()) {
      return face;
    }
    List<Face> merged = weightedNms(found);
    Face mean = merged.get(0);
    return new Face(face.score(), mean.x(), mean.y(), mean.width(), mean.height(), mean.keypoints());
  }

  /** The transform for a picture already downscaled by {@link Images#downscaled}: its own size, not the original's. */
  private static java.awt.geom.AffineTransform scaledTo(java.awt.geom.AffineTransform t, BufferedImage picture,
                                                        double k) {
    BufferedImage small = Images.downscaled(picture, (int) Math.ceil(picture.getWidth() * k),
        (int) Math.ceil(picture.getHeight() * k));
    java.awt.geom.AffineTransform result = new java.awt.geom.AffineTransform(t);
    result.scale((double) picture.getWidth() / small.getWidth(), (double) picture.getHeight() / small.getHeight());
    return result;
  }

  private static void swap(double[] kp, int a, int b) {
    double x = kp[2 * a];
    double y = kp[2 * a + 1];
    kp[2 * a] = kp[2 * b];
    kp[2 * a + 1] = kp[2 * b + 1];
    kp[2 * b] = x;
    kp[2 * b + 1] = y;
  }

  /** The faces of {@code picture}, best first. Blocking, CPU: call it on the compute pool. */
  List<Face> detect(BufferedImage picture) throws OrtException {
    int w = picture.getWidth();
    int h = picture.getHeight();
    int side = Math.max(w, h);
    double scale = (double) SIZE / side;
    int drawW = (int) Math.round(w * scale);
    int drawH = (int) Math.round(h * scale);
    int offX = (SIZE - drawW) / 2;
    int offY = (SIZE - drawH) / 2;
    BufferedImage square = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = square.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(Images.downscaled(picture, drawW, drawH), offX, offY, drawW, drawH, null);
    } finally {
      g.dispose();
    }
    int[] rgb = square.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE);
    FloatBuffer pixels = FloatBuffer.allocate(SIZE * SIZE * 3);
    for (int p : rgb) {
      for (int shift : new int[] {16, 8, 0}) {
        float v = ((p >> shift) & 0xff) / 255f;
        pixels.put(signedInput ? v * 2f - 1f : v);
      }
    }
    pixels.flip();
    float[] scores = new float[ANCHORS];
    float[][] boxes = new float[ANCHORS][];
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, pixels, new long[] {1, SIZE, SIZE, 3});
         OrtSession.Result result = session.run(Map.of(input, tensor))) {
      float[][] s0 = ((float[][][]) result.get("Identity:0").orElseThrow().getValue())[0];
      float[][] s1 = ((float[][][]) result.get("Identity_1:0").orElseThrow().getValue())[0];
      float[][] b0 = ((float[][][]) result.get("Identity_2:0").orElseThrow().getValue())[0];
      float[][] b1 = ((float[][][]) result.get("Identity_3:0").orElseThrow().getValue())[0];
      for (int i = 0; i < 512; i++) {
        scores[i] = s0[i][0];
        boxes[i] = b0[i];
      }
      for (int i = 0; i < 384; i++) {
        scores[512 + i] = s1[i][0];
        boxes[512 + i] = b1[i];
      }
    }
    List<Face> raw = new ArrayList<>();
    for (int i = 0; i < ANCHORS; i++) {
      double score = sigmoid(scores[i]);
      if (score < DETECTION_THRESHOLD) {
        continue;
      }
      float[] b = boxes[i];
      float ax = ANCHOR_CENTRES[i][0];
      float ay = ANCHOR_CENTRES[i][1];
      // Normalised to the 128x128 input, then back to the picture's pixels.
      double cx = b[0] / SIZE + ax;
      double cy = b[1] / SIZE + ay;
      double bw = b[2] / SIZE;
      double bh = b[3] / SIZE;
      double[] keypoints = new double[12];
      for (int k = 0; k < 6; k++) {
        keypoints[2 * k] = toPicture(b[4 + 2 * k] / SIZE + ax, offX, scale);
        keypoints[2 * k + 1] = toPicture(b[5 + 2 * k] / SIZE + ay, offY, scale);
      }
      double x0 = toPicture(cx - bw / 2, offX, scale);
      double y0 = toPicture(cy - bh / 2, offY, scale);
      raw.add(new Face(score, x0, y0, bw * SIZE / scale, bh * SIZE / scale, keypoints));
    }
    return weightedNms(raw);
  }

  private static double toPicture(double normalised, int offset, double scale) {
    return (normalised * SIZE - offset) / scale;
  }

  /** MediaPipe's weighted suppression: each cluster of overlapping detections becomes their score-weighted mean. */
  static List<Face> weightedNms(List<Face> detections) {
    List<Face> remaining = new ArrayList<>(detections);
    remaining.sort(Comparator.comparingDouble(Face::score).reversed());
    List<Face> faces = new ArrayList<>();
    while (!remaining.isEmpty()) {
      Face best = remaining.get(0);
      List<Face> cluster = new ArrayList<>();
      List<Face> rest = new ArrayList<>();
      for (Face face : remaining) {
        (iou(best, face) > NMS_IOU ? cluster : rest).add(face);
      }
      double total = 0;
      double x = 0;
      double y = 0;
      double w = 0;
      double h = 0;
      double[] keypoints = new double[12];
      for (Face face : cluster) {
        double weight = face.score();
        total += weight;
        x += face.x() * weight;
        y += face.y() * weight;
        w += face.width() * weight;
        h += face.height() * weight;
        for (int k = 0; k < 12; k++) {
          keypoints[k] += face.keypoints()[k] * weight;
        }
      }
      for (int k = 0; k < 12; k++) {
        keypoints[k] /= total;
      }
      faces.add(new Face(best.score(), x / total, y / total, w / total, h / total, keypoints));
      remaining = rest;
    }
    return faces;
  }

  static double iou(Face a, Face b) {
    double ix = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
    double iy = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
    double inter = ix * iy;
    double union = a.area() + b.area() - inter;
    return union <= 0 ? 0 : inter / union;
  }

  private static double sigmoid(float logit) {
    double x = Math.max(-100, Math.min(100, logit));
    return 1 / (1 + Math.exp(-x));
  }

  /** The 896 anchor centres, normalised: 16x16 cells x 2, then 8x8 cells x 6. */
  private static float[][] anchors() {
    float[][] anchors = new float[ANCHORS][];
    int i = 0;
    for (int[] layer : new int[][] {{16, 2}, {8, 6}}) {
      int grid = layer[0];
      for (int y = 0; y < grid; y++) {
        for (int x = 0; x < grid; x++) {
          for (int a = 0; a < layer[1]; a++) {
            anchors[i++] = new float[] {(x + 0.5f) / grid, (y + 0.5f) / grid};
          }
        }
      }
    }
    return anchors;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
