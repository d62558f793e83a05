package com.screenalytics.facebank.testsupport;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible server for the tests: s3proxy on its filesystem backend (a folder under
 * target/ per server, one sub-folder per bucket), on 127.0.0.1 and a free port, checking AWS
 * signatures against {@link #ACCESS_KEY} and {@link #SECRET_KEY}.
 */
public final class S3Server implements AutoCloseable {

  public static final String ACCESS_KEY = "test-access-key";
  public static final String SECRET_KEY = "test-secret-key-4471";

  private final S3Proxy proxy;
  private final BlobStoreContext context;
  private final Path dir;

  private S3Server(S3Proxy proxy, BlobStoreContext context, Path dir) {
    this.proxy = proxy;
    this.context = context;
    this.dir = dir;
  }

  /** Starts a server holding the (empty) {@code buckets}. */
  public static S3Server start(String... buckets) {
    try {
      Path dir = Path.of("target", "test-s3", UUID.randomUUID().toString()).toAbsolutePath();
      Files.createDirectories(dir);
      Properties properties = new Properties();
      properties.setProperty("jclouds.filesystem.basedir", dir.toString());
      BlobStoreContext context = ContextBuilder.newBuilder("filesystem").overrides(properties)
          .build(BlobStoreContext.class);
      for (String bucket : buckets) {
        context.getBlobStore().createContainerInLocation(null, bucket);
      }
      S3Proxy proxy = S3Proxy.builder()
          .blobStore(context.getBlobStore())
          .endpoint(URI.create("http://127.0.0.1:0"))
          .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
          .build();
      proxy.start(); // Jetty's start returns once the connector listens
      if (!"STARTED".equals(proxy.getState())) {
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      return new S3Server(proxy, context, dir);
    } catch (Exception e) {
      throw new IllegalStateException("starting s3proxy failed", e);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** Where an object is on the server's disk. */
  public Path file(String bucket, String objectKey) {
    return dir.resolve(bucket).resolve(objectKey);
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    context.close();
  }
}
