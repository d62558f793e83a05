package com.screenalytics.facebank.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One configuration key of the {@link ServiceUnderTest} that {@link ServiceExtension} hands a test,
 * on the test method or its class (the method's win). The value is a string, as an environment
 * variable would give it; {@code unset} removes a key the test configuration sets (no admin
 * secret, no TRR database, ...); {@code json} gives a JSON value (the {@code stages} object).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(ServiceConfig.List.class)
public @interface ServiceConfig {

  String key();

  String value() default "";

  String json() default "";

  boolean unset() default false;

  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.TYPE, ElementType.METHOD})
  @interface List {
    ServiceConfig[] value();
  }
}
