package com.screenalytics.facebank.blob;

import com.screenalytics.facebank.stage.api.BlobStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The blob store on S3 or an S3-compatible store (BLOB_URL=s3://bucket/prefix, S3_ENDPOINT for a
 * compatible one, which is then addressed path-style), with the AWS SDK for Java v2. Credentials
 * and, unless S3_REGION says, the region come from the SDK's usual chain (environment, system
 * properties, profile, container or instance role). The SDK's synchronous client over the JDK's
 * HTTP connection runs on Vert.x's worker threads: it brings no second Netty beside Vert.x's.
 * A PUT is atomic in S3: a reader sees the whole object or none. Content types are kept as written.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {

  /** us-east-1 when neither S3_REGION nor the SDK's chain names one (compatible stores ignore it). */
  private static final Region FALLBACK_REGION = Region.US_EAST_1;

  private final Vertx vertx;
  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final String described;

  S3BlobStore(Vertx vertx, S3Client s3, String bucket, String prefix, String described) {
    this.vertx = vertx;
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.described = described;
  }

  /** The store of {@code blobUrl} (s3://bucket or s3://bucket/prefix). */
  public static S3BlobStore create(Vertx vertx, String blobUrl, Optional<String> endpoint, Optional<String> region,
                                   AwsCredentialsProvider credentials) {
    URI uri = URI.create(blobUrl);
    if (!"s3".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("BLOB_URL must be s3://bucket/prefix, not '" + blobUrl + "'");
    }
    String bucket = uri.getHost();
    String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
    String prefix = path.isEmpty() ? "" : path + "/";
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .credentialsProvider(credentials)
        // Checksums only where S3 requires them: many S3-compatible stores do not implement the
        // SDK's default trailing checksums (aws-chunked uploads), and refuse such a PUT.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    builder.region(region.map(Region::of).orElseGet(S3BlobStore::regionFromChain));
    endpoint.ifPresent(url -> builder.endpointOverride(URI.create(url)).forcePathStyle(true));
    String described = "s3://" + bucket + "/" + prefix + endpoint.map(url -> " at " + url).orElse("");
    return new S3BlobStore(vertx, builder.build(), bucket, prefix, described);
  }

  public static S3BlobStore create(Vertx vertx, String blobUrl, Optional<String> endpoint, Optional<String> region) {
    return create(vertx, blobUrl, endpoint, region, DefaultCredentialsProvider.builder().build());
  }

  private static Region regionFromChain() {
    try {
      return new software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain().getRegion();
    } catch (RuntimeException e) {
      return FALLBACK_REGION;
    }
  }

  private String objectKey(String key) {
    if (!BlobStore.validKey(key)) {
      throw new IllegalArgumentException("not a blob key: " + key);
    }
    return prefix + key;
  }

  @Override
  public Future<Void> put(String key, Buffer bytes, String contentType) {
    String object;
    try {
      object = objectKey(key);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> {
      s3.putObject(put -> put.bucket(bucket).key(object).contentType(contentType), RequestBody.fromBytes(bytes.getBytes()));
      return null;
    }, false);
  }

  @Override
  public Future<Boolean> exists(String key) {
    String object;
    try {
      object = objectKey(key);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> {
      try {
        s3.headObject(head -> head.bucket(bucket).key(object));
        return true;
      } catch (NoSuchKeyException e) {
        return false;
      } catch (S3Exception e) {
        if (e.statusCode() == 404) {
          return false;
        }
        throw e;
      }
    }, false);
  }

  @Override
  public Future<Optional<Blob>> get(String key) {
    String object;
    try {
      object = objectKey(key);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> {
      try {
        ResponseBytes<GetObjectResponse> found = s3.getObjectAsBytes(get -> get.bucket(bucket).key(object));
        String type = found.response().contentType();
        return Optional.of(new Blob(Buffer.buffer(found.asByteArrayUnsafe()),
            type == null ? "application/octet-stream" : type));
      } catch (NoSuchKeyException e) {
        return Optional.<Blob>empty();
      } catch (S3Exception e) {
        if (e.statusCode() == 404) {
          return Optional.<Blob>empty();
        }
        throw e;
      }
    }, false);
  }

  @Override
  public Future<Void> check() {
    String probe = prefix + ".probe/" + UUID.randomUUID();
    byte[] written = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
    return vertx.<Void>executeBlocking(() -> {
      s3.putObject(put -> put.bucket(bucket).key(probe).contentType("text/plain"), RequestBody.fromBytes(written));
      try {
        byte[] read = s3.getObjectAsBytes(get -> get.bucket(bucket).key(probe)).asByteArray();
        if (!java.util.Arrays.equals(read, written)) {
          throw new IllegalStateException("a probe written to " + described + " read back different");
        }
      } finally {
        s3.deleteObject(delete -> delete.bucket(bucket).key(probe));
      }
      return null;
    }, false).recover(e -> Future.<Void>failedFuture(new IllegalStateException(
        "the blob store " + described + " cannot be written: " + e.getMessage(), e)));
  }

  @Override
  public String describe() {
    return described;
  }

  @Override
  public void close() {
    s3.close();
  }
}
