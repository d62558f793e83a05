package com.screenalytics.facebank.plugin.test.jacksonclash;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.PackageVersion;
import com.screenalytics.facebank.stage.api.Candidate;
import com.screenalytics.facebank.stage.api.PersonRun;
import com.screenalytics.facebank.stage.api.PersonStage;
import io.vertx.core.Future;
import java.util.Map;

/**
 * Uses the Jackson it bundles (2.22, the service has 2.18): records which version it ran with
 * and a value its ObjectMapper wrote, in each candidate's details.
 */
public final class JacksonClashStage implements PersonStage {

  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public String name() {
    return "test-jackson-clash";
  }

  @Override
  public Future<Void> run(PersonRun person) {
    for (Candidate candidate : person.candidates()) {
      try {
        candidate.details()
            .put("jackson", PackageVersion.VERSION.toString())
            .put("written", mapper.writeValueAsString(Map.of("key", candidate.s3OriginalKey())));
      } catch (JsonProcessingException e) {
        return Future.failedFuture(e);
      }
    }
    return Future.succeededFuture();
  }
}
