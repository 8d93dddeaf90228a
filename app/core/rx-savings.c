// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-savings"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "rx-export.h"
#include "rx-compute.h"
#include "rx-ppu.h"
#include "rx-ppu-store.h"
#include "rx-store.h"
#include "rx-savings.h"

/* What the window and the visit packs read about price-per-unit savings:
 * an organisation's groups ranked by saving, with the presentations
 * behind each, for a month or the last twelve months held, read from what
 * the computation stored (rx-ppu-store.c). */

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

static RxSavingGroup *
find_group (RxSavings        *s,
            GHashTable       *by_code,
            const RxPpuGroup *pg)
{
  RxSavingGroup *g = g_hash_table_lookup (by_code, pg->code);

  if (g == NULL)
    {
      g = g_new0 (RxSavingGroup, 1);
      g->generic_code = g_strdup (pg->code);
      g->generic_name = g_strdup (pg->name);
      g->target_price_per_unit = pg->target_ppu;
      g->presentations = g_ptr_array_new_with_free_func (presentation_free);
      g_hash_table_insert (by_code, g->generic_code, g);
      g_ptr_array_add (s->groups, g);
    }
  else
    g->target_price_per_unit = NAN;    /* over several months there is no one target */
  return g;
}

static RxSavingPresentation *
find_presentation (RxSavingGroup     *g,
                   const RxPpuMember *member)
{
  RxSavingPresentation *p;

  for (guint i = 0; i < g->presentations->len; i++)
    if (g_str_equal (((RxSavingPresentation *) g_ptr_array_index (g->presentations, i))->bnf_code,
                     member->code))
      return g_ptr_array_index (g->presentations, i);
  p = g_new0 (RxSavingPresentation, 1);
  p->bnf_code = g_strdup (member->code);
  p->bnf_name = g_strdup (member->name);
  g_ptr_array_add (g->presentations, p);
  return p;
}

static int
compare_presentations (gconstpointer a,
                       gconstpointer b)
{
  const RxSavingPresentation *x = *(const RxSavingPresentation * const *) a;
  const RxSavingPresentation *y = *(const RxSavingPresentation * const *) b;

  if (x->saving != y->saving)
    return x->saving > y->saving ? -1 : 1;
  return strcmp (x->bnf_code, y->bnf_code);
}

/* Adds one month's listed groups (and, for a practice, the presentations
 * behind them) and swaps. */
static gboolean
add_month (RxSavings           *s,
           GHashTable          *by_code,
           RxDb                *db,
           const RxPopulation  *pop,
           GArray              *practices,
           int                  month,
           GError             **error)
{
  g_autoptr(RxPpuMonth) m = rx_ppu_month_load (db, month, error);
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (RxPpuGroupSaving));
  g_autoptr(GArray) swaps = g_array_new (FALSE, FALSE, sizeof (RxPpuSwap));
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (RxPpuEntry));
  g_autofree RxSavingGroup **listed = NULL;

  if (m == NULL)
    return FALSE;
  if (m->groups->len == 0)
    return TRUE;
  if (s->org_type == RX_ORG_PRACTICE && practices->len == 1)
    {
      if (!rx_ppu_month_practice (m, pop->org_ids[g_array_index (practices, guint, 0)], entries,
                                  groups, swaps, error))
        return FALSE;
    }
  else if (!rx_ppu_month_org (m, pop, practices, groups, swaps, error))
    return FALSE;

  listed = g_new0 (RxSavingGroup *, m->groups->len);
  for (guint i = 0; i < groups->len; i++)
    {
      RxPpuGroupSaving *gs = &g_array_index (groups, RxPpuGroupSaving, i);
      RxSavingGroup *g;

      if (!(gs->saving >= s->threshold))
        continue;
      g = find_group (s, by_code, &g_array_index (m->groups, RxPpuGroup, gs->group));
      g->quantity += (double) gs->quantity / RX_SCALE_QUANTITY;
      g->net_cost += (double) gs->nic / RX_SCALE_NIC;
      g->saving += gs->saving;
      s->total += gs->saving;
      listed[gs->group] = g;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      RxPpuEntry *e = &g_array_index (entries, RxPpuEntry, i);
      const RxPpuMember *member = &g_array_index (m->members, RxPpuMember, e->member);
      double saving = rx_ppu_entry_saving (m, e);
      RxSavingPresentation *p;

      if (listed[member->group] == NULL || e->quantity <= 0 || !(saving > 0))
        continue;
      p = find_presentation (listed[member->group], member);
      p->quantity += (double) e->quantity / RX_SCALE_QUANTITY;
      p->net_cost += (double) e->nic / RX_SCALE_NIC;
      p->saving += saving;
    }
  for (guint i = 0; i < swaps->len; i++)
    s->swaps_monthly += g_array_index (swaps, RxPpuSwap, i).monthly;
  return TRUE;
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
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(RxPopulation) pop = NULL;
  g_autoptr(GArray) practices = NULL;
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
  if ((pop = rx_population_load (db, error)) == NULL)
    return NULL;
  practices = rx_ppu_org_practices (pop, type, org_id);
  for (guint i = 0; i < MAX (n_months, 1); i++)
    if (!add_month (s, by_code, db, pop, practices, months_back (month, MAX (n_months, 1) - 1 - i), error))
      return NULL;
  for (guint i = 0; i < s->groups->len; i++)
    {
      RxSavingGroup *g = g_ptr_array_index (s->groups, i);

      g->price_per_unit = g->quantity > 0 ? g->net_cost / g->quantity : NAN;
      for (guint j = 0; j < g->presentations->len; j++)
        {
          RxSavingPresentation *p = g_ptr_array_index (g->presentations, j);
          p->price_per_unit = p->quantity > 0 ? p->net_cost / p->quantity : NAN;
        }
      g_ptr_array_sort (g->presentations, compare_presentations);
    }
  g_ptr_array_sort (s->groups, compare_groups);
  return g_steal_pointer (&s);
}
