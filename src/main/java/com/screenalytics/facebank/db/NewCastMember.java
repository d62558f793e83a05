package com.screenalytics.facebank.db;

import java.util.List;

/** A cast member as an operator creates it through the API, already validated. */
public record NewCastMember(String name, String fullName, List<String> aliases, String imdbId, String role,
                            String status) {
}
