// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-status"

#include "config.h"

#include <glib/gstdio.h>

#include "rx-status.h"

static void
append_months (RxDb       *db,
               GString    *out,
               const char *label,
               const char *kinds)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT count(DISTINCT month), min(month), max(month) FROM month_held WHERE kind IN (%s)", kinds);
  g_autoptr(sqlite3_stmt) stmt = rx_db_prepare (db, sql, NULL);
  int n = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  if (n == 0)
    g_string_append_printf (out, "  %-14s none\n", label);
  else
    {
      int lo = sqlite3_column_int (stmt, 1), hi = sqlite3_column_int (stmt, 2);
      g_string_append_printf (out, "  %-14s %d month%s, %04d-%02d to %04d-%02d\n", label, n,
                              n == 1 ? "" : "s", lo / 100, lo % 100, hi / 100, hi % 100);
    }
}

/**
 * rx_status_describe:
 *
 * What `rxreview status` prints: the database, the months held for each
 * kind of data, organisations by type, measures and the last imports.
 */
char *
rx_status_describe (RxDb *db)
{
  GString *out = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) orgs = NULL;
  g_autoptr(sqlite3_stmt) measures = NULL;
  g_autoptr(sqlite3_stmt) imports = NULL;
  g_autofree char *demo = rx_db_get_meta (db, "demo");
  GStatBuf st;

  g_string_append_printf (out, "Database: %s%s\n", rx_db_get_path (db),
                          g_strcmp0 (demo, "1") == 0 ? " (demonstration data)" : "");
  if (g_stat (rx_db_get_path (db), &st) == 0)
    g_string_append_printf (out, "Size: %" G_GINT64_FORMAT " bytes\n", (gint64) st.st_size);
  g_string_append_printf (out, "Schema version: %d\n", rx_db_get_schema_version (db));

  g_string_append (out, "Months held:\n");
  append_months (db, out, "prescribing", "'epd', 'pdpi'");
  append_months (db, out, "list sizes", "'list-size-all', 'list-size-quinary'");
  append_months (db, out, "quinary bands", "'list-size-quinary'");

  g_string_append (out, "Organisations (open / closed):\n");
  orgs = rx_db_prepare (db,
    "SELECT type, sum(coalesce(status, 'A') NOT IN ('C', 'B', 'D')), "
    "       sum(coalesce(status, 'A') IN ('C', 'B', 'D')) "
    "FROM org WHERE type < 6 GROUP BY type ORDER BY type", NULL);
  while (orgs != NULL && sqlite3_step (orgs) == SQLITE_ROW)
    g_string_append_printf (out, "  %-14s %d / %d\n",
                            rx_org_type_to_string (sqlite3_column_int (orgs, 0)),
                            sqlite3_column_int (orgs, 1), sqlite3_column_int (orgs, 2));
  {
    g_autoptr(sqlite3_stmt) settings = rx_db_prepare (db,
      "SELECT count(*) FROM org WHERE type = 0 AND setting IS NOT NULL", NULL);
    if (settings != NULL && sqlite3_step (settings) == SQLITE_ROW &&
        sqlite3_column_int (settings, 0) == 0)
      g_string_append (out, "  prescribing settings unknown (import epraccur.csv): every "
                            "identified cost centre counts as a practice\n");
  }

  measures = rx_db_prepare (db,
    "SELECT sum(source = 'bundled'), sum(source = 'user') FROM measure", NULL);
  if (measures != NULL && sqlite3_step (measures) == SQLITE_ROW)
    g_string_append_printf (out, "Measures: %d bundled, %d user\n",
                            sqlite3_column_int (measures, 0), sqlite3_column_int (measures, 1));

  g_string_append (out, "Last imports:\n");
  imports = rx_db_prepare (db,
    "SELECT imported_at, file_name, kind, months, rows_stored FROM import_log "
    "ORDER BY id DESC LIMIT 5", NULL);
  while (imports != NULL && sqlite3_step (imports) == SQLITE_ROW)
    g_string_append_printf (out, "  %s  %s  %s %s, %" G_GINT64_FORMAT " rows\n",
                            sqlite3_column_text (imports, 0), sqlite3_column_text (imports, 1),
                            sqlite3_column_text (imports, 2),
                            sqlite3_column_text (imports, 3) ? (const char *) sqlite3_column_text (imports, 3) : "",
                            (gint64) sqlite3_column_int64 (imports, 4));
  return g_string_free (out, FALSE);
}
