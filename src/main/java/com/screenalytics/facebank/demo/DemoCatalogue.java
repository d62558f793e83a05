package com.screenalytics.facebank.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The demo's TRR catalogue: three fictional shows and their people, credits and gallery photos,
 * plus the local cast members that exist before the first sync (so that one TRR person matches
 * by IMDb id, one by alias, one by name). Every row has a fixed id derived from its content, so
 * installing it again changes nothing.
 *
 * <p>A person's photos are written as a pattern, one letter per photo in position order:
 * {@code S} a facebank seed, {@code g} a gallery photo that is not a seed, and upper-case
 * {@code P} / lower-case {@code p} the primary photo (seed / not a seed).
 */
final class DemoCatalogue {

  record Person(String name, String imdbId, String photos) {

    UUID id() {
      return DemoCatalogue.id("person", name);
    }
  }

  record Credit(Person person, String category, String role, String sourceType) {
  }

  /**
   * A photo whose file is another photo's of the same person (its position {@code of}): the same
   * bytes under another URL when {@code width} is null (a re-host), else that picture resized to
   * {@code width} x {@code height} and recompressed as a JPEG. With the mirror stage on, the first
   * is its {@code same_content} duplicate, the second its {@code near_duplicate}.
   */
  record Copy(int of, Integer width, Integer height) {

    boolean resized() {
      return width != null;
    }
  }

  record LocalMember(String name, List<String> aliases, String imdbId, String role, String status) {

    JsonObject toJson() {
      return new JsonObject().put("name", name).put("aliases", new JsonArray(aliases)).put("imdb_id", imdbId)
          .put("role", role).put("status", status);
    }
  }

  record Show(String showId, String title, String imdbId, List<Credit> credits, List<LocalMember> localCast) {

    UUID id() {
      return DemoCatalogue.id("show", showId);
    }
  }

  /** What an install found or wrote. */
  record Stats(int shows, int people, int photos) {
  }

  static final String SELF = "Self";

  private static final Person AURELIA = new Person("Aurelia Vance", "nm9100001", "PgSgSg");
  private static final Person DOMINIQUE = new Person("Dominique Salcedo", null, "gSgg");
  private static final Person BEATRIX = new Person("Beatrix Holloway", "nm9100003", "SgSgSgSgS");
  private static final Person CELESTE = new Person("Celeste Marchand", "nm9100004", "SS");
  private static final Person PRIYA = new Person("Priya Castellanos", "nm9100005", "gSgSgSgSgSgSgSgS");
  private static final Person JOELLE = new Person("Joelle Fairbanks", null, "gggpggg");
  private static final Person MARISOL = new Person("Marisol Quintero", "nm9100007", "gg");
  private static final Person OPAL = new Person("Opal Whitaker", null, "");
  private static final Person VIVIENNE = new Person("Vivienne Aldana", "nm9100009", "");
  private static final Person HARPER = new Person("Harper Lindqvist", "nm9100010", "gSgSgP");
  private static final Person SLOANE = new Person("Sloane Ashby", null, "SSSS");
  /**
   * How many people a photo shows, where it is not one (the drops of the crop stage): Harper's
   * first seed is her empty room (no_face), Priya's first seed shows her with a friend
   * (multiple_faces), drawn landscape.
   */
  private static final Map<String, Map<Integer, Integer>> FIGURES = Map.of(HARPER.name(), Map.of(2, 0),
      PRIYA.name(), Map.of(2, 2));
  /** Sloane's 3rd seed is her 1st under another URL; her 4th, her 2nd resized and recompressed. */
  private static final Map<String, Map<Integer, Copy>> COPIES = Map.of(SLOANE.name(),
      Map.of(3, new Copy(1, null, null), 4, new Copy(2, 360, 450)));

  static final Show HARBOR_BAY = new Show("RHOHB", "The Real Housewives of Harbor Bay", "tt9900001",
      List.of(
          self(AURELIA), self(DOMINIQUE), self(BEATRIX), self(CELESTE), self(PRIYA), self(JOELLE),
          self(MARISOL), self(OPAL), self(VIVIENNE), self(HARPER), self(SLOANE),
          // A second Self credit of the same person (another role, another source): one cast entry.
          new Credit(CELESTE, SELF, "Herself - Reunion", "imdb"),
          // Credited, with photos, but not as Self: never part of the synced cast.
          new Credit(new Person("Grant Ellery", "nm9100020", "SS"), "crew", "Executive Producer", "manual"),
          new Credit(new Person("Tamsin Royce", null, "Sg"), "guest", "Party guest", "manual"),
          new Credit(new Person("Lionel Marsh", "nm9100022", "g"), "cast", "Narrator", "manual")),
      List.of(
          new LocalMember("Rae Vance", List.of(), "NM9100001", "main", "active"),
          new LocalMember("Nikki Salcedo", List.of("Dominique Salcedo", "Nikki S."), null, "main", "active"),
          new LocalMember("Beatrix Holloway", List.of(), null, "friend", "active"),
          new LocalMember("Carla Benning", List.of(), null, "main", "past")));

  static final Show SUMMIT_LODGE = new Show("SUMMIT", "Summit Lodge", "tt9900002",
      List.of(
          self(new Person("Theo Brannigan", "nm9200001", "SgSg")),
          self(PRIYA),
          self(new Person("Wren Kowalczyk", null, "ggg")),
          self(new Person("Idris Okonkwo", "nm9200003", "SSS")),
          self(new Person("Mae Delacroix", null, "")),
          self(new Person("Caspian Reyes", "nm9200005", "gSSg")),
          self(new Person("Juniper Hale", null, "gggg")),
          self(new Person("Rocco Benedetti", "nm9200007", "S")),
          self(new Person("Saoirse Flynn", null, "gSg")),
          self(new Person("Anders Lindahl", "nm9200009", "gg")),
          new Credit(new Person("Hollis Grady", null, "S"), "crew", "Director", "manual")),
      List.of(new LocalMember("Teddy Brannigan", List.of(), "nm9200001", "main", "active")));

  /** Two local members share the alias "Coco Delaine": that person's sync fails with ambiguous_match. */
  static final Show ISLAND_CROSSING = new Show("ISLAND", "Island Crossing", "tt9900003",
      List.of(
          self(new Person("Kai Nakamura", "nm9300001", "SSgg")),
          self(new Person("Lola Petrakis", null, "gSg")),
          self(new Person("Zane Whitfield", null, "SgS")),
          self(new Person("Amara Osei", "nm9300004", "ggg")),
          self(new Person("Felix Moreau", null, "")),
          self(new Person("Ines Duarte", "nm9300006", "SSSSSS")),
          self(new Person("Rory Gallagher", null, "gg")),
          self(new Person("Coco Delaine", null, "Sg")),
          new Credit(new Person("Maya Ferreira", "nm9300020", "SS"), "cast", "Host", "manual")),
      List.of(
          new LocalMember("Coco D.", List.of("Coco Delaine"), null, "main", "active"),
          new LocalMember("Colette Delaine", List.of("Coco Delaine"), null, "guest", "active")));

  static final List<Show> SHOWS = List.of(HARBOR_BAY, SUMMIT_LODGE, ISLAND_CROSSING);

  /** The show the demo syncs. */
  static final Show DEMO_SHOW = HARBOR_BAY;

  static final String PHOTO_SOURCE = "demo";

  private DemoCatalogue() {
  }

  /** Every person of the catalogue, once, in catalogue order. */
  static List<Person> people() {
    Set<Person> people = new LinkedHashSet<>();
    SHOWS.forEach(show -> show.credits().forEach(credit -> people.add(credit.person())));
    return List.copyOf(people);
  }

  /**
   * Writes the catalogue into a TRR database (schema core already there) in one transaction:
   * missing rows are added, existing ones kept. Photos are hosted at {@code mediaBaseUrl}, which
   * is rewritten on every install because the photos server may listen elsewhere this time.
   */
  static Stats install(Connection trr, String mediaBaseUrl) throws SQLException {
    trr.setAutoCommit(false);
    insertShows(trr);
    insertPeople(trr);
    insertCredits(trr);
    int photos = insertPhotos(trr, mediaBaseUrl);
    trr.commit();
    return new Stats(SHOWS.size(), people().size(), photos);
  }

  /** The hosted key of a person's photo at a position (1-based): media/&lt;2 hex&gt;/&lt;asset id&gt;.png. */
  static String hostedKey(Person person, int position) {
    String asset = assetId(person, position).toString();
    return "media/" + asset.substring(0, 2) + "/" + asset + ".png";
  }

  static int width(int position) {
    return position % 3 == 0 ? 720 : 480;
  }

  static int height(int position) {
    return position % 3 == 0 ? 900 : 600;
  }

  /** The copy a person's photo at {@code position} is, if it is one. */
  static Optional<Copy> copy(String personName, int position) {
    return Optional.ofNullable(COPIES.getOrDefault(personName, Map.of()).get(position));
  }

  /** How many people the photo shows: 1, or 0 or 2 for the few of {@link #FIGURES}. */
  static int figures(String personName, int position) {
    return FIGURES.getOrDefault(personName, Map.of()).getOrDefault(position, 1);
  }

  /** The width TRR records for a photo: a copy's is its file's; a photo of two people is landscape. */
  static int width(Person person, int position) {
    if (figures(person.name(), position) == 2) {
      return 900;
    }
    return copy(person.name(), position).map(c -> c.resized() ? c.width() : width(c.of())).orElse(width(position));
  }

  static int height(Person person, int position) {
    if (figures(person.name(), position) == 2) {
      return 600;
    }
    return copy(person.name(), position).map(c -> c.resized() ? c.height() : height(c.of())).orElse(height(position));
  }

  private static Credit self(Person person) {
    return new Credit(person, SELF, "Self", "imdb");
  }

  private static void insertShows(Connection conn) throws SQLException {
    try (PreparedStatement insert = conn.prepareStatement(
        "INSERT INTO core.shows (id, name, imdb_id) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
      for (Show show : SHOWS) {
        insert.setObject(1, show.id());
        insert.setString(2, show.title());
        insert.setString(3, show.imdbId());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void insertPeople(Connection conn) throws SQLException {
    try (PreparedStatement insert = conn.prepareStatement(
        "INSERT INTO core.people (id, full_name, known_for, external_ids) VALUES (?, ?, ?, ?::jsonb)"
            + " ON CONFLICT (id) DO NOTHING")) {
      Set<Person> seen = new LinkedHashSet<>();
      for (Show show : SHOWS) {
        for (Credit credit : show.credits()) {
          Person person = credit.person();
          if (!seen.add(person)) {
            continue; // known for the first show that credits them
          }
          insert.setObject(1, person.id());
          insert.setString(2, person.name());
          insert.setString(3, show.title());
          insert.setString(4, person.imdbId() == null ? "{}" : new JsonObject().put("imdb", person.imdbId()).encode());
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }
  }

  private static void insertCredits(Connection conn) throws SQLException {
    try (PreparedStatement insert = conn.prepareStatement(
        "INSERT INTO core.credits (id, show_id, person_id, credit_category, role, billing_order, source_type)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
      for (Show show : SHOWS) {
        int billing = 0;
        for (Credit credit : show.credits()) {
          billing++;
          insert.setObject(1, id("credit", show.showId(), credit.person().name(), Integer.toString(billing)));
          insert.setObject(2, show.id());
          insert.setObject(3, credit.person().id());
          insert.setString(4, credit.category());
          insert.setString(5, credit.role());
          insert.setInt(6, billing);
          insert.setString(7, credit.sourceType());
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }
  }

  private static int insertPhotos(Connection conn, String mediaBaseUrl) throws SQLException {
    int photos = 0;
    try (PreparedStatement asset = conn.prepareStatement(
        "INSERT INTO core.media_assets (id, source, source_url, hosted_key, hosted_url, content_type, width, height)"
            + " VALUES (?, ?, ?, ?, ?, 'image/png', ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET hosted_url = EXCLUDED.hosted_url"
            + " WHERE core.media_assets.hosted_url IS DISTINCT FROM EXCLUDED.hosted_url");
         PreparedStatement link = conn.prepareStatement(
             "INSERT INTO core.media_links (id, entity_type, entity_id, media_asset_id, kind, position, is_primary,"
                 + " facebank_seed) VALUES (?, 'person', ?, ?, 'gallery', ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
      for (Person person : people()) {
        for (int position = 1; position <= person.photos().length(); position++) {
          char kind = person.photos().charAt(position - 1);
          String key = hostedKey(person, position);
          asset.setObject(1, assetId(person, position));
          asset.setString(2, PHOTO_SOURCE);
          asset.setString(3, "https://images.example.net/demo/" + person.id() + "/" + position + ".jpg");
          asset.setString(4, key);
          asset.setString(5, mediaBaseUrl + "/" + key);
          asset.setInt(6, width(person, position));
          asset.setInt(7, height(person, position));
          asset.addBatch();
          link.setObject(1, id("link", person.name(), Integer.toString(position)));
          link.setObject(2, person.id());
          link.setObject(3, assetId(person, position));
          link.setInt(4, position);
          link.setBoolean(5, kind == 'P' || kind == 'p');
          link.setBoolean(6, kind == 'S' || kind == 'P');
          link.addBatch();
          photos++;
        }
      }
      asset.executeBatch();
      link.executeBatch();
    }
    return photos;
  }

  private static UUID assetId(Person person, int position) {
    return id("asset", person.name(), Integer.toString(position));
  }

  /** A name-based (v3) UUID: the same parts give the same id on every machine and every run. */
  private static UUID id(String... parts) {
    return UUID.nameUUIDFromBytes(("facebank-demo/" + String.join("/", parts)).getBytes(StandardCharsets.UTF_8));
  }
}
