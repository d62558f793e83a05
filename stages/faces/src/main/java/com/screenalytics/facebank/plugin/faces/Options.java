package com.screenalytics.facebank.plugin.faces;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Reading a stage's options, each checked: a bad value stops start-up, naming the stage and option. */
final class Options {

  private final String stage;
  private final JsonObject options;

  Options(String stage, JsonObject options) {
    this.stage = stage;
    this.options = options;
  }

  private IllegalArgumentException bad(String name, String expected, Object value) {
    return new IllegalArgumentException("stages." + stage + ".options." + name + " must be " + expected + ", not "
        + value);
  }

  int integer(String name, int fallback, int min, int max) {
    Object value = options.getValue(name, fallback);
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
        || number.longValue() < min || number.longValue() > max) {
      throw bad(name, "an integer " + min + "–" + max, value);
    }
    return number.intValue();
  }

  double number(String name, double fallback, double min, double max) {
    Object value = options.getValue(name, fallback);
    if (!(value instanceof Number number) || !(number.doubleValue() >= min && number.doubleValue() <= max)) {
      throw bad(name, "a number " + min + "–" + max, value);
    }
    return number.doubleValue();
  }

  String string(String name, String fallback) {
    Object value = options.getValue(name, fallback);
    if (!(value instanceof String text) || text.isBlank()) {
      throw bad(name, "a non-empty string", value);
    }
    return text;
  }

  /** A string that may be absent (null). */
  String optional(String name) {
    Object value = options.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw bad(name, "a non-empty string", value);
    }
    return text;
  }

  String oneOf(String name, String fallback, Set<String> allowed) {
    String value = string(name, fallback);
    if (!allowed.contains(value)) {
      throw bad(name, "one of " + allowed, value);
    }
    return value;
  }

  double[] numbers(String name, double[] fallback, int count) {
    Object value = options.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof JsonArray array) || array.size() != count) {
      throw bad(name, "an array of " + count + " numbers", value);
    }
    double[] numbers = new double[count];
    for (int i = 0; i < count; i++) {
      if (!(array.getValue(i) instanceof Number number)) {
        throw bad(name, "an array of " + count + " numbers", value);
      }
      numbers[i] = number.doubleValue();
    }
    return numbers;
  }
}
