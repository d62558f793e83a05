package com.screenalytics.facebank.bench;

import com.screenalytics.facebank.demo.ProjectionModel;
import com.screenalytics.facebank.demo.ProjectionModel.Proto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A stand-in embedding model of a real one's cost, for the benchmark: random weights, no training,
 * but the arithmetic of a small face network — three 3x3 convolutions of stride 2 (3→64→128→256
 * channels, ReLU), global average pooling, a 256→128 projection: about 0.24 GFLOPs per 112x112
 * crop, as MobileFaceNet (0.22). The projection-only {@link ProjectionModel} costs next to nothing
 * and would flatter the embed figures.
 */
final class ConvModel {

  static final int DIMS = 128;

  private ConvModel() {
  }

  static Path write(Path file) {
    Random random = new Random(7);
    Proto graph = new Proto();
    String previous = "input";
    int channels = 3;
    int[] widths = {64, 128, 256};
    for (int i = 0; i < widths.length; i++) {
      String weights = "w" + i;
      graph.message(5, tensor(weights, new long[] {widths[i], channels, 3, 3}, random, Math.sqrt(2.0 / (channels * 9))));
      graph.message(1, new Proto().string(1, previous).string(1, weights).string(2, "c" + i).string(4, "Conv")
          .message(5, ints("kernel_shape", 3, 3)).message(5, ints("strides", 2, 2)).message(5, ints("pads", 1, 1, 1, 1)));
      graph.message(1, new Proto().string(1, "c" + i).string(2, "r" + i).string(4, "Relu"));
      previous = "r" + i;
      channels = widths[i];
    }
    graph.message(1, new Proto().string(1, previous).string(2, "pooled").string(4, "GlobalAveragePool"));
    graph.message(1, new Proto().string(1, "pooled").string(2, "flat").string(4, "Flatten")
        .message(5, new Proto().string(1, "axis").varint(3, 1).varint(20, 2)));
    graph.message(5, tensor("proj", new long[] {channels, DIMS}, random, 1.0 / Math.sqrt(channels)));
    graph.message(1, new Proto().string(1, "flat").string(1, "proj").string(2, "embedding").string(4, "MatMul"));
    graph.string(2, "bench-conv")
        .message(11, ProjectionModel.valueInfo("input", new Object[] {"N", 3L, 112L, 112L}))
        .message(12, ProjectionModel.valueInfo("embedding", new Object[] {"N", (long) DIMS}));
    Proto model = new Proto().varint(1, 8).string(2, "facebank-bench").message(7, graph)
        .message(8, new Proto().string(1, "").varint(2, 13));
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, model.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Proto ints(String name, long... values) {
    Proto attribute = new Proto().string(1, name);
    for (long v : values) {
      attribute.varint(8, v);
    }
    return attribute.varint(20, 7);
  }

  private static Proto tensor(String name, long[] dims, Random random, double scale) {
    long count = 1;
    Proto tensor = new Proto();
    for (long d : dims) {
      tensor.varint(1, d);
      count *= d;
    }
    ByteBuffer raw = ByteBuffer.allocate((int) count * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (long i = 0; i < count; i++) {
      raw.putFloat((float) (random.nextGaussian() * scale));
    }
    return tensor.varint(2, 1).string(8, name).bytes(9, raw.array());
  }
}
