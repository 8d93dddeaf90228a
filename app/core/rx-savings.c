// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-savings"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "rx-export.h"
#include "rx-ppu.h"
#include "rx-savings.h"

/* What the window and the visit packs read about price-per-unit savings:
 * an organisation's groups ranked by saving, with the presentations
 * behind each, for a month or the last twelve months held.  Everything is
 * read from what the computation stored; nothing is computed again. */

static void
presentation_free (gpointer data)
{
  RxSavingPresentation *p = data;

  g_free (p->bnf_code);
  g_free (p->bnf_name);
  g_free (p);
}

static void
group_free (gpointer data)
{
  RxSavingGroup *g = data;

  g_free (g->generic_code);
  g_free (g->generic_name);
  g_ptr_array_unref (g->presentations);
  g_free (g);
}

void
rx_savings_free (RxSavings *s)
{
  if (s == NULL)
    return;
  g_free (s->org_code);
  g_ptr_array_unref (s->groups);
  g_free (s);
}

static int
months_back (int month,
             int n)
{
  int t = (month / 100) * 12 + (month % 100 - 1) - n;

  return (t / 12) * 100 + t % 12 + 1;
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const RxSavingGroup *x = *(const RxSavingGroup * const *) a;
  const RxSavingGroup *y = *(const RxSavingGroup * const *) b;

  if (x->saving != y->saving)
    return x->saving > y->saving ? -1 : 1;
  return strcmp (x->generic_code, y->generic_code);
}

/**
 * rx_savings_for_org:
 * @n_months: 1 for the month, 12 for the last twelve months held (each
 *   month's listed groups summed)
 *
 * Returns: the organisation's price-per-unit savings, groups ranked.
 */
RxSavings *
rx_savings_for_org (RxDb        *db,
                    const char  *org_code,
                    int          month,
                    guint        n_months,
                    GError     **error)
{
  g_autoptr(RxSavings) s = g_new0 (RxSavings, 1);
  g_autoptr(sqlite3_stmt) groups = NULL;
  g_autoptr(sqlite3_stmt) parts = NULL;
  g_autoptr(sqlite3_stmt) swaps = NULL;
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  guint32 org_id;
  RxOrgType type = RX_ORG_PRACTICE;

  if (!rx_export_find_org (db, org_code, FALSE, &type, &org_id, error))
    return NULL;
  if (month == 0)
    month = rx_export_latest_month (db);
  s->org_code = g_ascii_strup (org_code, -1);
  s->org_type = type;
  s->last_month = month;
  s->first_month = months_back (month, MAX (n_months, 1) - 1);
  s->threshold = rx_ppu_threshold (db, type);
  s->groups = g_ptr_array_new_with_free_func (group_free);

  groups = rx_db_prepare (db,
    "SELECT g.code, g.name, sum (s.quantity), sum (s.net_cost), sum (s.saving), max (t.target_ppu), "
    "  count (*) FROM ppu_saving s JOIN bnf g ON g.id = s.generic_id "
    "JOIN ppu_group t ON t.month = s.month AND t.generic_id = s.generic_id "
    "WHERE s.org_id = ?1 AND s.bnf_id = 0 AND s.month BETWEEN ?2 AND ?3 AND s.saving >= ?4 "
    "GROUP BY g.code", error);
  parts = rx_db_prepare (db,
    "SELECT b.code, b.name, sum (s.quantity), sum (s.net_cost), sum (s.saving) "
    "FROM ppu_saving s JOIN bnf b ON b.id = s.bnf_id JOIN bnf g ON g.id = s.generic_id "
    "JOIN ppu_saving h ON h.month = s.month AND h.org_id = s.org_id AND h.generic_id = s.generic_id "
    "  AND h.bnf_id = 0 AND h.saving >= ?4 "
    "WHERE s.org_id = ?1 AND s.bnf_id != 0 AND s.month BETWEEN ?2 AND ?3 AND g.code = ?5 "
    "GROUP BY b.code ORDER BY sum (s.saving) DESC, b.code", error);
  /* Swaps are stored per practice: sum over the organisation's practices
   * (England: all of them). */
  swaps = rx_db_prepare (db,
    "WITH RECURSIVE m (id) AS (SELECT ?1 UNION SELECT l.child_id FROM org_link l JOIN m "
    "  ON l.parent_id = m.id) "
    "SELECT sum (monthly) FROM swap WHERE month BETWEEN ?2 AND ?3 "
    "AND (?4 OR org_id IN (SELECT id FROM m))", error);
  if (groups == NULL || parts == NULL || swaps == NULL)
    return NULL;
  sqlite3_bind_int64 (groups, 1, org_id);
  sqlite3_bind_int (groups, 2, s->first_month);
  sqlite3_bind_int (groups, 3, s->last_month);
  sqlite3_bind_double (groups, 4, s->threshold);
  while (sqlite3_step (groups) == SQLITE_ROW)
    {
      RxSavingGroup *g = g_new0 (RxSavingGroup, 1);

      g->generic_code = g_strdup ((const char *) sqlite3_column_text (groups, 0));
      g->generic_name = g_strdup ((const char *) sqlite3_column_text (groups, 1));
      g->quantity = sqlite3_column_double (groups, 2);
      g->net_cost = sqlite3_column_double (groups, 3);
      g->saving = sqlite3_column_double (groups, 4);
      g->price_per_unit = g->quantity > 0 ? g->net_cost / g->quantity : NAN;
      g->target_price_per_unit = sqlite3_column_int (groups, 6) == 1
        ? sqlite3_column_double (groups, 5) : NAN;
      g->presentations = g_ptr_array_new_with_free_func (presentation_free);
      s->total += g->saving;
      g_ptr_array_add (s->groups, g);
    }
  g_ptr_array_sort (s->groups, compare_groups);

  for (guint i = 0; i < s->groups->len; i++)
    {
      RxSavingGroup *g = g_ptr_array_index (s->groups, i);

      sqlite3_bind_int64 (parts, 1, org_id);
      sqlite3_bind_int (parts, 2, s->first_month);
      sqlite3_bind_int (parts, 3, s->last_month);
      sqlite3_bind_double (parts, 4, s->threshold);
      sqlite3_bind_text (parts, 5, g->generic_code, -1, SQLITE_STATIC);
      while (sqlite3_step (parts) == SQLITE_ROW)
        {
          RxSavingPresentation *p = g_new0 (RxSavingPresentation, 1);
          p->bnf_code = g_strdup ((const char *) sqlite3_column_text (parts, 0));
          p->bnf_name = g_strdup ((const char *) sqlite3_column_text (parts, 1));
          p->quantity = sqlite3_column_double (parts, 2);
          p->net_cost = sqlite3_column_double (parts, 3);
          p->saving = sqlite3_column_double (parts, 4);
          p->price_per_unit = p->quantity > 0 ? p->net_cost / p->quantity : NAN;
          g_ptr_array_add (g->presentations, p);
        }
      sqlite3_reset (parts);
    }

  sqlite3_bind_int64 (swaps, 1, org_id);
  sqlite3_bind_int (swaps, 2, s->first_month);
  sqlite3_bind_int (swaps, 3, s->last_month);
  sqlite3_bind_int (swaps, 4, type == RX_ORG_ENGLAND);
  if (sqlite3_step (swaps) == SQLITE_ROW)
    s->swaps_monthly = sqlite3_column_double (swaps, 0);
  return g_steal_pointer (&s);
}
