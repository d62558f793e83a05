package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks of a request at the edge, before the router sees it: a query string that does not
 * decode, a query parameter given twice, a header read once (Idempotency-Key, the admin secret)
 * sent twice. Each is a JSON 400 and never "the first one wins".
 */
final class EdgeChecks {

  /** Headers this API reads as one value: a second copy is refused, not ignored. */
  private static final List<String> SINGLE_HEADERS = List.of(SyncApi.IDEMPOTENCY_KEY_HEADER, AdminGuard.HEADER);

  private EdgeChecks() {
  }

  /** The 400 body for a request refused at the edge, encoded; empty when it may go on. */
  static Optional<String> refusal(HttpServerRequest request) {
    String query = request.query();
    if (query != null && !query.isEmpty()) {
      Set<String> names = new HashSet<>();
      for (String pair : query.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String name;
        try {
          name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
          if (equals >= 0) {
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
          }
        } catch (IllegalArgumentException e) {
          return body(ErrorCode.INVALID_QUERY, "the query string has an invalid %-escape");
        }
        if (!names.add(name)) {
          return body(ErrorCode.INVALID_QUERY, "query parameter " + printable(name) + " is given more than once");
        }
      }
    }
    for (String header : SINGLE_HEADERS) {
      if (request.headers().getAll(header).size() > 1) {
        ErrorCode code = header.equals(SyncApi.IDEMPOTENCY_KEY_HEADER) ? ErrorCode.INVALID_IDEMPOTENCY_KEY
            : ErrorCode.INVALID_HEADER;
        return body(code, "header " + header + " is sent more than once");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> body(ErrorCode code, String message) {
    return Optional.of(FacebankException.errorBody(code.code(), message).encode());
  }

  /** A parameter name as it may be quoted back: at most 64 visible ASCII characters. */
  private static String printable(String name) {
    String visible = name.chars().limit(64).map(c -> c >= 0x20 && c < 0x7f ? c : '?')
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return "'" + visible + "'";
  }
}
