package com.screenalytics.facebank.db;

import java.util.List;
import java.util.UUID;

/**
 * One person's writes of a sync: who they are (person_id = trr_person_id, the TRR full name and
 * IMDb id), the cast member to link ({@code createMember} false) or to create under
 * {@code castId}, and the images to append with the run's details.
 */
public record PersonWrite(String showId, UUID personId, String fullName, String imdbId, UUID castId,
                          boolean createMember, String photoSource, UUID runId, List<NewFaceBankImage> images) {
}
