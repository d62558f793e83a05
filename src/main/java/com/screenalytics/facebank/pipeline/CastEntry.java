package com.screenalytics.facebank.pipeline;

import java.util.UUID;

/** One person of the TRR cast as fetch-cast read it: core.people.id, full name, trimmed IMDb id or null. */
public record CastEntry(UUID trrPersonId, String fullName, String imdbId) {
}
