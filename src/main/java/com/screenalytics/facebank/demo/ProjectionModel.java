package com.screenalytics.facebank.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A small embedding model built in code, for the demo and the embed stage's tests (the project
 * ships no real one, and downloads none): a fixed projection of the input averaged over blocks of {@link #POOL} pixels, {@code input
 * [N,3,S,S] -> AveragePool 16x16 -> Flatten -> MatMul W [3*(S/16)^2, dims] -> embedding [N, dims]}
 * (the averaging makes a shift of a pixel or two change little, as a real embedding would), W
 * drawn from a seeded random, written as an ONNX
 * ModelProto by hand (protobuf wire format: the few fields this graph needs). The batch dimension
 * is symbolic, so the stage can run a person's crops in one batch. {@link #project} computes the
 * same projection in Java, for a test to check what the stage stored. It tells faces apart by
 * their colours and layout only: a stand-in that exercises the embed stage, not a face recogniser.
 */
public final class ProjectionModel {

  public static final int POOL = 16;

  private final int size;
  private final int dims;
  private final int cells; // size / POOL
  private final float[] weights; // row-major [3*cells*cells][dims]

  public ProjectionModel(int size, int dims, long seed) {
    this.size = size;
    this.dims = dims;
    this.cells = size / POOL;
    this.weights = new float[3 * cells * cells * dims];
    Random random = new Random(seed);
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextGaussian();
    }
  }

  /** What the model gives for one input laid out as it takes it ([3,S,S] flattened), before normalising. */
  public float[] project(float[] input) {
    float[] pooled = new float[3 * cells * cells];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < cells * POOL; y++) {
        for (int x = 0; x < cells * POOL; x++) {
          pooled[(c * cells + y / POOL) * cells + x / POOL] += input[(c * size + y) * size + x] / (POOL * POOL);
        }
      }
    }
    float[] out = new float[dims];
    for (int i = 0; i < pooled.length; i++) {
      float x = pooled[i];
      int row = i * dims;
      for (int d = 0; d < dims; d++) {
        out[d] += x * weights[row + d];
      }
    }
    return out;
  }

  /** Writes the model to {@code file} (its folders created). */
  public Path write(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, model());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ONNX ModelProto bytes. */
  public byte[] model() {
    int features = 3 * cells * cells;
    ByteBuffer raw = ByteBuffer.allocate(weights.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float w : weights) {
      raw.putFloat(w);
    }
    Proto weightsTensor = new Proto().varint(1, features).varint(1, dims).varint(2, 1).string(8, "W")
        .bytes(9, raw.array());
    Proto pool = new Proto().string(1, "input").string(2, "pooled").string(3, "pool").string(4, "AveragePool")
        .message(5, new Proto().string(1, "kernel_shape").varint(8, POOL).varint(8, POOL).varint(20, 7))
        .message(5, new Proto().string(1, "strides").varint(8, POOL).varint(8, POOL).varint(20, 7));
    Proto flatten = new Proto().string(1, "pooled").string(2, "flat").string(3, "flatten").string(4, "Flatten")
        .message(5, new Proto().string(1, "axis").varint(3, 1).varint(20, 2));
    Proto matmul = new Proto().string(1, "flat").string(1, "W").string(2, "embedding").string(3, "project")
        .string(4, "MatMul");
    Proto graph = new Proto().message(1, pool).message(1, flatten).message(1, matmul).string(2, "tiny-projection")
        .message(5, weightsTensor)
        .message(11, valueInfo("input", new Object[] {"N", 3L, (long) size, (long) size}))
        .message(12, valueInfo("embedding", new Object[] {"N", (long) dims}));
    Proto model = new Proto().varint(1, 8).string(2, "facebank-tests").message(7, graph)
        .message(8, new Proto().string(1, "").varint(2, 13));
    return model.toByteArray();
  }

  /** An ONNX ValueInfoProto of a float tensor; a String dimension is symbolic. */
  public static Proto valueInfo(String name, Object[] shape) {
    Proto dims = new Proto();
    for (Object dim : shape) {
      dims.message(1, dim instanceof String param ? new Proto().string(2, param) : new Proto().varint(1, (Long) dim));
    }
    Proto tensorType = new Proto().varint(1, 1).message(2, dims);
    return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
  }

  /** A protobuf message being written (the wire format, fields in the order added): enough for a small ONNX graph. */
  public static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Proto varint(int field, long value) {
      tag(field, 0);
      raw(value);
      return this;
    }

    public Proto string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    public Proto bytes(int field, byte[] value) {
      tag(field, 2);
      raw(value.length);
      out.writeBytes(value);
      return this;
    }

    public Proto message(int field, Proto message) {
      return bytes(field, message.toByteArray());
    }

    public byte[] toByteArray() {
      return out.toByteArray();
    }

    private void tag(int field, int wireType) {
      raw(((long) field << 3) | wireType);
    }

    private void raw(long value) {
      while ((value & ~0x7FL) != 0) {
        out.write((int) ((value & 0x7F) | 0x80));
        value >>>= 7;
      }
      out.write((int) value);
    }
  }
}
