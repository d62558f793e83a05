package com.screenalytics.facebank.trr;

/** Every SQL statement on the TRR metadata database (read-only), in one place. */
final class TrrSql {

  private TrrSql() {
  }

  /**
   * The TRR cast of a show: Self credits only, one row per person (a person may hold several
   * credits), in billing order. A blank IMDb id counts as none.
   */
  static final String TRR_SHOW_CAST = """
      SELECT p.id AS person_id,
             p.full_name,
             NULLIF(btrim(p.external_ids->>'imdb'), '') AS imdb_id,
             min(c.billing_order) AS billing_order
      FROM core.v_show_cast c
      JOIN core.people p ON p.id = c.person_id
      WHERE c.show_id = $1 AND c.credit_category = 'Self'
      GROUP BY p.id
      ORDER BY min(c.billing_order) NULLS LAST, p.full_name, p.id""";

  static final String PING = "SELECT 1";
}
