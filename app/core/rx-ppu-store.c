// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-ppu-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "rx-ppu-store.h"
#include "rx-stats.h"
#include "rx-store.h"
#include "rx-varint.h"

/* How price-per-unit results are kept (methodology.md §6).  A month holds
 * its substitution groups with their national target and generic price,
 * the member presentations of each, and, per setting-4 practice, one blob
 * of the quantity and NIC of every member it prescribed.  A practice's
 * savings and swaps follow from its blob and the targets with one
 * subtraction each; an organisation above practice sums its practices'
 * floored savings in population order, as §6.3 says.  The blob is the
 * member index (delta from the previous), then quantity and NIC, each a
 * zigzag varint: about 7 bytes a practice and presentation. */

#define BLOB_VERSION 1

void
rx_ppu_blob_append (RxPpuBlob        *blob,
                    const RxPpuEntry *entry)
{
  guint8 *p;

  /* Appended a few bytes at a time, millions of times a month: grow by
   * doubling and write in place. */
  if (blob->size - blob->len < 32)
    {
      blob->size = MAX (blob->size * 2, 256);
      blob->data = g_realloc (blob->data, blob->size);
    }
  p = blob->data + blob->len;
  if (blob->len == 0)
    {
      *p++ = BLOB_VERSION;
      p = rx_put_varint (p, entry->member);
    }
  else
    {
      g_assert (entry->member > blob->last_member);
      p = rx_put_varint (p, entry->member - blob->last_member);
    }
  p = rx_put_varint (p, rx_zigzag (entry->quantity));
  p = rx_put_varint (p, rx_zigzag (entry->nic));
  blob->last_member = entry->member;
  blob->len = p - blob->data;
}

gboolean
rx_ppu_blob_decode (const guint8  *data,
                    gsize          len,
                    GArray        *entries,
                    GError       **error)
{
  const guint8 *p = data + 1, *end = data + len;
  guint32 member = 0;
  gboolean first = TRUE;

  g_array_set_size (entries, 0);
  if (len < 1 || data[0] != BLOB_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "stored price-per-unit data is of an unknown version");
      return FALSE;
    }
  while (p < end)
    {
      guint64 v[3];
      RxPpuEntry e;

      for (int i = 0; i < 3; i++)
        if (!rx_get_varint (&p, end, &v[i]))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         "stored price-per-unit data is truncated");
            return FALSE;
          }
      member = first ? (guint32) v[0] : member + (guint32) v[0];
      first = FALSE;
      e.member = member;
      e.quantity = rx_unzigzag (v[1]);
      e.nic = rx_unzigzag (v[2]);
      g_array_append_val (entries, e);
    }
  return TRUE;
}

static void
group_clear (gpointer data)
{
  RxPpuGroup *g = data;

  g_free (g->code);
  g_free (g->name);
}

static void
member_clear (gpointer data)
{
  RxPpuMember *m = data;

  g_free (m->code);
  g_free (m->name);
}

void
rx_ppu_month_free (RxPpuMonth *m)
{
  if (m == NULL)
    return;
  g_array_unref (m->groups);
  g_array_unref (m->members);
  g_clear_pointer (&m->read, sqlite3_finalize);
  g_free (m->by_group);
  g_free (m->by_member);
  g_clear_pointer (&m->touched_groups, g_array_unref);
  g_clear_pointer (&m->touched_members, g_array_unref);
  g_free (m);
}

static double
column_or_nan (sqlite3_stmt *stmt,
               int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, column);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/**
 * rx_ppu_month_load:
 *
 * Reads a month's groups and members.  A month with no stored results has
 * no groups.
 */
RxPpuMonth *
rx_ppu_month_load (RxDb    *db,
                   int      month,
                   GError **error)
{
  g_autoptr(RxPpuMonth) m = g_new0 (RxPpuMonth, 1);
  g_autoptr(sqlite3_stmt) groups = NULL;
  g_autoptr(sqlite3_stmt) members = NULL;

  m->month = month;
  m->db = db;
  m->groups = g_array_new (FALSE, TRUE, sizeof (RxPpuGroup));
  m->members = g_array_new (FALSE, TRUE, sizeof (RxPpuMember));
  g_array_set_clear_func (m->groups, group_clear);
  g_array_set_clear_func (m->members, member_clear);
  groups = rx_db_prepare (db,
    "SELECT g.generic_id, b.code, b.name, g.target_ppu, g.generic_ppu FROM ppu_group g "
    "JOIN bnf b ON b.id = g.generic_id WHERE g.month = ? ORDER BY g.idx", error);
  members = rx_db_prepare (db,
    "SELECT m.bnf_id, b.code, b.name, m.group_idx, m.swap FROM ppu_member m "
    "JOIN bnf b ON b.id = m.bnf_id WHERE m.month = ? ORDER BY m.idx", error);
  m->read = rx_db_prepare (db, "SELECT data FROM ppu_practice WHERE month = ? AND org_id = ?", error);
  if (groups == NULL || members == NULL || m->read == NULL)
    return NULL;
  sqlite3_bind_int (groups, 1, month);
  while (sqlite3_step (groups) == SQLITE_ROW)
    {
      RxPpuGroup g = {
        .generic_id = sqlite3_column_int64 (groups, 0),
        .code = column_dup (groups, 1),
        .name = column_dup (groups, 2),
        .target_ppu = column_or_nan (groups, 3),
        .generic_ppu = column_or_nan (groups, 4),
      };
      g_array_append_val (m->groups, g);
    }
  sqlite3_bind_int (members, 1, month);
  while (sqlite3_step (members) == SQLITE_ROW)
    {
      RxPpuMember e = {
        .bnf_id = sqlite3_column_int64 (members, 0),
        .code = column_dup (members, 1),
        .name = column_dup (members, 2),
        .group = sqlite3_column_int (members, 3),
        .swap = sqlite3_column_int (members, 4) != 0,
      };
      RxPpuGroup *g;

      if (e.group >= m->groups->len)
        {
          member_clear (&e);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "stored price-per-unit groups of %d are inconsistent", month);
          return NULL;
        }
      g = &g_array_index (m->groups, RxPpuGroup, e.group);
      if (g->n_members++ == 0)
        g->first_member = m->members->len;
      g_array_append_val (m->members, e);
    }
  return g_steal_pointer (&m);
}

/* A practice's entries for the month; none when it prescribed no member. */
gboolean
rx_ppu_month_read (RxPpuMonth  *m,
                   guint32      practice_id,
                   GArray      *entries,
                   GError     **error)
{
  gboolean ok = TRUE;

  g_array_set_size (entries, 0);
  sqlite3_bind_int (m->read, 1, m->month);
  sqlite3_bind_int64 (m->read, 2, practice_id);
  if (sqlite3_step (m->read) == SQLITE_ROW)
    ok = rx_ppu_blob_decode (sqlite3_column_blob (m->read, 0), sqlite3_column_bytes (m->read, 0),
                             entries, error);
  sqlite3_reset (m->read);
  for (guint i = 0; ok && i < entries->len; i++)
    if (g_array_index (entries, RxPpuEntry, i).member >= m->members->len)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "stored price-per-unit data of %d names an unknown presentation", m->month);
        ok = FALSE;
      }
  return ok;
}

static double
scaled_quantity (gint64 q)
{
  return (double) q / RX_SCALE_QUANTITY;
}

static double
scaled_nic (gint64 c)
{
  return (double) c / RX_SCALE_NIC;
}

/* s(p,b,m) of §6.3 for one presentation of a practice: 0 or more, NaN when
 * the group has no target. */
double
rx_ppu_entry_saving (const RxPpuMonth *m,
                     const RxPpuEntry *e)
{
  const RxPpuMember *member = &g_array_index (m->members, RxPpuMember, e->member);
  const RxPpuGroup *g = &g_array_index (m->groups, RxPpuGroup, member->group);

  if (e->quantity <= 0)
    return 0;
  return rx_ppu_saving (scaled_nic (e->nic), scaled_quantity (e->quantity), g->target_ppu);
}

/**
 * rx_ppu_org_practices:
 *
 * Returns: the dense population indices of the setting-4 practices of an
 *   organisation, in population (code) order
 */
GArray *
rx_ppu_org_practices (const RxPopulation *pop,
                      RxOrgType           type,
                      guint32             org_id)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));
  int level = (int) type - 1, index = -1;

  if (type == RX_ORG_PRACTICE)
    {
      int p = rx_population_find (pop, org_id);
      if (p >= 0)
        {
          guint u = p;
          g_array_append_val (out, u);
        }
      return out;
    }
  if (type == RX_ORG_ENGLAND)
    {
      for (guint p = 0; p < pop->n; p++)
        g_array_append_val (out, p);
      return out;
    }
  if (level < 0 || level >= 4)
    return out;
  for (guint o = 0; o < pop->n_level[level]; o++)
    if (pop->level_org_ids[level][o] == org_id)
      index = o;
  for (guint p = 0; index >= 0 && p < pop->n; p++)
    if (pop->parent[level][p] == index)
      g_array_append_val (out, p);
  return out;
}

/* Adds a practice's floored group savings and its swaps to the month's
 * running sums; sums_take() returns and clears them. */
static void
sums_add (RxPpuMonth *m,
          GArray     *entries)
{
  if (m->by_group == NULL)
    {
      m->by_group = g_new (RxPpuGroupSaving, MAX (m->groups->len, 1));
      m->by_member = g_new (RxPpuSwap, MAX (m->members->len, 1));
      m->touched_groups = g_array_new (FALSE, FALSE, sizeof (guint));
      m->touched_members = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; i < m->groups->len; i++)
        m->by_group[i] = (RxPpuGroupSaving) { .group = G_MAXUINT };
      for (guint i = 0; i < m->members->len; i++)
        m->by_member[i] = (RxPpuSwap) { .member = G_MAXUINT };
    }
  for (guint i = 0; i < entries->len;)
    {
      const RxPpuEntry *first = &g_array_index (entries, RxPpuEntry, i);
      guint group = g_array_index (m->members, RxPpuMember, first->member).group;
      const RxPpuGroup *g = &g_array_index (m->groups, RxPpuGroup, group);
      RxPpuGroupSaving *sum = &m->by_group[group];
      gint64 q = 0, c = 0;
      double s;

      for (; i < entries->len; i++)
        {
          const RxPpuEntry *e = &g_array_index (entries, RxPpuEntry, i);
          const RxPpuMember *member = &g_array_index (m->members, RxPpuMember, e->member);
          RxPpuSwap *swap = &m->by_member[e->member];
          double monthly;

          if (member->group != group)
            break;
          q += e->quantity;
          c += e->nic;
          if (!member->swap)
            continue;
          monthly = rx_ppu_swap_monthly (scaled_nic (e->nic), scaled_quantity (e->quantity), g->generic_ppu);
          if (isnan (monthly))
            continue;
          if (swap->member == G_MAXUINT)
            {
              *swap = (RxPpuSwap) { .member = e->member };
              g_array_append_val (m->touched_members, e->member);
            }
          swap->quantity += e->quantity;
          swap->nic += e->nic;
          swap->monthly += monthly;
        }
      /* S(p,g,m), floored; practices with Q = 0 have none (§6.2).  ΣQ and
       * ΣC run over every member practice, saving or not (§6.3). */
      s = q > 0 ? rx_ppu_saving (scaled_nic (c), scaled_quantity (q), g->target_ppu) : 0;
      if (sum->group == G_MAXUINT)
        {
          *sum = (RxPpuGroupSaving) { .group = group };
          g_array_append_val (m->touched_groups, group);
        }
      sum->quantity += q;
      sum->nic += c;
      if (s > 0)
        sum->saving += s;
    }
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* @groups: RxPpuGroupSaving with S > 0, in group order; @swaps (nullable):
 * RxPpuSwap, in member order. */
static void
sums_take (RxPpuMonth *m,
           GArray     *groups,
           GArray     *swaps)
{
  g_array_set_size (groups, 0);
  if (swaps != NULL)
    g_array_set_size (swaps, 0);
  if (m->by_group == NULL)
    return;
  g_array_sort (m->touched_groups, compare_uint);
  for (guint i = 0; i < m->touched_groups->len; i++)
    {
      guint g = g_array_index (m->touched_groups, guint, i);
      if (m->by_group[g].saving > 0)
        g_array_append_val (groups, m->by_group[g]);
      m->by_group[g].group = G_MAXUINT;
    }
  g_array_sort (m->touched_members, compare_uint);
  for (guint i = 0; i < m->touched_members->len; i++)
    {
      guint b = g_array_index (m->touched_members, guint, i);
      if (swaps != NULL)
        g_array_append_val (swaps, m->by_member[b]);
      m->by_member[b].member = G_MAXUINT;
    }
  g_array_set_size (m->touched_groups, 0);
  g_array_set_size (m->touched_members, 0);
}

/**
 * rx_ppu_month_org:
 * @practices: dense population indices (rx_ppu_org_practices())
 *
 * An organisation's savings: its practices' floored savings summed per
 * group in the order given, and their swaps per branded presentation.
 */
gboolean
rx_ppu_month_org (RxPpuMonth         *m,
                  const RxPopulation *pop,
                  GArray             *practices,
                  GArray             *groups,
                  GArray             *swaps,
                  GError            **error)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (RxPpuEntry));

  for (guint i = 0; i < practices->len; i++)
    {
      if (!rx_ppu_month_read (m, pop->org_ids[g_array_index (practices, guint, i)], entries, error))
        {
          sums_take (m, groups, swaps);
          return FALSE;
        }
      sums_add (m, entries);
    }
  sums_take (m, groups, swaps);
  return TRUE;
}

/**
 * rx_ppu_month_practice:
 * @entries: (out): the practice's entries, for the presentations behind
 *   its groups
 * @groups: (out): RxPpuGroupSaving with S > 0, in group order
 * @swaps: (out) (nullable): RxPpuSwap, in member order
 *
 * One practice's savings and swaps.
 */
gboolean
rx_ppu_month_practice (RxPpuMonth  *m,
                       guint32      practice_id,
                       GArray      *entries,
                       GArray      *groups,
                       GArray      *swaps,
                       GError     **error)
{
  if (!rx_ppu_month_read (m, practice_id, entries, error))
    return FALSE;
  sums_add (m, entries);
  sums_take (m, groups, swaps);
  return TRUE;
}
