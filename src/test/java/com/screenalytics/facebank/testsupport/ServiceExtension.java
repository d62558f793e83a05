package com.screenalytics.facebank.testsupport;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the {@link ServiceUnderTest} a test asks for and closes every one it started once the
 * test is over (after its {@code @AfterEach} methods, so a tear-down that closes and scans one
 * itself comes first). Each test starts with an empty {@link LogCapture}, so the log lines a test
 * scans are those of its own services, start-up included.
 *
 * <ul>
 *   <li>A {@code ServiceUnderTest} parameter (of the test, or of a {@code @BeforeEach} method: both
 *       get the same instance) is started with the test configuration plus the
 *       {@link ServiceConfig} entries of the class and the method.
 *   <li>A {@link Services} parameter starts instances whose configuration is known only at run
 *       time (a closed port, a policy built by the test); they are closed the same way.
 * </ul>
 */
public final class ServiceExtension implements BeforeEachCallback, ParameterResolver, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ServiceExtension.class);

  /** Starts services for one test; the extension closes them after it. */
  public static final class Services {
    private final List<ServiceUnderTest> started = new ArrayList<>();

    /** A service with the test configuration. */
    public ServiceUnderTest start() {
      return start(new JsonObject());
    }

    /** A service with some keys replaced (a null value removes a key). */
    public ServiceUnderTest start(JsonObject overrides) {
      ServiceUnderTest service = ServiceUnderTest.start(overrides);
      started.add(service);
      return service;
    }

    private void closeAll() {
      RuntimeException first = null;
      for (ServiceUnderTest service : started) {
        try {
          service.close();
        } catch (RuntimeException e) {
          first = first == null ? e : first;
        }
      }
      started.clear();
      if (first != null) {
        throw first;
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    LogCapture.clear();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ServiceUnderTest.class || type == Services.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Services services = services(context);
    if (parameter.getParameter().getType() == Services.class) {
      return services;
    }
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(ServiceUnderTest.class,
        key -> services.start(annotatedConfig(context)), ServiceUnderTest.class);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    services(context).closeAll();
  }

  private static Services services(ExtensionContext context) {
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(Services.class, key -> new Services(), Services.class);
  }

  /** The class's {@link ServiceConfig} entries, then the method's. */
  private static JsonObject annotatedConfig(ExtensionContext context) {
    JsonObject overrides = new JsonObject();
    List<AnnotatedElement> sources = new ArrayList<>();
    context.getTestClass().ifPresent(sources::add);
    context.getTestMethod().ifPresent(sources::add);
    for (AnnotatedElement source : sources) {
      for (ServiceConfig entry : AnnotationSupport.findRepeatableAnnotations(source, ServiceConfig.class)) {
        if (entry.unset()) {
          overrides.putNull(entry.key());
        } else if (!entry.json().isEmpty()) {
          overrides.put(entry.key(), Json.decodeValue(entry.json()));
        } else {
          overrides.put(entry.key(), entry.value());
        }
      }
    }
    return overrides;
  }
}
