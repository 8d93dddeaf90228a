// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-directory"

#include "config.h"

#include <string.h>

#include <glib.h>

#include "rx-directory.h"
#include "rx-export.h"

/* Finding organisations by name, code or postcode, as the window's search
 * and `orgs search` do: case-insensitive, every word must match. */

void
rx_org_entry_free (RxOrgEntry *e)
{
  if (e == NULL)
    return;
  g_free (e->code);
  g_free (e->name);
  g_free (e->postcode);
  g_free (e->parent_code);
  g_free (e);
}

/* The parent shown for each type: a practice's PCN (else its sub-ICB), a
 * PCN's sub-ICB (through its practices), a sub-ICB's ICB, an ICB's region. */
static const char *parent_sql =
  "CASE o.type "
  " WHEN 0 THEN coalesce ((SELECT p.code FROM org_link l JOIN org p ON p.id = l.parent_id "
  "   WHERE l.child_id = o.id AND l.parent_type = 1), (SELECT p.code FROM org_link l JOIN org p "
  "   ON p.id = l.parent_id WHERE l.child_id = o.id AND l.parent_type = 2)) "
  " WHEN 1 THEN (SELECT p.code FROM org_link a JOIN org_link b ON b.child_id = a.child_id "
  "   AND b.parent_type = 2 JOIN org p ON p.id = b.parent_id WHERE a.parent_id = o.id "
  "   AND a.parent_type = 1 GROUP BY p.code ORDER BY count (*) DESC LIMIT 1) "
  " ELSE (SELECT p.code FROM org_link l JOIN org p ON p.id = l.parent_id WHERE l.child_id = o.id "
  "   AND l.parent_type = o.type + 1) END";

/**
 * rx_directory_search:
 *
 * Returns: (element-type RxOrgEntry): matches by type, then code.
 */
GPtrArray *
rx_directory_search (RxDb        *db,
                     const char  *text,
                     int          type,
                     gboolean     include_closed,
                     guint        limit,
                     GError     **error)
{
  g_auto(GStrv) words = g_strsplit_set (text != NULL ? text : "", " \t", -1);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) rx_org_entry_free);
  int n = 0;

  g_string_append_printf (sql, "SELECT o.type, o.id, o.code, o.name, o.postcode, %s, "
                               "coalesce (o.status, 'A') IN ('C', 'B', 'D') FROM org o "
                               "WHERE o.type < 5 AND (?1 < 0 OR o.type = ?1) "
                               "AND (?2 OR coalesce (o.status, 'A') NOT IN ('C', 'B', 'D'))", parent_sql);
  for (char **w = words; *w != NULL; w++)
    if (**w != '\0')
      {
        n++;
        g_string_append_printf (sql, " AND (o.name LIKE ?%d ESCAPE '\\' OR o.code LIKE ?%d ESCAPE '\\' "
                                     "OR replace (o.postcode, ' ', '') LIKE replace (?%d, ' ', '') ESCAPE '\\')",
                                n + 2, n + 2, n + 2);
      }
  g_string_append_printf (sql, " ORDER BY o.type, o.code LIMIT %u", limit > 0 ? limit : G_MAXINT);
  stmt = rx_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, type);
  sqlite3_bind_int (stmt, 2, include_closed);
  n = 0;
  for (char **w = words; *w != NULL; w++)
    if (**w != '\0')
      {
        g_autoptr(GString) like = g_string_new ("%");
        for (const char *c = *w; *c; c++)
          {
            if (*c == '%' || *c == '_' || *c == '\\')
              g_string_append_c (like, '\\');
            g_string_append_c (like, *c);
          }
        g_string_append_c (like, '%');
        sqlite3_bind_text (stmt, ++n + 2, like->str, -1, SQLITE_TRANSIENT);
      }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      RxOrgEntry *e = g_new0 (RxOrgEntry, 1);
      e->type = sqlite3_column_int (stmt, 0);
      e->id = sqlite3_column_int64 (stmt, 1);
      e->code = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      e->name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      e->postcode = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      e->parent_code = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      e->closed = sqlite3_column_int (stmt, 6);
      g_ptr_array_add (out, e);
    }
  return g_steal_pointer (&out);
}

static const char *setting_names[] = {
  "other", "walk-in centre", "out of hours", "walk-in and out of hours", "GP practice",
};

/**
 * rx_directory_describe:
 *
 * What `orgs show` prints: the organisation, its parents, how many
 * children it has and its latest list size.
 */
char *
rx_directory_describe (RxDb        *db,
                       const char  *code,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) org = NULL;
  g_autoptr(sqlite3_stmt) parents = NULL;
  g_autoptr(sqlite3_stmt) children = NULL;
  g_autoptr(sqlite3_stmt) list = NULL;
  GString *out;
  RxOrgType type = RX_ORG_PRACTICE;
  guint32 id;
  int setting;

  if (!rx_export_find_org (db, code, FALSE, &type, &id, error))
    return NULL;
  org = rx_db_prepare (db, "SELECT code, name, address, postcode, setting, status, open_date, "
                           "close_date, provisional FROM org WHERE id = ?", error);
  if (org == NULL)
    return NULL;
  sqlite3_bind_int64 (org, 1, id);
  if (sqlite3_step (org) != SQLITE_ROW)
    {
      g_set_error (error, RX_DB_ERROR, RX_DB_ERROR_FAILED, "no organisation %s", code);
      return NULL;
    }
  out = g_string_new (NULL);
  g_string_append_printf (out, "%s %s: %s\n", rx_org_type_to_string (type),
                          sqlite3_column_text (org, 0),
                          sqlite3_column_text (org, 1) ? (const char *) sqlite3_column_text (org, 1) : "(no name)");
  if (sqlite3_column_type (org, 2) != SQLITE_NULL || sqlite3_column_type (org, 3) != SQLITE_NULL)
    g_string_append_printf (out, "  address: %s %s\n",
                            sqlite3_column_text (org, 2) ? (const char *) sqlite3_column_text (org, 2) : "",
                            sqlite3_column_text (org, 3) ? (const char *) sqlite3_column_text (org, 3) : "");
  if (type == RX_ORG_PRACTICE)
    {
      setting = sqlite3_column_type (org, 4) == SQLITE_NULL ? -1 : sqlite3_column_int (org, 4);
      if (setting < 0)
        g_string_append (out, "  setting: unknown (import epraccur.csv)\n");
      else
        g_string_append_printf (out, "  setting: %d (%s)\n", setting,
                                setting >= 0 && setting <= 4 ? setting_names[setting] : "other");
      g_string_append_printf (out, "  status: %s%s%s\n",
                              sqlite3_column_text (org, 5) ? (const char *) sqlite3_column_text (org, 5) : "unknown",
                              sqlite3_column_text (org, 7) ? ", closed " : "",
                              sqlite3_column_text (org, 7) ? (const char *) sqlite3_column_text (org, 7) : "");
    }
  if (sqlite3_column_int (org, 8))
    g_string_append (out, "  provisional: learnt from prescribing rows only\n");

  parents = rx_db_prepare (db, "SELECT l.parent_type, p.code, p.name FROM org_link l JOIN org p "
                               "ON p.id = l.parent_id WHERE l.child_id = ? ORDER BY l.parent_type", error);
  if (parents == NULL)
    return g_string_free (out, TRUE), NULL;
  sqlite3_bind_int64 (parents, 1, id);
  while (sqlite3_step (parents) == SQLITE_ROW)
    g_string_append_printf (out, "  %s: %s %s\n",
                            rx_org_type_to_string (sqlite3_column_int (parents, 0)),
                            sqlite3_column_text (parents, 1),
                            sqlite3_column_text (parents, 2) ? (const char *) sqlite3_column_text (parents, 2) : "");
  children = rx_db_prepare (db, "SELECT count (*) FROM org_link WHERE parent_id = ?", error);
  if (children == NULL)
    return g_string_free (out, TRUE), NULL;
  sqlite3_bind_int64 (children, 1, id);
  if (sqlite3_step (children) == SQLITE_ROW && sqlite3_column_int (children, 0) > 0)
    g_string_append_printf (out, "  children: %d\n", sqlite3_column_int (children, 0));
  list = rx_db_prepare (db, "SELECT month, total FROM list_size WHERE org_id = ? ORDER BY month DESC, "
                            "form LIMIT 1", error);
  if (list == NULL)
    return g_string_free (out, TRUE), NULL;
  sqlite3_bind_int64 (list, 1, id);
  if (sqlite3_step (list) == SQLITE_ROW)
    g_string_append_printf (out, "  list size: %d patients (%04d-%02d)\n", sqlite3_column_int (list, 1),
                            sqlite3_column_int (list, 0) / 100, sqlite3_column_int (list, 0) % 100);
  return g_string_free (out, FALSE);
}
