package com.screenalytics.facebank.plugin.faces;

import com.screenalytics.facebank.stage.api.BlobStore;
import com.screenalytics.facebank.stage.api.Candidate;
import com.screenalytics.facebank.stage.api.ComputePool;
import com.screenalytics.facebank.stage.api.FaceBankKeys;
import com.screenalytics.facebank.stage.api.PersonRun;
import com.screenalytics.facebank.stage.api.PersonStage;
import com.screenalytics.facebank.stage.api.StageContext;
import com.screenalytics.facebank.stage.api.StageException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 80, {@code embed} (requires {@code crop}): a face embedding of each crop from the ONNX model
 * at {@code model_path} (under MODEL_DIR unless absolute; the project ships none), read from the
 * enhanced crop when {@code enhance} ran, else the aligned one. A person's crops go in one batch
 * (of at most {@code batch_size}); each embedding is L2-normalised and stored as little-endian
 * float32 {@code embeddings/<model_id>/<sha256>.f32} (s3_embedding_key), {@code model_id} and
 * {@code dims} in the details.
 *
 * <p>One face, once: a candidate whose embedding is closer than {@code duplicate_distance}
 * (Euclidean, between unit vectors) to one the person already has in the face bank (by the same
 * model_id), or to an earlier candidate's of this run, is that face again,
 * {@code near_duplicate_face}, and is not stored.
 */
public final class EmbedStage implements PersonStage {

  static final String NAME = "embed";
  static final String NEAR_DUPLICATE_FACE = "near_duplicate_face";
  private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Logger LOG = LoggerFactory.getLogger(EmbedStage.class);

  private BlobStore blobs;
  private FaceBankKeys faceBank;
  private ComputePool compute;
  private Embedder embedder;
  private String modelId;
  private int batchSize;
  private double duplicateDistance;

  private record Crop(Candidate candidate, BufferedImage picture) {
  }

  /** A face the person has: its embedding, and what a near duplicate's detail names it by. */
  private record Face(float[] embedding, String from) {
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<Void> init(StageContext context) {
    Path model;
    Embedder.Settings settings;
    try {
      Options options = new Options(NAME, context.options());
      String path = options.optional("model_path");
      if (path == null) {
        throw new IllegalArgumentException("stage embed needs options.model_path, an ONNX embedding model (under"
            + " MODEL_DIR " + context.modelDir().toAbsolutePath() + " unless absolute)");
      }
      model = Models.readable(NAME, "the embedding model", Models.resolve(context.modelDir(), path));
      String fileName = model.getFileName().toString();
      modelId = options.string("model_id", fileName.endsWith(".onnx")
          ? fileName.substring(0, fileName.length() - 5) : fileName);
      if (!MODEL_ID.matcher(modelId).matches()) {
        throw new IllegalArgumentException("stages.embed.options.model_id must be letters, digits, '.', '_' and '-', not "
            + modelId);
      }
      int size = options.integer("input_size", 112, 16, 1024);
      boolean bgr = options.oneOf("channel_order", "rgb", Set.of("rgb", "bgr")).equals("bgr");
      boolean nchw = options.oneOf("layout", "nchw", Set.of("nchw", "nhwc")).equals("nchw");
      double[] mean = options.numbers("mean", new double[] {127.5, 127.5, 127.5}, 3);
      double[] std = options.numbers("std", new double[] {127.5, 127.5, 127.5}, 3);
      for (double s : std) {
        if (!(s > 0)) {
          throw new IllegalArgumentException("stages.embed.options.std must be positive numbers");
        }
      }
      batchSize = options.integer("batch_size", 16, 1, 1024);
      duplicateDistance = options.number("duplicate_distance", 0.3, 0, 2);
      settings = new Embedder.Settings(size, bgr, nchw, mean, std, options.optional("output"));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    blobs = context.blobs();
    faceBank = context.faceBank();
    compute = context.compute();
    return compute.compute(() -> new Embedder(model, settings))
        .recover(e -> Future.failedFuture(new IllegalArgumentException("stage embed: the embedding model "
            + model.toAbsolutePath() + " cannot be loaded: " + e.getMessage(), e)))
        .compose(loaded -> {
          embedder = loaded;
          LOG.info("embed runs {} as model_id {} ({}), duplicate_distance {}", model, modelId,
              loaded.batched() ? "batches of up to " + batchSize : "one crop at a time", duplicateDistance);
          return blobs.check();
        });
  }

  @Override
  public Future<Void> run(PersonRun person) {
    List<Candidate> candidates = person.candidates().stream().filter(c -> c.alignedKey() != null).toList();
    if (candidates.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<Crop>> crops = candidates.stream().map(this::read).toList();
    Future<List<Face>> stored = duplicateDistance > 0 ? stored(person) : Future.succeededFuture(List.of());
    return Future.all(stored, Future.all(crops)).compose(all -> {
      List<Crop> read = crops.stream().map(Future::result).toList();
      List<Future<List<float[]>>> batches = new ArrayList<>();
      for (int from = 0; from < read.size(); from += batchSize) {
        List<Crop> batch = read.subList(from, Math.min(read.size(), from + batchSize));
        batches.add(compute.compute(() -> embedder.embed(batch.stream().map(c -> embedder.tensor(c.picture())).toList())));
      }
      return Future.all(batches).compose(done -> {
        List<float[]> embeddings = new ArrayList<>();
        batches.forEach(batch -> embeddings.addAll(batch.result()));
        return keep(person, read, embeddings, stored.result());
      });
    });
  }

  /** The crop embed reads: enhance's when it ran, else crop's. */
  private Future<Crop> read(Candidate candidate) {
    JsonObject enhanced = candidate.details(EnhanceStage.NAME);
    String key = enhanced != null && enhanced.getString("key") != null ? enhanced.getString("key")
        : candidate.alignedKey();
    return blobs.get(key)
        .recover(e -> Future.failedFuture(new StageException("blob_read_failed",
            "reading the crop " + key + " failed: " + e.getMessage(), null, e)))
        .compose(blob -> {
          if (blob.isEmpty()) {
            return Future.failedFuture(new StageException("blob_missing", "the crop " + key
                + " is not in the blob store"));
          }
          byte[] bytes = blob.get().bytes().getBytes();
          return compute.compute(() -> {
            BufferedImage picture = Images.decode(bytes);
            if (picture == null) {
              throw new StageException("blob_unreadable", "the crop " + key + " is not a PNG");
            }
            return new Crop(candidate, picture);
          });
        });
  }

  /**
   * The faces the person has in the face bank by this model: the embeddings its rows point to
   * under {@code embeddings/<model_id>/}. A blob gone from the store (the store was changed) is
   * passed over; one that cannot be read fails the person, as a crop does.
   */
  private Future<List<Face>> stored(PersonRun person) {
    String prefix = "embeddings/" + modelId + "/";
    return faceBank.embeddings(person.person().personId()).compose(rows -> {
      List<Future<Face>> faces = rows.stream().filter(row -> row.s3EmbeddingKey().startsWith(prefix))
          .map(row -> blobs.get(row.s3EmbeddingKey())
              .recover(e -> Future.failedFuture(new StageException("blob_read_failed",
                  "reading the stored embedding " + row.s3EmbeddingKey() + " failed: " + e.getMessage(), null, e)))
              .map(blob -> blob.map(found -> new Face(floats(found.bytes().getBytes()),
                  row.s3OriginalKey() + ", in the face bank")).orElse(null)))
          .toList();
      return Future.all(faces).map(all -> faces.stream().map(Future::result).filter(face -> face != null).toList());
    });
  }

  /**
   * In the candidates' order: a near duplicate of a stored face or of an earlier candidate's is
   * left out; the others are stored.
   */
  private Future<Void> keep(PersonRun person, List<Crop> crops, List<float[]> embeddings, List<Face> stored) {
    List<Face> kept = new ArrayList<>(stored);
    List<Future<Void>> writes = new ArrayList<>();
    for (int i = 0; i < crops.size(); i++) {
      Candidate candidate = crops.get(i).candidate();
      float[] embedding = embeddings.get(i);
      Face nearest = null;
      double best = Double.MAX_VALUE;
      for (Face face : kept) {
        if (face.embedding().length != embedding.length) {
          continue; // stored by another model under the same model_id: not comparable
        }
        double d = Embedder.distance(embedding, face.embedding());
        if (d < best) {
          best = d;
          nearest = face;
        }
      }
      if (nearest != null && best < duplicateDistance) {
        person.duplicate(candidate, NEAR_DUPLICATE_FACE, String.format(Locale.ROOT,
            "embedding distance %.4f from %s (duplicate_distance %s)", best, nearest.from(), duplicateDistance));
        continue;
      }
      kept.add(new Face(embedding, candidate.s3OriginalKey()));
      writes.add(store(candidate, embedding, crops.size()));
    }
    return Future.all(writes).mapEmpty();
  }

  /** A stored embedding: little-endian float32, as {@link #store} writes it. */
  private static float[] floats(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[bytes.length / 4];
    for (int i = 0; i < values.length; i++) {
      values[i] = buffer.getFloat();
    }
    return values;
  }

  private Future<Void> store(Candidate candidate, float[] embedding, int batch) {
    ByteBuffer bytes = ByteBuffer.allocate(embedding.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : embedding) {
      bytes.putFloat(v);
    }
    String key = "embeddings/" + modelId + "/" + candidate.content().sha256() + ".f32";
    return Blobs.putOnce(blobs, key, bytes.array(), "application/octet-stream").map(written -> {
      candidate.embeddingKey(key);
      candidate.details().put("model_id", modelId).put("dims", embedding.length).put("batch", batch)
          .put("blob", written ? "written" : "existing");
      return null;
    });
  }
}
