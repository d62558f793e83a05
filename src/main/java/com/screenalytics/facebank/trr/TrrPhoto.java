package com.screenalytics.facebank.trr;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A usable row of the photos API: the fields this service reads. Each may be absent (or null);
 * fields it does not read are ignored, whatever they hold.
 */
public record TrrPhoto(String servedUrl, UUID mediaAssetId, String sourceUrl, String kind, Integer width,
                       Integer height) {

  /** Why a row is skipped (the "reason" of people[].skipped_rows). */
  public static final String NOT_AN_OBJECT = "not_an_object";
  public static final String WRONG_FIELD_TYPE = "wrong_field_type";
  public static final String NO_SERVED_URL = "no_served_url";
  public static final String BAD_SERVED_URL = "bad_served_url";

  /** served_url longer than this is refused (the de-facto limit of browsers and CDNs). */
  public static final int MAX_URL_LENGTH = 2048;
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  /** How much of a refused URL a skip reason quotes. */
  private static final int QUOTED_URL_LENGTH = 100;

  /**
   * One element of an answer: a usable photo, or why it is skipped ({@code reason} is one of
   * {@link #NOT_AN_OBJECT}, {@link #WRONG_FIELD_TYPE}, {@link #NO_SERVED_URL}, {@link #BAD_SERVED_URL};
   * {@code detail} says which field or what is wrong with the URL).
   */
  public record Row(int index, TrrPhoto photo, String reason, String detail) {

    static Row usable(int index, TrrPhoto photo) {
      return new Row(index, photo, null, null);
    }

    static Row skipped(int index, String reason, String detail) {
      return new Row(index, null, reason, detail);
    }

    public boolean usable() {
      return photo != null;
    }
  }

  /**
   * Reads element {@code index} of an answer. A field this service reads that holds the wrong
   * type (a number for a URL, a fraction for a width, a media_asset_id that is no UUID) skips the
   * row: a row that is wrong in one field is not trusted in the others.
   */
  public static Row parse(int index, Object element) {
    if (!(element instanceof JsonObject row)) {
      return Row.skipped(index, NOT_AN_OBJECT, element == null ? "null" : "a JSON " + jsonType(element));
    }
    for (String field : new String[] {"served_url", "source_url", "kind"}) {
      if (!(row.getValue(field) == null || row.getValue(field) instanceof String)) {
        return Row.skipped(index, WRONG_FIELD_TYPE, field + " is not a string");
      }
    }
    for (String field : new String[] {"width", "height"}) {
      if (!(row.getValue(field) == null || count(row.getValue(field)) != null)) {
        return Row.skipped(index, WRONG_FIELD_TYPE, field + " is not a whole number of 0 or more");
      }
    }
    if (!(row.getValue("media_asset_id") == null || uuid(row.getValue("media_asset_id")) != null)) {
      return Row.skipped(index, WRONG_FIELD_TYPE, "media_asset_id is not a UUID");
    }
    String servedUrl = row.getString("served_url");
    if (servedUrl == null || servedUrl.isBlank()) {
      return Row.skipped(index, NO_SERVED_URL, "served_url is " + (servedUrl == null ? "null or absent" : "blank"));
    }
    servedUrl = servedUrl.trim();
    String problem = urlProblem(servedUrl);
    if (problem != null) {
      return Row.skipped(index, BAD_SERVED_URL, problem + ": " + quote(servedUrl));
    }
    return Row.usable(index, new TrrPhoto(servedUrl, uuid(row.getValue("media_asset_id")), row.getString("source_url"),
        row.getString("kind"), count(row.getValue("width")), count(row.getValue("height"))));
  }

  /** Why a served_url is not an absolute http(s) URL, or null when it is one. */
  static String urlProblem(String url) {
    if (url.length() > MAX_URL_LENGTH) {
      return "longer than " + MAX_URL_LENGTH + " characters";
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "not a valid URL";
    }
    if (uri.getScheme() == null) {
      return "not an absolute URL";
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "not an http or https URL";
    }
    if (uri.getRawAuthority() == null || uri.getRawAuthority().isBlank()) {
      return "no host";
    }
    return null;
  }

  private static String quote(String url) {
    return url.length() <= QUOTED_URL_LENGTH ? url : url.substring(0, QUOTED_URL_LENGTH) + "…";
  }

  private static Integer count(Object value) {
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && n.doubleValue() >= 0 && n.doubleValue() <= Integer.MAX_VALUE) {
      return n.intValue();
    }
    return null;
  }

  /** Only the canonical 8-4-4-4-12 form: UUID.fromString alone would take "1-1-1-1-1". */
  private static UUID uuid(Object value) {
    return value instanceof String s && UUID_TEXT.matcher(s.trim()).matches() ? UUID.fromString(s.trim()) : null;
  }

  private static String jsonType(Object value) {
    return value instanceof String ? "string" : value instanceof Number ? "number"
        : value instanceof Boolean ? "boolean" : "array";
  }
}
