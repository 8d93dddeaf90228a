// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-export"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "rx-export.h"
#include "rx-format.h"
#include "rx-measure.h"
#include "rx-compute.h"
#include "rx-ppu.h"
#include "rx-ppu-store.h"
#include "rx-stats.h"
#include "rx-store.h"

/* The CSV exports of cli.md: UTF-8, LF, a header, fields quoted only when
 * needed, '.' decimals whatever the locale, shortest round-trip doubles,
 * empty cells for NULL, rows in the stated order. */

G_DEFINE_QUARK (rx-export-error-quark, rx_export_error)

void
rx_export_filter_init (RxExportFilter *filter,
                       RxOrgType       default_type)
{
  memset (filter, 0, sizeof *filter);
  filter->org_type = default_type;
}

int
rx_export_latest_month (RxDb *db)
{
  g_autoptr(sqlite3_stmt) stmt = rx_db_prepare (db,
    "SELECT max(month) FROM month_held WHERE kind IN ('epd', 'pdpi')", NULL);

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int (stmt, 0);
  return 0;
}

/**
 * rx_export_find_org:
 * @type: (inout): the type asked for; set to the org's type when not
 *   @type_set
 *
 * Resolves `ORG` of cli.md: an ODS code of the given type (or of any type,
 * practices first), or `england`.
 */
gboolean
rx_export_find_org (RxDb        *db,
                    const char  *code,
                    gboolean     type_set,
                    RxOrgType   *type,
                    guint32     *id,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *upper = g_ascii_strup (code, -1);

  if (g_ascii_strcasecmp (code, "england") == 0)
    {
      stmt = rx_db_prepare (db, "SELECT id, type FROM org WHERE type = 5", error);
      if (stmt == NULL)
        return FALSE;
      *type = RX_ORG_ENGLAND;
      *id = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
      return TRUE;
    }
  stmt = rx_db_prepare (db,
    "SELECT id, type FROM org WHERE code = ?1 AND (?2 < 0 OR type = ?2) AND type < 5 "
    "ORDER BY type LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, upper, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, type_set ? (int) *type : -1);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, RX_EXPORT_ERROR, RX_EXPORT_ERROR_NOT_FOUND,
                   "no %s with code %s (rxreview orgs search finds codes)",
                   type_set ? rx_org_type_to_string (*type) : "organisation", upper);
      return FALSE;
    }
  *id = sqlite3_column_int64 (stmt, 0);
  *type = sqlite3_column_int (stmt, 1);
  return TRUE;
}

static void
append_month (GString *out,
              int      month)
{
  g_string_append_printf (out, "%04d-%02d-01", month / 100, month % 100);
}

static void
append_int (GString *out,
            gint64   v)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT, v);
}

static void
append_column_double (GString      *out,
                      sqlite3_stmt *stmt,
                      int           column)
{
  if (sqlite3_column_type (stmt, column) != SQLITE_NULL)
    rx_csv_append_double (out, sqlite3_column_double (stmt, column));
}

/* Nine doubles from a blob (NaN → empty), or nine empty cells. */
static void
append_nine (GString      *out,
             sqlite3_stmt *stmt,
             int           column)
{
  const double *v = sqlite3_column_type (stmt, column) == SQLITE_BLOB &&
                    sqlite3_column_bytes (stmt, column) == 9 * sizeof (double)
                    ? sqlite3_column_blob (stmt, column) : NULL;

  for (int k = 0; k < 9; k++)
    {
      g_string_append_c (out, ',');
      if (v != NULL)
        rx_csv_append_double (out, v[k]);
    }
}

static gboolean
resolve_filter (RxDb                 *db,
                const RxExportFilter *filter,
                RxOrgType            *type,
                guint32              *org_id,
                GError              **error)
{
  *type = filter->org_type;
  *org_id = 0;
  if (filter->org_code != NULL)
    return rx_export_find_org (db, filter->org_code, filter->org_type_set, type, org_id, error);
  return TRUE;
}

static gboolean
measure_db_id (RxDb        *db,
               const char  *id,
               gint64      *out,
               GError     **error)
{
  g_autoptr(RxMeasure) m = rx_measure_get (db, id, error);

  if (m == NULL)
    return FALSE;
  *out = m->db_id;
  return TRUE;
}

/**
 * rx_export_values:
 *
 * `export values`: rows by org_code, then date.
 */
gboolean
rx_export_values (RxDb                 *db,
                  const char           *measure_id,
                  const RxExportFilter *filter,
                  GString              *out,
                  GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  RxOrgType type;
  guint32 org_id;
  gint64 mid;

  if (!measure_db_id (db, measure_id, &mid, error) || !resolve_filter (db, filter, &type, &org_id, error))
    return FALSE;
  stmt = rx_db_prepare (db,
    "SELECT o.code, o.name, v.month, v.numerator, v.denominator, v.value, v.percentile, v.savings "
    "FROM measure_value v JOIN org o ON o.id = v.org_id "
    "WHERE v.measure_id = ?1 AND v.org_type = ?2 AND (?3 = 0 OR v.org_id = ?3) "
    "AND (?4 = 0 OR v.month >= ?4) AND (?5 = 0 OR v.month <= ?5) "
    "ORDER BY o.code, v.month", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, mid);
  sqlite3_bind_int (stmt, 2, type);
  sqlite3_bind_int64 (stmt, 3, org_id);
  sqlite3_bind_int (stmt, 4, filter->from);
  sqlite3_bind_int (stmt, 5, filter->to);
  g_string_append (out, "measure,org_type,org_code,org_name,date,numerator,denominator,calc_value,"
                        "percentile,cost_saving_10,cost_saving_20,cost_saving_30,cost_saving_40,"
                        "cost_saving_50,cost_saving_60,cost_saving_70,cost_saving_80,cost_saving_90\n");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      rx_csv_append_field (out, measure_id);
      g_string_append_c (out, ',');
      rx_csv_append_field (out, rx_org_type_to_string (type));
      g_string_append_c (out, ',');
      rx_csv_append_field (out, (const char *) sqlite3_column_text (stmt, 0));
      g_string_append_c (out, ',');
      rx_csv_append_field (out, (const char *) sqlite3_column_text (stmt, 1));
      g_string_append_c (out, ',');
      append_month (out, sqlite3_column_int (stmt, 2));
      for (int c = 3; c <= 6; c++)
        {
          g_string_append_c (out, ',');
          append_column_double (out, stmt, c);
        }
      append_nine (out, stmt, 7);
      g_string_append_c (out, '\n');
    }
  return TRUE;
}

static GArray *
months_in_range (RxDb *db,
                 int   from,
                 int   to)
{
  GArray *months = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(sqlite3_stmt) stmt = rx_db_prepare (db,
    "SELECT DISTINCT month FROM month_held WHERE kind IN ('epd', 'pdpi', 'list-size-all', "
    "'list-size-quinary') AND (?1 = 0 OR month >= ?1) AND (?2 = 0 OR month <= ?2) ORDER BY month", NULL);

  if (stmt == NULL)
    return months;
  sqlite3_bind_int (stmt, 1, from);
  sqlite3_bind_int (stmt, 2, to);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int m = sqlite3_column_int (stmt, 0);
      g_array_append_val (months, m);
    }
  return months;
}

/**
 * rx_export_deciles:
 *
 * `export deciles`: one row per month held, by date; a month with no value
 * has nine empty cells.
 */
gboolean
rx_export_deciles (RxDb                 *db,
                   const char           *measure_id,
                   const RxExportFilter *filter,
                   GString              *out,
                   GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) months = months_in_range (db, filter->from, filter->to);
  gint64 mid;

  if (!measure_db_id (db, measure_id, &mid, error))
    return FALSE;
  if (filter->org_type == RX_ORG_ENGLAND)
    {
      g_set_error (error, RX_EXPORT_ERROR, RX_EXPORT_ERROR_INVALID,
                   "England is one organisation: it has no deciles");
      return FALSE;
    }
  stmt = rx_db_prepare (db, "SELECT deciles FROM measure_decile WHERE measure_id = ? AND org_type = ? "
                            "AND month = ?", error);
  if (stmt == NULL)
    return FALSE;
  g_string_append (out, "measure,org_type,date,p10,p20,p30,p40,p50,p60,p70,p80,p90\n");
  for (guint i = 0; i < months->len; i++)
    {
      int month = g_array_index (months, int, i);

      sqlite3_bind_int64 (stmt, 1, mid);
      sqlite3_bind_int (stmt, 2, filter->org_type);
      sqlite3_bind_int (stmt, 3, month);
      rx_csv_append_field (out, measure_id);
      g_string_append_c (out, ',');
      rx_csv_append_field (out, rx_org_type_to_string (filter->org_type));
      g_string_append_c (out, ',');
      append_month (out, month);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        append_nine (out, stmt, 0);
      else
        g_string_append (out, ",,,,,,,,,");
      g_string_append_c (out, '\n');
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Spending                                                             */

typedef struct
{
  gint64 items, quantity, cost, nic;
} Spend;

/* Which organisation of @type each cost centre's prescribing counts for:
 * every identified cost centre counts in its parents' totals (§6.4);
 * unidentified prescribing only in England's. */
/* (child, parent) pairs: each cost centre and the organisation of @type
 * its prescribing counts for.  Every identified cost centre counts in its
 * parents' totals (§6.4); unidentified prescribing only in England's. */
static const char *
member_sql (RxOrgType type)
{
  switch (type)
    {
    case RX_ORG_PRACTICE:
      return "SELECT id, id FROM org WHERE type = 0";
    case RX_ORG_PCN:
      return "SELECT child_id, parent_id FROM org_link WHERE parent_type = 1";
    case RX_ORG_SUB_ICB:
      return "SELECT child_id, parent_id FROM org_link WHERE parent_type = 2 "
             "AND child_id IN (SELECT id FROM org WHERE type = 0)";
    case RX_ORG_ICB:
      return "SELECT s.child_id, i.parent_id FROM org_link s JOIN org_link i "
             "ON i.child_id = s.parent_id AND i.parent_type = 3 WHERE s.parent_type = 2 "
             "AND s.child_id IN (SELECT id FROM org WHERE type = 0)";
    case RX_ORG_REGION:
      return "SELECT s.child_id, r.parent_id FROM org_link s JOIN org_link i "
             "ON i.child_id = s.parent_id AND i.parent_type = 3 JOIN org_link r "
             "ON r.child_id = i.parent_id AND r.parent_type = 4 WHERE s.parent_type = 2 "
             "AND s.child_id IN (SELECT id FROM org WHERE type = 0)";
    default:
      return "SELECT o.id, e.id FROM org o, org e WHERE e.type = 5 AND o.type IN (0, 6)";
    }
}

static GHashTable *
target_orgs (RxDb      *db,
             RxOrgType  type,
             GError   **error)
{
  GHashTable *map = g_hash_table_new (NULL, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *sql = member_sql (type);

  stmt = rx_db_prepare (db, sql, error);
  if (stmt == NULL)
    {
      g_hash_table_unref (map);
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (map, GUINT_TO_POINTER ((guint) sqlite3_column_int64 (stmt, 0)),
                         GUINT_TO_POINTER ((guint) sqlite3_column_int64 (stmt, 1)));
  return map;
}

typedef struct
{
  char   *org_code;
  char   *org_name;
  char   *bnf_code;
  int     month;
  Spend   spend;
} SpendRow;

static void
spend_row_free (gpointer data)
{
  SpendRow *r = data;

  g_free (r->org_code);
  g_free (r->org_name);
  g_free (r->bnf_code);
  g_free (r);
}

static int
compare_spend_rows (gconstpointer a,
                    gconstpointer b)
{
  const SpendRow *x = *(const SpendRow * const *) a, *y = *(const SpendRow * const *) b;
  int c = strcmp (x->org_code, y->org_code);

  if (c == 0)
    c = strcmp (x->bnf_code, y->bnf_code);
  if (c == 0)
    c = x->month - y->month;
  return c;
}

static char *
bnf_name (RxDb       *db,
          const char *code)
{
  g_autoptr(sqlite3_stmt) stmt = rx_db_prepare (db, "SELECT name FROM bnf WHERE code = ?", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return NULL;
}

/**
 * rx_export_spending:
 *
 * `export spending`: prescribing summed at @level for codes starting with
 * @prefix; rows by org_code, bnf_code, date.
 */
gboolean
rx_export_spending (RxDb                 *db,
                    const RxExportFilter *filter,
                    const char           *prefix,
                    RxBnfLevel            level,
                    GString              *out,
                    GError              **error)
{
  g_autoptr(GHashTable) targets = NULL;
  g_autoptr(GHashTable) sums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) org_codes = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) org_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (spend_row_free);
  g_autoptr(sqlite3_stmt) chunks = NULL;
  g_autoptr(sqlite3_stmt) orgs = NULL;
  g_autoptr(GArray) facts = g_array_new (FALSE, FALSE, sizeof (RxFact));
  g_autofree char *like = g_strdup_printf ("%s%%", prefix != NULL ? prefix : "");
  RxOrgType type;
  guint32 only_org;
  GHashTableIter iter;
  gpointer key, value;

  if (!resolve_filter (db, filter, &type, &only_org, error))
    return FALSE;
  targets = target_orgs (db, type, error);
  if (targets == NULL)
    return FALSE;
  orgs = rx_db_prepare (db, "SELECT id, code, name FROM org", error);
  if (orgs == NULL)
    return FALSE;
  while (sqlite3_step (orgs) == SQLITE_ROW)
    {
      gpointer id = GUINT_TO_POINTER ((guint) sqlite3_column_int64 (orgs, 0));
      g_hash_table_insert (org_codes, id, g_strdup ((const char *) sqlite3_column_text (orgs, 1)));
      g_hash_table_insert (org_names, id, g_strdup ((const char *) sqlite3_column_text (orgs, 2)));
    }
  chunks = rx_db_prepare (db,
    "SELECT c.month, b.code, c.data FROM rx_chunk c JOIN bnf b ON b.id = c.bnf_id "
    "WHERE b.code LIKE ?1 AND (?2 = 0 OR c.month >= ?2) AND (?3 = 0 OR c.month <= ?3)", error);
  if (chunks == NULL)
    return FALSE;
  /* LIKE is case-insensitive by default; BNF codes are upper case anyway
   * and the prefix is checked exactly below. */
  sqlite3_bind_text (chunks, 1, like, -1, SQLITE_STATIC);
  sqlite3_bind_int (chunks, 2, filter->from);
  sqlite3_bind_int (chunks, 3, filter->to);
  while (sqlite3_step (chunks) == SQLITE_ROW)
    {
      const char *code = (const char *) sqlite3_column_text (chunks, 1);
      gsize len = rx_bnf_level_length (code, level);
      int month = sqlite3_column_int (chunks, 0);

      if (prefix != NULL && !g_str_has_prefix (code, prefix))
        continue;
      g_array_set_size (facts, 0);
      if (!rx_store_decode_chunk (sqlite3_column_blob (chunks, 2), sqlite3_column_bytes (chunks, 2),
                                  facts, error))
        return FALSE;
      for (guint i = 0; i < facts->len; i++)
        {
          RxFact *f = &g_array_index (facts, RxFact, i);
          guint target = GPOINTER_TO_UINT (g_hash_table_lookup (targets, GUINT_TO_POINTER (f->org_id)));
          g_autofree char *k = NULL;
          Spend *s;

          if (target == 0 || (only_org != 0 && target != only_org))
            continue;
          k = g_strdup_printf ("%u %.*s %d", target, (int) len, code, month);
          s = g_hash_table_lookup (sums, k);
          if (s == NULL)
            {
              s = g_new0 (Spend, 1);
              g_hash_table_insert (sums, g_steal_pointer (&k), s);
            }
          s->items += f->items;
          s->quantity += f->quantity;
          s->cost += f->cost;
          s->nic += f->nic;
        }
    }

  g_hash_table_iter_init (&iter, sums);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, " ", 3);
      gpointer org = GUINT_TO_POINTER ((guint) g_ascii_strtoull (parts[0], NULL, 10));
      SpendRow *r = g_new0 (SpendRow, 1);

      r->org_code = g_strdup (g_hash_table_lookup (org_codes, org));
      r->org_name = g_strdup (g_hash_table_lookup (org_names, org));
      r->bnf_code = g_strdup (parts[1]);
      r->month = atoi (parts[2]);
      r->spend = *(Spend *) value;
      g_ptr_array_add (rows, r);
    }
  g_ptr_array_sort (rows, compare_spend_rows);

  g_string_append (out, "org_type,org_code,org_name,date,bnf_code,bnf_name,items,quantity,"
                        "actual_cost,net_ingredient_cost\n");
  for (guint i = 0; i < rows->len; i++)
    {
      SpendRow *r = g_ptr_array_index (rows, i);
      const char *name = g_hash_table_lookup (names, r->bnf_code);
      char buf[32];

      if (name == NULL && !g_hash_table_contains (names, r->bnf_code))
        {
          char *looked = bnf_name (db, r->bnf_code);
          g_hash_table_insert (names, g_strdup (r->bnf_code), looked);
          name = looked;
        }
      rx_csv_append_field (out, rx_org_type_to_string (type));
      g_string_append_c (out, ',');
      rx_csv_append_field (out, r->org_code);
      g_string_append_c (out, ',');
      rx_csv_append_field (out, r->org_name);
      g_string_append_c (out, ',');
      append_month (out, r->month);
      g_string_append_c (out, ',');
      rx_csv_append_field (out, r->bnf_code);
      g_string_append_c (out, ',');
      rx_csv_append_field (out, name);
      g_string_append_c (out, ',');
      append_int (out, r->spend.items);
      g_string_append_c (out, ',');
      rx_format_scaled (r->spend.quantity, 3, buf);
      g_string_append (out, buf);
      g_string_append_c (out, ',');
      rx_format_scaled (r->spend.cost, 5, buf);
      g_string_append (out, buf);
      g_string_append_c (out, ',');
      rx_format_scaled (r->spend.nic, 2, buf);
      g_string_append (out, buf);
      g_string_append_c (out, '\n');
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Price-per-unit savings and swaps                                     */

/* An organisation an export covers. */
typedef struct
{
  guint32  id;
  char    *code;
  char    *name;
  GArray  *practices;            /* dense population indices */
} PpuOrg;

static void
ppu_org_free (gpointer data)
{
  PpuOrg *o = data;

  g_free (o->code);
  g_free (o->name);
  g_array_unref (o->practices);
  g_free (o);
}

/* The organisations of @type (or the one, @org_id) with setting-4
 * practices, in code order. */
static GPtrArray *
ppu_orgs (RxDb                *db,
          const RxPopulation  *pop,
          RxOrgType            type,
          guint32              org_id,
          GError             **error)
{
  g_autoptr(GPtrArray) orgs = g_ptr_array_new_with_free_func (ppu_org_free);
  g_autoptr(sqlite3_stmt) stmt = rx_db_prepare (db,
    "SELECT id, code, name FROM org WHERE type = ?1 AND (?2 = 0 OR id = ?2) ORDER BY code", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, type);
  sqlite3_bind_int64 (stmt, 2, org_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      PpuOrg *o = g_new0 (PpuOrg, 1);

      o->id = sqlite3_column_int64 (stmt, 0);
      o->code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      o->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      o->practices = rx_ppu_org_practices (pop, type, o->id);
      if (o->practices->len == 0)
        ppu_org_free (o);
      else
        g_ptr_array_add (orgs, o);
    }
  return g_steal_pointer (&orgs);
}

/* One output row of `export ppu` or `export swaps` before sorting. */
typedef struct
{
  const char *generic_code, *bnf_code, *bnf_name, *generic_name;
  double      quantity, net_cost, ppu, target, saving;
} PpuRow;

static int
compare_ppu_rows (gconstpointer a,
                  gconstpointer b)
{
  const PpuRow *x = a, *y = b;

  if (x->saving != y->saving)
    return x->saving > y->saving ? -1 : 1;
  return strcmp (x->bnf_code, y->bnf_code);
}

static void
append_double_or_empty (GString *out,
                        double   v)
{
  g_string_append_c (out, ',');
  if (!isnan (v))
    rx_csv_append_double (out, v);
}

static double
ratio_or_nan (double c,
              double q)
{
  return q != 0 ? c / q : NAN;
}

/* The rows of one organisation: at practice level a row per presentation
 * with s > 0 in each listed group, above it a row per listed group. */
static gboolean
ppu_org_rows (RxPpuMonth          *m,
              const RxPopulation  *pop,
              RxOrgType            type,
              PpuOrg              *o,
              double               min_saving,
              GArray              *rows,
              GError             **error)
{
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (RxPpuGroupSaving));
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (RxPpuEntry));
  g_autofree gboolean *listed = NULL;

  g_array_set_size (rows, 0);
  if (type != RX_ORG_PRACTICE)
    {
      if (!rx_ppu_month_org (m, pop, o->practices, groups, NULL, error))
        return FALSE;
    }
  else
    {
      if (!rx_ppu_month_practice (m, o->id, entries, groups, NULL, error))
        return FALSE;
      listed = g_new0 (gboolean, MAX (m->groups->len, 1));
    }
  for (guint i = 0; i < groups->len; i++)
    {
      RxPpuGroupSaving *s = &g_array_index (groups, RxPpuGroupSaving, i);
      RxPpuGroup *g = &g_array_index (m->groups, RxPpuGroup, s->group);
      double q = (double) s->quantity / RX_SCALE_QUANTITY, c = (double) s->nic / RX_SCALE_NIC;
      PpuRow row = { g->code, g->code, g->name, NULL, q, c, ratio_or_nan (c, q), g->target_ppu, s->saving };

      if (!(s->saving >= min_saving))
        continue;
      if (listed != NULL)
        listed[s->group] = TRUE;
      else
        g_array_append_val (rows, row);
    }
  for (guint i = 0; listed != NULL && i < entries->len; i++)
    {
      RxPpuEntry *e = &g_array_index (entries, RxPpuEntry, i);
      RxPpuMember *b = &g_array_index (m->members, RxPpuMember, e->member);
      RxPpuGroup *g = &g_array_index (m->groups, RxPpuGroup, b->group);
      double q = (double) e->quantity / RX_SCALE_QUANTITY, c = (double) e->nic / RX_SCALE_NIC;
      double s = rx_ppu_entry_saving (m, e);
      PpuRow row = { g->code, b->code, b->name, NULL, q, c, ratio_or_nan (c, q), g->target_ppu, s };

      if (listed[b->group] && e->quantity > 0 && s > 0)
        g_array_append_val (rows, row);
    }
  g_array_sort (rows, compare_ppu_rows);
  return TRUE;
}

/**
 * rx_export_ppu:
 * @min_saving: pounds, or NAN for the org type's threshold
 *
 * `export ppu` (methodology.md §6.3): at practice level one row per
 * presentation with a saving in each listed group; above, one row per
 * group.  Rows by org_code, possible_saving descending, bnf_code.
 */
gboolean
rx_export_ppu (RxDb                 *db,
               const RxExportFilter *filter,
               int                   month,
               double                min_saving,
               GString              *out,
               GError              **error)
{
  g_autoptr(RxPopulation) pop = NULL;
  g_autoptr(RxPpuMonth) m = NULL;
  g_autoptr(GPtrArray) orgs = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (PpuRow));
  RxOrgType type;
  guint32 org_id;

  if (!resolve_filter (db, filter, &type, &org_id, error))
    return FALSE;
  if (isnan (min_saving))
    min_saving = rx_ppu_threshold (db, type);
  if (month == 0)
    month = rx_export_latest_month (db);
  if ((pop = rx_population_load (db, error)) == NULL || (m = rx_ppu_month_load (db, month, error)) == NULL ||
      (orgs = ppu_orgs (db, pop, type, org_id, error)) == NULL)
    return FALSE;
  g_string_append (out, "date,org_type,org_code,org_name,generic_code,bnf_code,bnf_name,quantity,"
                        "net_cost,price_per_unit,target_price_per_unit,possible_saving\n");
  for (guint i = 0; m->groups->len > 0 && i < orgs->len; i++)
    {
      PpuOrg *o = g_ptr_array_index (orgs, i);

      if (!ppu_org_rows (m, pop, type, o, min_saving, rows, error))
        return FALSE;
      for (guint r = 0; r < rows->len; r++)
        {
          PpuRow *row = &g_array_index (rows, PpuRow, r);

          append_month (out, month);
          g_string_append_c (out, ',');
          rx_csv_append_field (out, rx_org_type_to_string (type));
          g_string_append_c (out, ',');
          rx_csv_append_field (out, o->code);
          g_string_append_c (out, ',');
          rx_csv_append_field (out, o->name);
          g_string_append_c (out, ',');
          rx_csv_append_field (out, row->generic_code);
          g_string_append_c (out, ',');
          rx_csv_append_field (out, row->bnf_code);
          g_string_append_c (out, ',');
          rx_csv_append_field (out, row->bnf_name);
          append_double_or_empty (out, row->quantity);
          append_double_or_empty (out, row->net_cost);
          append_double_or_empty (out, row->ppu);
          append_double_or_empty (out, row->target);
          append_double_or_empty (out, row->saving);
          g_string_append_c (out, '\n');
        }
    }
  return TRUE;
}

/**
 * rx_export_swaps:
 *
 * `export swaps` (methodology.md §6.4): rows by org_code, monthly_saving
 * descending, bnf_code; above practice, sums over its practices per
 * branded presentation.
 */
gboolean
rx_export_swaps (RxDb                 *db,
                 const RxExportFilter *filter,
                 int                   month,
                 double                min_saving,
                 GString              *out,
                 GError              **error)
{
  g_autoptr(RxPopulation) pop = NULL;
  g_autoptr(RxPpuMonth) m = NULL;
  g_autoptr(GPtrArray) orgs = NULL;
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (RxPpuGroupSaving));
  g_autoptr(GArray) swaps = g_array_new (FALSE, FALSE, sizeof (RxPpuSwap));
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (PpuRow));
  RxOrgType type;
  guint32 org_id;

  if (!resolve_filter (db, filter, &type, &org_id, error))
    return FALSE;
  if (isnan (min_saving))
    min_saving = 0;
  if (month == 0)
    month = rx_export_latest_month (db);
  if ((pop = rx_population_load (db, error)) == NULL || (m = rx_ppu_month_load (db, month, error)) == NULL ||
      (orgs = ppu_orgs (db, pop, type, org_id, error)) == NULL)
    return FALSE;
  g_string_append (out, "date,org_code,org_name,bnf_code,bnf_name,generic_code,generic_name,quantity,"
                        "net_cost,generic_price_per_unit,monthly_saving,annual_saving\n");
  for (guint i = 0; m->groups->len > 0 && i < orgs->len; i++)
    {
      PpuOrg *o = g_ptr_array_index (orgs, i);

      if (!rx_ppu_month_org (m, pop, o->practices, groups, swaps, error))
        return FALSE;
      g_array_set_size (rows, 0);
      for (guint s = 0; s < swaps->len; s++)
        {
          RxPpuSwap *w = &g_array_index (swaps, RxPpuSwap, s);
          RxPpuMember *b = &g_array_index (m->members, RxPpuMember, w->member);
          RxPpuGroup *g = &g_array_index (m->groups, RxPpuGroup, b->group);
          PpuRow row = { g->code, b->code, b->name, g->name, (double) w->quantity / RX_SCALE_QUANTITY,
                         (double) w->nic / RX_SCALE_NIC, g->generic_ppu, NAN, w->monthly };

          if (w->monthly >= min_saving)
            g_array_append_val (rows, row);
        }
      g_array_sort (rows, compare_ppu_rows);
      for (guint r = 0; r < rows->len; r++)
        {
          PpuRow *row = &g_array_index (rows, PpuRow, r);

          append_month (out, month);
          g_string_append_c (out, ',');
          rx_csv_append_field (out, o->code);
          g_string_append_c (out, ',');
          rx_csv_append_field (out, o->name);
          g_string_append_c (out, ',');
          rx_csv_append_field (out, row->bnf_code);
          g_string_append_c (out, ',');
          rx_csv_append_field (out, row->bnf_name);
          g_string_append_c (out, ',');
          rx_csv_append_field (out, row->generic_code);
          g_string_append_c (out, ',');
          rx_csv_append_field (out, row->generic_name);
          append_double_or_empty (out, row->quantity);
          append_double_or_empty (out, row->net_cost);
          append_double_or_empty (out, row->ppu);
          append_double_or_empty (out, row->saving);
          append_double_or_empty (out, rx_ppu_swap_annual (row->saving));
          g_string_append_c (out, '\n');
        }
    }
  return TRUE;
}
