package com.screenalytics.facebank.plugin.faces;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An embedding model on ONNX Runtime (an ArcFace or MobileFaceNet export, say): one session,
 * shared by every thread. Its input is a batch of face crops, {@code size} x {@code size}, laid out
 * NCHW or NHWC, channels RGB or BGR, each value {@code (pixel - mean[c]) / std[c]}; its (first, or
 * named) output {@code [N, dims]}. A model whose batch dimension is fixed at 1 is run one crop at a
 * time.
 */
final class Embedder implements AutoCloseable {

  record Settings(int size, boolean bgr, boolean nchw, double[] mean, double[] std, String output) {
  }

  private final OrtEnvironment env;
  private final OrtSession session;
  private final String input;
  private final String output;
  private final Settings settings;
  private final boolean batched;

  Embedder(Path model, Settings settings) throws OrtException {
    this.env = Onnx.environment();
    this.session = env.createSession(model.toString(), Onnx.options());
    this.settings = settings;
    this.input = session.getInputNames().iterator().next();
    this.output = settings.output() != null ? settings.output() : session.getOutputNames().iterator().next();
    if (!session.getOutputNames().contains(output)) {
      session.close();
      throw new IllegalArgumentException("the model has no output " + output + "; it has " + session.getOutputNames());
    }
    NodeInfo info = session.getInputInfo().get(input);
    long[] shape = info.getInfo() instanceof TensorInfo tensor ? tensor.getShape() : new long[0];
    if (shape.length != 4) {
      session.close();
      throw new IllegalArgumentException("the model's input " + input + " is not 4-dimensional (a batch of images)");
    }
    long side = settings.nchw() ? shape[2] : shape[1];
    if (side > 0 && side != settings.size()) {
      session.close();
      throw new IllegalArgumentException("the model's input is " + side + " pixels square, not input_size "
          + settings.size());
    }
    this.batched = shape[0] != 1;
  }

  boolean batched() {
    return batched;
  }

  /** The crop's pixels as the model takes them, [3*size*size] in the layout and order of the settings. */
  float[] tensor(BufferedImage crop) {
    int size = settings.size();
    BufferedImage scaled = crop.getWidth() == size && crop.getHeight() == size ? crop
        : Images.scaled(Images.downscaled(crop, size, size), size, size);
    int[] rgb = scaled.getRGB(0, 0, size, size, null, 0, size);
    float[] values = new float[3 * size * size];
    int plane = size * size;
    for (int i = 0; i < rgb.length; i++) {
      int[] channels = {(rgb[i] >> 16) & 0xff, (rgb[i] >> 8) & 0xff, rgb[i] & 0xff};
      for (int c = 0; c < 3; c++) {
        int source = settings.bgr() ? 2 - c : c;
        float v = (float) ((channels[source] - settings.mean()[c]) / settings.std()[c]);
        values[settings.nchw() ? c * plane + i : i * 3 + c] = v;
      }
    }
    return values;
  }

  /** The L2-normalised embeddings of {@code crops}, in order; one run for all when the model takes a batch. */
  List<float[]> embed(List<float[]> crops) throws OrtException {
    List<float[]> out = new ArrayList<>();
    if (crops.isEmpty()) {
      return out;
    }
    if (!batched) {
      for (float[] crop : crops) {
        out.addAll(run(List.of(crop)));
      }
      return out;
    }
    return run(crops);
  }

  private List<float[]> run(List<float[]> crops) throws OrtException {
    int size = settings.size();
    int each = 3 * size * size;
    FloatBuffer batch = FloatBuffer.allocate(each * crops.size());
    crops.forEach(batch::put);
    batch.flip();
    long[] shape = settings.nchw() ? new long[] {crops.size(), 3, size, size} : new long[] {crops.size(), size, size, 3};
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, batch, shape);
         OrtSession.Result result = session.run(Map.of(input, tensor), Set.of(output))) {
      OnnxTensor embeddings = (OnnxTensor) result.get(0);
      long[] outShape = embeddings.getInfo().getShape();
      if (outShape.length != 2 || outShape[0] != crops.size()) {
        throw new IllegalStateException("the model's output " + output + " has shape "
            + Arrays.toString(outShape) + ", not [" + crops.size() + ", dims]");
      }
      FloatBuffer values = embeddings.getFloatBuffer();
      int dims = (int) outShape[1];
      List<float[]> out = new ArrayList<>();
      for (int n = 0; n < crops.size(); n++) {
        float[] v = new float[dims];
        values.get(v);
        out.add(normalised(v));
      }
      return out;
    }
  }

  static float[] normalised(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    double norm = Math.sqrt(sum);
    if (norm == 0) {
      return v;
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / norm);
    }
    return out;
  }

  static double distance(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
