package com.screenalytics.facebank.config;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key of the service, with its default, read from one merged JSON object
 * (conf/config.json, then environment variables, then -D system properties; see {@link ConfigLoader}).
 * Values from the environment arrive as strings, so numbers and booleans are parsed here.
 * {@link #toString()} never prints a secret.
 */
public final class AppConfig {

  public static final String HTTP_PORT = "HTTP_PORT";
  public static final String HTTP_HOST = "HTTP_HOST";
  public static final String DB_URL = "DB_URL";
  public static final String DATA_DIR = "DATA_DIR";
  public static final String DB_POOL_SIZE = "DB_POOL_SIZE";
  public static final String DB_CONNECT_TIMEOUT_MS = "DB_CONNECT_TIMEOUT_MS";
  public static final String TRR_DB_URL = "TRR_DB_URL";
  public static final String TRR_DB_POOL_SIZE = "TRR_DB_POOL_SIZE";
  public static final String TRR_STATEMENT_TIMEOUT_MS = "TRR_STATEMENT_TIMEOUT_MS";
  public static final String TRR_API_URL = "TRR_API_URL";
  public static final String SERVICE_TOKEN = "SCREENALYTICS_SERVICE_TOKEN";
  public static final String PHOTOS_TIMEOUT_MS = "PHOTOS_TIMEOUT_MS";
  public static final String PHOTOS_MAX_ATTEMPTS = "PHOTOS_MAX_ATTEMPTS";
  public static final String PHOTOS_BACKOFF_MS = "PHOTOS_BACKOFF_MS";
  public static final String PHOTOS_RETRY_AFTER_CAP_MS = "PHOTOS_RETRY_AFTER_CAP_MS";
  public static final String PHOTOS_PERSON_DEADLINE_MS = "PHOTOS_PERSON_DEADLINE_MS";
  public static final String PHOTOS_MAX_IN_FLIGHT = "PHOTOS_MAX_IN_FLIGHT";
  public static final String PHOTOS_RATE_LIMIT_PER_SEC = "PHOTOS_RATE_LIMIT_PER_SEC";
  public static final String PHOTOS_MAX_RESPONSE_BYTES = "PHOTOS_MAX_RESPONSE_BYTES";
  public static final String PHOTOS_MAX_PAGES = "PHOTOS_MAX_PAGES";
  public static final String HTTP_IDLE_TIMEOUT_S = "HTTP_IDLE_TIMEOUT_S";
  public static final String HTTP_HEADER_TIMEOUT_S = "HTTP_HEADER_TIMEOUT_S";
  public static final String HTTP_BODY_TIMEOUT_S = "HTTP_BODY_TIMEOUT_S";
  public static final String HTTP_MAX_CONNECTIONS = "HTTP_MAX_CONNECTIONS";
  public static final String DB_RETRY_BACKOFF_MS = "DB_RETRY_BACKOFF_MS";
  public static final String DB_RETRY_MAX_BACKOFF_MS = "DB_RETRY_MAX_BACKOFF_MS";
  public static final String ADMIN_SECRET = "SCREENALYTICS_ADMIN_SECRET";
  public static final String SYNC_PERSON_CONCURRENCY = "SYNC_PERSON_CONCURRENCY";
  public static final String SYNC_TIMEOUT_MS = "SYNC_TIMEOUT_MS";
  public static final String RUN_CHECKPOINT_MS = "RUN_CHECKPOINT_MS";
  public static final String STAGES_DIR = "STAGES_DIR";
  public static final String PLUGINS_DIR = "PLUGINS_DIR";
  public static final String MODEL_DIR = "MODEL_DIR";
  public static final String CONSOLE_SESSION_IDLE_MIN = "CONSOLE_SESSION_IDLE_MIN";
  public static final String CONSOLE_PUBLIC_URL = "CONSOLE_PUBLIC_URL";
  public static final String CONSOLE_IMAGE_HOSTS = "CONSOLE_IMAGE_HOSTS";
  public static final String BLOB_DIR = "BLOB_DIR";
  public static final String BLOB_URL = "BLOB_URL";
  public static final String S3_ENDPOINT = "S3_ENDPOINT";
  public static final String S3_REGION = "S3_REGION";
  public static final String FETCH_ALLOW_HOSTS = "FETCH_ALLOW_HOSTS";
  public static final String FETCH_TIMEOUT_MS = "FETCH_TIMEOUT_MS";
  public static final String FETCH_MAX_BYTES = "FETCH_MAX_BYTES";
  public static final String FETCH_MAX_IN_FLIGHT = "FETCH_MAX_IN_FLIGHT";
  public static final String COMPUTE_THREADS = "COMPUTE_THREADS";
  public static final String CLUSTER_ENABLED = "CLUSTER_ENABLED";
  public static final String CLUSTER_NAME = "CLUSTER_NAME";
  public static final String CLUSTER_HOST = "CLUSTER_HOST";
  public static final String CLUSTER_PORT = "CLUSTER_PORT";
  public static final String CLUSTER_MEMBERS = "CLUSTER_MEMBERS";
  public static final String CLUSTER_RUN_ORPHAN_S = "CLUSTER_RUN_ORPHAN_S";
  public static final String SYNC_SHOWS_CONCURRENCY = "SYNC_SHOWS_CONCURRENCY";
  /** Nested object: stages.&lt;name&gt;.enabled / stages.&lt;name&gt;.options. */
  public static final String STAGES = "stages";
  /** Prefix of the per-stage toggles: STAGE_&lt;NAME&gt;_ENABLED. */
  public static final String STAGE_TOGGLE_PREFIX = "STAGE_";

  private final JsonObject raw;

  public AppConfig(JsonObject raw) {
    this.raw = raw.copy();
  }

  public int httpPort() {
    return intValue(HTTP_PORT, 8080);
  }

  public String httpHost() {
    return string(HTTP_HOST).orElse("0.0.0.0");
  }

  /** The SCREENALYTICS database; empty → the embedded PostgreSQL under {@link #dataDir()}. */
  public Optional<String> dbUrl() {
    return string(DB_URL);
  }

  public Path dataDir() {
    return Path.of(string(DATA_DIR).orElse("./data"));
  }

  public int dbPoolSize() {
    return intValue(DB_POOL_SIZE, 16);
  }

  /** How long a connection to our database may take to open and log in; start-up gives up after it. */
  public int dbConnectTimeoutMs() {
    return Math.max(1, intValue(DB_CONNECT_TIMEOUT_MS, 10_000));
  }

  public Optional<String> trrDbUrl() {
    return string(TRR_DB_URL);
  }

  public int trrDbPoolSize() {
    return intValue(TRR_DB_POOL_SIZE, 4);
  }

  public int trrStatementTimeoutMs() {
    return intValue(TRR_STATEMENT_TIMEOUT_MS, 15_000);
  }

  public Optional<String> trrApiUrl() {
    return string(TRR_API_URL).map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
  }

  public Optional<String> serviceToken() {
    return string(SERVICE_TOKEN);
  }

  /** One photos API request, from connecting to the last byte of the answer. */
  public int photosTimeoutMs() {
    return Math.max(1, intValue(PHOTOS_TIMEOUT_MS, 10_000));
  }

  /** Attempts per photos call, the first included; 1 turns retries off. */
  public int photosMaxAttempts() {
    return Math.max(1, intValue(PHOTOS_MAX_ATTEMPTS, 3));
  }

  /** Base of the exponential backoff between attempts (doubled each retry, with jitter). */
  public int photosBackoffMs() {
    return Math.max(0, intValue(PHOTOS_BACKOFF_MS, 250));
  }

  /** The longest Retry-After this service waits; a longer one is shortened to this. */
  public int photosRetryAfterCapMs() {
    return Math.max(0, intValue(PHOTOS_RETRY_AFTER_CAP_MS, 5_000));
  }

  /** All photos calls of one person (seed, fallback, retries, waits) end within this. */
  public int photosPersonDeadlineMs() {
    return Math.max(1, intValue(PHOTOS_PERSON_DEADLINE_MS, 30_000));
  }

  /** Requests to the photos API in flight at once, over every sync of this process. */
  public int photosMaxInFlight() {
    return Math.max(1, intValue(PHOTOS_MAX_IN_FLIGHT, 8));
  }

  /** Requests per second started against the photos API; 0 = no rate limit. */
  public int photosRateLimitPerSec() {
    return Math.max(0, intValue(PHOTOS_RATE_LIMIT_PER_SEC, 0));
  }

  /** A photos answer larger than this fails the call (5 MiB by default). */
  public int photosMaxResponseBytes() {
    return Math.max(1, intValue(PHOTOS_MAX_RESPONSE_BYTES, 5 * 1024 * 1024));
  }

  /** Pages of one photos call read at most to fill max_images_per_person usable photos. */
  public int photosMaxPages() {
    return intIn(PHOTOS_MAX_PAGES, 4, 1, 100);
  }

  // ---- the HTTP edge (issue 10) --------------------------------------------------------------

  /** A connection with no request in progress is closed after this many seconds. */
  public int httpIdleTimeoutS() {
    return intIn(HTTP_IDLE_TIMEOUT_S, 60, 1, 86_400);
  }

  /** A request's headers (a fresh connection's first bytes included) must arrive within this. */
  public int httpHeaderTimeoutS() {
    return intIn(HTTP_HEADER_TIMEOUT_S, 10, 1, 3_600);
  }

  /** A request body may pause at most this long between two chunks. */
  public int httpBodyTimeoutS() {
    return intIn(HTTP_BODY_TIMEOUT_S, 30, 1, 3_600);
  }

  /** Connections open at once; at the cap the oldest idle one makes room for a new one. */
  public int httpMaxConnections() {
    return intIn(HTTP_MAX_CONNECTIONS, 2_000, 1, 1_000_000);
  }

  // ---- our database failing while serving (issue 10) -----------------------------------------

  /** First wait before writing a run's final record again after our database failed (doubles). */
  public int dbRetryBackoffMs() {
    return intIn(DB_RETRY_BACKOFF_MS, 250, 1, 60_000);
  }

  /** The longest wait between two attempts at writing a run's final record. */
  public int dbRetryMaxBackoffMs() {
    return intIn(DB_RETRY_MAX_BACKOFF_MS, 5_000, 1, 600_000);
  }

  /**
   * Reads the keys whose values are checked against a range, so a bad value stops start-up with
   * a message naming the key rather than the first request that needs it.
   */
  public void validate() {
    httpPort();
    syncPersonConcurrency();
    photosMaxPages();
    httpIdleTimeoutS();
    httpHeaderTimeoutS();
    httpBodyTimeoutS();
    httpMaxConnections();
    dbRetryBackoffMs();
    fetchTimeoutMs();
    fetchMaxBytes();
    fetchMaxInFlight();
    computeThreads();
    clusterEnabled();
    clusterPort();
    clusterMembers();
    clusterRunOrphanS();
    syncShowsConcurrency();
    if (dbRetryMaxBackoffMs() < dbRetryBackoffMs()) {
      throw new IllegalArgumentException(DB_RETRY_MAX_BACKOFF_MS + " must be at least " + DB_RETRY_BACKOFF_MS);
    }
  }

  public Optional<String> adminSecret() {
    return string(ADMIN_SECRET);
  }

  public int syncPersonConcurrency() {
    return Math.max(1, intValue(SYNC_PERSON_CONCURRENCY, 16));
  }

  public long syncTimeoutMs() {
    return intValue(SYNC_TIMEOUT_MS, 3_600_000);
  }

  /**
   * How often a running run saves its new events and looks for a cancel request from another
   * process; also how often an events stream polls a run that another process is running.
   */
  public long runCheckpointMs() {
    return Math.max(10, intValue(RUN_CHECKPOINT_MS, 1_000));
  }

  /** A console session ends after this many minutes without a request. */
  public int consoleSessionIdleMinutes() {
    return Math.max(1, intValue(CONSOLE_SESSION_IDLE_MIN, 30));
  }

  /**
   * Where operators reach the console (e.g. https://facebank.example), without a trailing slash:
   * the base of sign-in links, and https here makes the session cookie Secure. Empty: links are
   * built from the request's Host (or HTTP_HOST:HTTP_PORT for the CLI) and cookies are not Secure.
   */
  public Optional<String> consolePublicUrl() {
    return string(CONSOLE_PUBLIC_URL).map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
  }

  /**
   * The origins the console may show photos from (the CSP's img-src), separated by spaces or
   * commas; unset: the origin of TRR_API_URL, where TRR serves the photos it hands out.
   */
  public List<String> consoleImageHosts() {
    Optional<String> hosts = string(CONSOLE_IMAGE_HOSTS);
    if (hosts.isPresent()) {
      return Arrays.stream(hosts.get().split("[\\s,]+")).filter(host -> !host.isBlank()).toList();
    }
    return trrApiUrl().map(URI::create).filter(uri -> uri.getScheme() != null && uri.getRawAuthority() != null)
        .map(uri -> uri.getScheme() + "://" + uri.getRawAuthority()).stream().toList();
  }

  /** The filesystem blob store's directory (when BLOB_URL is unset). */
  public Path blobDir() {
    return string(BLOB_DIR).map(Path::of).orElseGet(() -> dataDir().resolve("blobs"));
  }

  /** s3://bucket/prefix: blobs go to S3 (or a compatible store at S3_ENDPOINT); unset: BLOB_DIR. */
  public Optional<String> blobUrl() {
    return string(BLOB_URL);
  }

  /** The endpoint of an S3-compatible store (e.g. http://127.0.0.1:9000); unset: AWS's own. */
  public Optional<String> s3Endpoint() {
    return string(S3_ENDPOINT);
  }

  /** The S3 region; unset: the AWS SDK's chain (AWS_REGION, profile), else us-east-1. */
  public Optional<String> s3Region() {
    return string(S3_REGION);
  }

  /** Hosts, addresses and CIDRs the outbound fetch may reach although private or loopback. */
  public String fetchAllowHosts() {
    return string(FETCH_ALLOW_HOSTS).orElse("");
  }

  /** One outbound fetch, redirects included, from the request to the last byte. */
  public int fetchTimeoutMs() {
    return intIn(FETCH_TIMEOUT_MS, 15_000, 1, 3_600_000);
  }

  /** The largest body an outbound fetch reads (20 MiB by default). */
  public long fetchMaxBytes() {
    long value = longValue(FETCH_MAX_BYTES, 20L * 1024 * 1024);
    if (value < 1) {
      throw new IllegalArgumentException(FETCH_MAX_BYTES + " must be at least 1, not " + value);
    }
    return value;
  }

  /** Outbound fetches open at once, across every sync of the process. */
  public int fetchMaxInFlight() {
    return intIn(FETCH_MAX_IN_FLIGHT, 16, 1, 10_000);
  }

  /** Threads of the stages' compute pool (decoding, hashing); default: the machine's cores. */
  public int computeThreads() {
    return intIn(COMPUTE_THREADS, Runtime.getRuntime().availableProcessors(), 1, 1_024);
  }

  // ---- many nodes, one service (issue 15) ------------------------------------------------------

  /** Joins a Hazelcast cluster (clustered event bus, shared limits); off: one process alone, as before. */
  public boolean clusterEnabled() {
    return string(CLUSTER_ENABLED).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(CLUSTER_ENABLED + " must be true or false, not '" + value + "'");
    }).orElse(false);
  }

  /** Only members with the same name form a cluster. */
  public String clusterName() {
    return string(CLUSTER_NAME).orElse("facebank-sync");
  }

  /** The interface Hazelcast and the clustered event bus bind and announce. */
  public String clusterHost() {
    return string(CLUSTER_HOST).orElse("127.0.0.1");
  }

  /** Hazelcast's member port (no auto-increment: the node is named CLUSTER_HOST:CLUSTER_PORT). */
  public int clusterPort() {
    return intIn(CLUSTER_PORT, 5701, 1, 65_535);
  }

  /** The members to join, each host or host:port (TCP-IP join; multicast and auto-detection are off). */
  public List<String> clusterMembers() {
    List<String> members = Arrays.stream(string(CLUSTER_MEMBERS).orElse("").split("[\\s,]+"))
        .filter(member -> !member.isBlank()).toList();
    for (String member : members) {
      if (!member.matches("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?")) {
        throw new IllegalArgumentException(CLUSTER_MEMBERS + " takes host or host:port entries, not '" + member + "'");
      }
    }
    return members;
  }

  /** Within this many seconds of a node leaving the cluster, a survivor marks its runs interrupted. */
  public int clusterRunOrphanS() {
    return intIn(CLUSTER_RUN_ORPHAN_S, 30, 2, 3_600);
  }

  /** Shows of a batch one node syncs at once. */
  public int syncShowsConcurrency() {
    return intIn(SYNC_SHOWS_CONCURRENCY, 2, 1, 64);
  }

  public Path stagesDir() {
    return Path.of(string(STAGES_DIR).orElse("stages"));
  }

  /** Where the stage plugins are: each a jar, or a folder of jars; relative to the working directory. */
  public Path pluginsDir() {
    return Path.of(string(PLUGINS_DIR).orElse("plugins"));
  }

  /**
   * Where the stages' models are (the face detector under blazeface/, an embedding model an
   * operator adds); relative to the working directory. Read at start-up, never downloaded.
   */
  public Path modelDir() {
    return Path.of(string(MODEL_DIR).orElse("models"));
  }

  /** conf/config.json's stages.&lt;name&gt; object, or empty. */
  public JsonObject stageOverride(String stageName) {
    JsonObject stages = raw.getJsonObject(STAGES, new JsonObject());
    return stages.getJsonObject(stageName, new JsonObject());
  }

  /** STAGE_&lt;NAME&gt;_ENABLED, name upper-cased with '-' → '_'. */
  public Optional<Boolean> stageToggle(String stageName) {
    String key = STAGE_TOGGLE_PREFIX + stageName.toUpperCase(Locale.ROOT).replace('-', '_') + "_ENABLED";
    return string(key).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(key + " must be true or false, not '" + value + "'");
    });
  }

  public JsonObject raw() {
    return raw.copy();
  }

  /** A copy with some keys replaced; handy for tests and sub-commands. */
  public AppConfig with(JsonObject overrides) {
    return new AppConfig(raw.copy().mergeIn(overrides, true));
  }

  private Optional<String> string(String key) {
    Object value = raw.getValue(key);
    if (value == null) {
      return Optional.empty();
    }
    String text = value.toString().trim();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  private int intValue(String key, int fallback) {
    return string(key).map(text -> {
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be an integer, not '" + text + "'");
      }
    }).orElse(fallback);
  }

  /** An integer from {@code min} to {@code max}; anything else names the key and the range. */
  private int intIn(String key, int fallback, int min, int max) {
    int value = intValue(key, fallback);
    if (value < min || value > max) {
      throw new IllegalArgumentException(key + " must be from " + min + " to " + max + ", not " + value);
    }
    return value;
  }

  private long longValue(String key, long fallback) {
    return string(key).map(text -> {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be an integer, not '" + text + "'");
      }
    }).orElse(fallback);
  }

  @Override
  public String toString() {
    return "AppConfig{http=" + httpHost() + ":" + httpPort()
        + ", db=" + dbUrl().map(Redaction::url).orElse("embedded at " + dataDir())
        + ", trrDb=" + trrDbUrl().map(Redaction::url).orElse("not configured")
        + ", trrApi=" + trrApiUrl().map(Redaction::url).orElse("not configured")
        + ", serviceToken=" + (serviceToken().isPresent() ? "set" : "unset")
        + ", adminSecret=" + (adminSecret().isPresent() ? "set" : "unset")
        + ", personConcurrency=" + syncPersonConcurrency() + "}";
  }
}
