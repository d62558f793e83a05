package com.screenalytics.facebank.trr;

import java.util.UUID;

/** One person of a TRR show's cast: core.people.id, full_name, and the trimmed IMDb id or null. */
public record TrrPerson(UUID id, String fullName, String imdbId) {
}
