package com.screenalytics.facebank.fetch;

import com.screenalytics.facebank.stage.api.Fetch;
import com.screenalytics.facebank.stage.api.FetchException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The stage API's fetch port: GETs a URL under the {@link FetchPolicy}. Before each hop (the URL,
 * then every redirect) the host is resolved once and every address it resolves to is checked by
 * {@link AddressRules}; the connection then goes to that very address (the Host header and TLS
 * name stay the URL's), so a second DNS answer cannot point the request elsewhere. Redirects are
 * followed here, at most {@link FetchPolicy#maxRedirects()}, never by the HTTP client. The body is
 * read as a stream and abandoned past the size cap; the whole fetch, redirects included, ends
 * within the timeout; at most {@code maxInFlight} fetches of the process are open at once, the
 * others queue in arrival order.
 */
public final class OutboundFetch implements Fetch {

  private final Vertx vertx;
  private final FetchPolicy policy;
  private final HttpClientAgent client;
  private final Deque<Runnable> waiting = new ArrayDeque<>();
  private int inFlight;

  public OutboundFetch(Vertx vertx, FetchPolicy policy) {
    this.vertx = vertx;
    this.policy = policy;
    this.client = vertx.createHttpClient(new HttpClientOptions()
            .setKeepAlive(true)
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, policy.timeoutMs()))
            .setForceSni(true)
            .setMaxRedirects(0),
        new PoolOptions().setHttp1MaxSize(policy.maxInFlight()));
  }

  public FetchPolicy policy() {
    return policy;
  }

  @Override
  public Future<Fetched> fetch(String url) {
    Context context = vertx.getOrCreateContext();
    Promise<Fetched> result = Promise.promise();
    AtomicReference<HttpClientRequest> open = new AtomicReference<>();
    acquire(context).onComplete(granted -> {
      long timer = vertx.setTimer(policy.timeoutMs(), id -> {
        if (result.tryFail(new FetchException(FetchException.FETCH_FAILED,
            "no whole answer within " + policy.timeoutMs() + " ms (FETCH_TIMEOUT_MS)"))) {
          abort(open.get());
        }
      });
      hop(context, url, 0, result, open);
      result.future().onComplete(done -> {
        vertx.cancelTimer(timer);
        release();
      });
    });
    // Completed on whatever thread finished it; handed back on the caller's context.
    Promise<Fetched> answer = Promise.promise();
    result.future().onComplete(done -> context.runOnContext(ignored -> answer.handle(done)));
    return answer.future();
  }

  private void hop(Context context, String url, int redirects, Promise<Fetched> result,
                   AtomicReference<HttpClientRequest> open) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      result.tryFail(new FetchException(FetchException.FETCH_FAILED, "not a valid URL"));
      return;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      result.tryFail(new FetchException(FetchException.BLOCKED_HOST,
          "only http and https URLs are fetched, not '" + scheme + "'"));
      return;
    }
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      result.tryFail(new FetchException(FetchException.FETCH_FAILED, "the URL has no host"));
      return;
    }
    String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    boolean https = scheme.equals("https");
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    resolve(context, bareHost).onComplete(resolved -> {
      if (result.future().isComplete()) {
        return;
      }
      if (resolved.failed()) {
        result.tryFail(resolved.cause() instanceof FetchException known ? known
            : new FetchException(FetchException.FETCH_FAILED, "host " + bareHost + " could not be resolved"));
        return;
      }
      send(context, uri, bareHost, port, https, resolved.result(), redirects, result, open);
    });
  }

  /** The address to connect to: every address of the host must pass the rules (or the host be allowed by name). */
  private Future<InetAddress> resolve(Context context, String host) {
    InetAddress literal = AddressRules.literal(host);
    Future<InetAddress[]> addresses = literal != null ? Future.succeededFuture(new InetAddress[] {literal})
        : context.executeBlocking(() -> {
          try {
            return InetAddress.getAllByName(host);
          } catch (UnknownHostException e) {
            throw new FetchException(FetchException.FETCH_FAILED, "host " + host + " could not be resolved");
          }
        }, false);
    return addresses.compose(all -> {
      if (!policy.addresses().hostAllowed(host)) {
        for (InetAddress address : all) {
          String refusal = policy.addresses().refusal(address);
          if (refusal != null) {
            return Future.failedFuture(new FetchException(FetchException.BLOCKED_HOST, "host " + host
                + " is a " + refusal + " address (" + address.getHostAddress() + "), refused unless in FETCH_ALLOW_HOSTS"));
          }
        }
      }
      return Future.succeededFuture(all[0]);
    });
  }

  private void send(Context context, URI uri, String host, int port, boolean https, InetAddress address,
                    int redirects, Promise<Fetched> result, AtomicReference<HttpClientRequest> open) {
    String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
        .setHost(host)
        .setPort(port)
        .setSsl(https)
        .setURI(path)
        .setFollowRedirects(false)
        .putHeader(HttpHeaders.ACCEPT, "image/*")
        .putHeader(HttpHeaders.USER_AGENT, "facebank-sync");
    client.request(options)
        .compose(request -> {
          open.set(request);
          if (result.future().isComplete()) {
            abort(request);
          }
          return request.send();
        })
        .onSuccess(response -> answer(context, uri, response, redirects, result, open))
        .onFailure(e -> result.tryFail(new FetchException(FetchException.FETCH_FAILED,
            "could not fetch from " + host + ": " + e.getMessage())));
  }

  private void answer(Context context, URI uri, HttpClientResponse response, int redirects, Promise<Fetched> result,
                      AtomicReference<HttpClientRequest> open) {
    response.exceptionHandler(e -> result.tryFail(new FetchException(FetchException.FETCH_FAILED,
        "the answer from " + uri.getHost() + " broke off: " + e.getMessage())));
    int status = response.statusCode();
    String location = response.getHeader(HttpHeaders.LOCATION);
    if (status >= 300 && status < 400 && location != null && status != 304) {
      response.exceptionHandler(ignored -> { }); // the reset below is ours: the next hop goes on
      abort(open.get());
      if (redirects >= policy.maxRedirects()) {
        result.tryFail(new FetchException(FetchException.FETCH_FAILED,
            "more than " + policy.maxRedirects() + " redirects"));
        return;
      }
      String next;
      try {
        next = uri.resolve(new URI(location.trim())).toString();
      } catch (URISyntaxException | IllegalArgumentException e) {
        result.tryFail(new FetchException(FetchException.FETCH_FAILED, "a redirect to an invalid URL"));
        return;
      }
      hop(context, next, redirects + 1, result, open);
      return;
    }
    if (status < 200 || status > 299) {
      result.tryFail(new FetchException(FetchException.FETCH_FAILED, "HTTP " + status + " from " + uri.getHost()));
      abort(open.get());
      return;
    }
    long cap = policy.maxBytes();
    String tooLarge = "larger than " + cap + " bytes (FETCH_MAX_BYTES)";
    if (declaredLength(response) > cap) {
      result.tryFail(new FetchException(FetchException.TOO_LARGE, tooLarge));
      abort(open.get());
      return;
    }
    Buffer body = Buffer.buffer();
    response.handler(chunk -> {
      if (result.future().isComplete()) {
        return;
      }
      if (body.length() + chunk.length() > cap) {
        result.tryFail(new FetchException(FetchException.TOO_LARGE, tooLarge));
        abort(open.get());
        return;
      }
      body.appendBuffer(chunk);
    });
    String contentType = response.getHeader(HttpHeaders.CONTENT_TYPE);
    response.endHandler(ignored -> result.tryComplete(new Fetched(body, uri.toString(), contentType)));
  }

  private static long declaredLength(HttpClientResponse response) {
    try {
      String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
      return length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void abort(HttpClientRequest request) {
    if (request != null) {
      request.reset();
    }
  }

  /**
   * A slot among the fetches in flight; granted on the caller's context, so the request is made
   * there. A fetch begun off it (a test's own thread) would otherwise make its request from that
   * thread, and Vert.x then hands the answer over as a task on the context, by which time a
   * small answer can have ended: its handlers could no longer be set (seen in CI).
   */
  private Future<Void> acquire(Context context) {
    Promise<Void> turn = Promise.promise();
    synchronized (this) {
      if (inFlight < policy.maxInFlight()) {
        inFlight++;
      } else {
        waiting.addLast(() -> context.runOnContext(ignored -> turn.complete()));
        return turn.future();
      }
    }
    if (Vertx.currentContext() == context) {
      turn.complete();
    } else {
      context.runOnContext(ignored -> turn.complete());
    }
    return turn.future();
  }

  /** The slot passes straight to the longest waiter, if any. */
  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.pollFirst();
      if (next == null) {
        inFlight--;
        return;
      }
    }
    next.run();
  }

  public Future<Void> close() {
    return client.close();
  }
}
