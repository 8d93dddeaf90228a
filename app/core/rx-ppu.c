// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-ppu"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "rx-bnf.h"
#include "rx-compute.h"
#include "rx-ppu.h"
#include "rx-stats.h"
#include "rx-store.h"

/* Price-per-unit savings and brand-to-generic swaps (methodology.md §6):
 * presentations are grouped by their generic equivalent, each practice's
 * price per unit on NIC is compared with the national 10th percentile, and
 * savings are floored per practice before they are summed upwards.  Groups
 * are processed one at a time, so memory stays small on national data. */

const char * const rx_ppu_default_exclusions[] = {
  "0302000C0....BE", "0302000C0....BF", "0302000C0....BG", "0302000C0....BH", "0904010H0",
  "1311070S0....AA", "1311020L0....BS", "0913011C0", "0301020S0....AA", "190700000BBCJA0",
  "0604011L0BGAAAH", "1502010J0....BY", "1201010F0AAAAAA", "0107010S0AAAGAG", "060016000BBAAA0",
  "190201000AABJBJ", "190201000AABKBK", "190201000AABLBL", "190201000AABMBM", "190201000AABNBN",
  "190202000AAADAD", "190700000AABABA", NULL,
};

const char * const rx_ppu_default_brand_advised[] = {
  "0802020G0", "0802020T0", "0206020C0", "0301", "0302", NULL,
};

/* Every positive saving is stored, so that any --min-saving lists exactly
 * what the method gives.  Nine in ten practice × group pairs have one (every
 * practice above the 10th percentile): on national data that is millions of
 * rows a month, and the preference ppu-store-min (pounds) may raise the
 * floor for all levels to trade that for space and time. */

/* Listing thresholds by org type (§6.3), in pounds. */
static const double default_thresholds[] = {
  [RX_ORG_PRACTICE] = 10, [RX_ORG_PCN] = 50, [RX_ORG_SUB_ICB] = 200, [RX_ORG_ICB] = 1000,
  [RX_ORG_REGION] = 10000, [RX_ORG_ENGLAND] = 50000,
};


double
rx_ppu_threshold (RxDb      *db,
                  RxOrgType  type)
{
  g_autofree char *key = g_strdup_printf ("ppu-threshold-%s", rx_org_type_to_string (type));
  g_autofree char *value = rx_db_get_preference (db, key);

  if (value != NULL)
    return g_ascii_strtod (value, NULL);
  return type <= RX_ORG_ENGLAND ? default_thresholds[type] : 0;
}

/* A pattern of the exclusion list: '.' any character; shorter than a full
 * code, a prefix. */
static gboolean
pattern_matches (const char *pattern,
                 const char *code)
{
  gsize n = strlen (pattern);

  if (strlen (code) < n)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (pattern[i] != '.' && pattern[i] != code[i])
      return FALSE;
  return n < 15 || strlen (code) == n;
}

gboolean
rx_ppu_code_excluded (const char         *code,
                      const char * const *patterns)
{
  for (; patterns != NULL && *patterns != NULL; patterns++)
    if (**patterns != '\0' && pattern_matches (*patterns, code))
      return TRUE;
  return FALSE;
}

/* The substitution group of a presentation (§6.1 step 3), or FALSE. */
gboolean
rx_ppu_group_of (const char *code,
                 char        group[16])
{
  if (strlen (code) != 15 || rx_bnf_is_device_chapter (code))
    return FALSE;
  return rx_bnf_generic_equivalent (code, group);
}

/* Codes or patterns separated by spaces, commas, semicolons or new lines;
 * '#' starts a comment to the end of the line. */
static void
add_list_text (GStrvBuilder *builder,
               const char   *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (char **line = lines; *line != NULL; line++)
    {
      char *hash = strchr (*line, '#');
      g_auto(GStrv) words = NULL;

      if (hash != NULL)
        *hash = '\0';
      words = g_strsplit_set (*line, " \t\r,;", -1);
      for (char **w = words; *w != NULL; w++)
        if (**w != '\0')
          g_strv_builder_add (builder, *w);
    }
}

/* A list preference: the bundled list, then the user's file
 * ($XDG_CONFIG_HOME/rxreview/KEY.txt), then the database preference KEY. */
static char **
list_preference (RxDb               *db,
                 const char         *key,
                 const char * const *defaults)
{
  g_autofree char *extra = rx_db_get_preference (db, key);
  g_autofree char *file = g_strdup_printf ("%s.txt", key);
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "rxreview", file, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_addv (builder, (const char **) defaults);
  if (g_file_get_contents (path, &contents, NULL, NULL))
    add_list_text (builder, contents);
  if (extra != NULL)
    add_list_text (builder, extra);
  return g_strv_builder_end (builder);
}

/* Formulation swaps (§6.1 step 4): an optional file in the layout of OP's
 * formulation_swaps.csv (Code, Alternative code, Really equivalent? = Y),
 * at $XDG_CONFIG_HOME/rxreview/formulation-swaps.csv or the path in the
 * preference of that name.  Joined groups are named by their lexically
 * smallest generic code.  Returns generic → group name. */
static GHashTable *
load_formulation_swaps (RxDb *db)
{
  GHashTable *map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *pref = rx_db_get_preference (db, "formulation-swaps");
  g_autofree char *path = pref != NULL ? g_strdup (pref)
    : g_build_filename (g_get_user_config_dir (), "rxreview", "formulation-swaps.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean changed = TRUE;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return map;
  lines = g_strsplit (contents, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    {
      g_auto(GStrv) f = g_strsplit (g_strstrip (*line), ",", -1);
      char a[16], b[16];

      if (g_strv_length (f) < 3 || g_ascii_strncasecmp (g_strstrip (f[2]), "Y", 1) != 0 ||
          !rx_ppu_group_of (g_strstrip (f[0]), a) || !rx_ppu_group_of (g_strstrip (f[1]), b))
        continue;
      if (!g_hash_table_contains (map, a))
        g_hash_table_insert (map, g_strdup (a), g_strdup (a));
      if (!g_hash_table_contains (map, b))
        g_hash_table_insert (map, g_strdup (b), g_strdup (b));
      {
        /* Link the two and let the names settle below. */
        const char *ga = g_hash_table_lookup (map, a), *gb = g_hash_table_lookup (map, b);
        char *name = g_strdup (strcmp (ga, gb) < 0 ? ga : gb);
        g_hash_table_insert (map, g_strdup (a), g_strdup (name));
        g_hash_table_insert (map, g_strdup (b), name);
      }
    }
  /* Propagate the smallest name through chains until nothing changes. */
  while (changed)
    {
      GHashTableIter iter;
      gpointer key, value;

      changed = FALSE;
      g_hash_table_iter_init (&iter, map);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const char *next = g_hash_table_lookup (map, value);
          if (next != NULL && strcmp (next, value) < 0)
            {
              g_hash_table_iter_replace (&iter, g_strdup (next));
              changed = TRUE;
            }
        }
    }
  return map;
}

typedef struct
{
  guint32  bnf_id;
  char     code[16];
  GArray  *facts;                  /* RxFact of setting-4 practices */
} Member;

typedef struct
{
  RxDb          *db;
  RxPopulation  *pop;
  int            month;
  double         store_min[5 + 1];   /* by RxOrgType, practice … England */
  char         **brand_advised;
  sqlite3_stmt  *chunk, *ins_group, *ins_saving, *ins_swap, *bnf_id;
  double        *q, *c;            /* per practice, current group */
  double        *s;                /* per practice saving */
  gint64        *level_q[5], *level_c[5];   /* exact sums: 0.001 units, pence */
  double        *level_s[5];
} Ppu;

static guint32
ensure_bnf_id (Ppu        *ppu,
               const char *code,
               GError    **error)
{
  sqlite3_stmt *stmt = ppu->bnf_id;
  guint32 id = 0;

  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (id != 0)
    return id;
  {
    g_autoptr(sqlite3_stmt) ins = rx_db_prepare (ppu->db, "INSERT INTO bnf (code) VALUES (?)", error);
    if (ins == NULL)
      return 0;
    sqlite3_bind_text (ins, 1, code, -1, SQLITE_STATIC);
    if (sqlite3_step (ins) != SQLITE_DONE)
      {
        rx_db_set_error (ppu->db, error, "cannot store a BNF code");
        return 0;
      }
    return sqlite3_last_insert_rowid (rx_db_get_handle (ppu->db));
  }
}

static gboolean
insert_saving (Ppu      *ppu,
               guint32   org_id,
               guint32   generic_id,
               guint32   bnf_id,
               double    quantity,
               double    cost,
               double    saving,
               GError  **error)
{
  sqlite3_stmt *st = ppu->ins_saving;

  sqlite3_bind_int (st, 1, ppu->month);
  sqlite3_bind_int64 (st, 2, org_id);
  sqlite3_bind_int64 (st, 3, generic_id);
  sqlite3_bind_int64 (st, 4, bnf_id);
  sqlite3_bind_double (st, 5, quantity);
  sqlite3_bind_double (st, 6, cost);
  sqlite3_bind_double (st, 7, saving);
  if (sqlite3_step (st) != SQLITE_DONE)
    return rx_db_set_error (ppu->db, error, "cannot store price-per-unit savings");
  sqlite3_reset (st);
  return TRUE;
}

static gboolean
load_member (Ppu      *ppu,
             Member   *member,
             GError  **error)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (RxFact));
  gboolean ok = TRUE;

  member->facts = g_array_new (FALSE, FALSE, sizeof (RxFact));
  sqlite3_bind_int (ppu->chunk, 1, ppu->month);
  sqlite3_bind_int64 (ppu->chunk, 2, member->bnf_id);
  if (sqlite3_step (ppu->chunk) == SQLITE_ROW)
    ok = rx_store_decode_chunk (sqlite3_column_blob (ppu->chunk, 0),
                                sqlite3_column_bytes (ppu->chunk, 0), all, error);
  sqlite3_reset (ppu->chunk);
  for (guint i = 0; ok && i < all->len; i++)
    {
      RxFact *f = &g_array_index (all, RxFact, i);
      if (rx_population_find (ppu->pop, f->org_id) >= 0)
        g_array_append_val (member->facts, *f);
    }
  return ok;
}

/* The national generic price and each branded presentation's swaps. */
static gboolean
store_swaps (Ppu          *ppu,
             const char   *group,
             guint32       generic_id,
             Member       *members,
             guint         n_members,
             double       *generic_ppu,
             GError      **error)
{
  double gq = 0, gc = 0;
  gint64 q_int = 0, c_int = 0;

  *generic_ppu = NAN;
  for (guint i = 0; i < n_members; i++)
    if (g_str_equal (members[i].code, group))
      for (guint j = 0; j < members[i].facts->len; j++)
        {
          RxFact *f = &g_array_index (members[i].facts, RxFact, j);
          q_int += f->quantity;
          c_int += f->nic;
        }
  gq = (double) q_int / RX_SCALE_QUANTITY;
  gc = (double) c_int / RX_SCALE_NIC;
  if (gq <= 0)
    return TRUE;     /* the generic was not prescribed: no swap to suggest */
  *generic_ppu = gc / gq;

  for (guint i = 0; i < n_members; i++)
    {
      Member *b = &members[i];
      g_autoptr(GHashTable) per_org = NULL;

      if (!(b->code[9] != 'A' || b->code[10] != 'A') ||
          rx_ppu_code_excluded (b->code, (const char * const *) ppu->brand_advised))
        continue;
      /* Facts are sorted by org, then quantity per item: sum per org. */
      for (guint j = 0; j < b->facts->len;)
        {
          guint32 org = g_array_index (b->facts, RxFact, j).org_id;
          gint64 qb = 0, cb = 0;
          double q, c, monthly;

          for (; j < b->facts->len && g_array_index (b->facts, RxFact, j).org_id == org; j++)
            {
              qb += g_array_index (b->facts, RxFact, j).quantity;
              cb += g_array_index (b->facts, RxFact, j).nic;
            }
          q = (double) qb / RX_SCALE_QUANTITY;
          c = (double) cb / RX_SCALE_NIC;
          monthly = rx_ppu_swap_monthly (c, q, *generic_ppu);
          if (isnan (monthly))
            continue;
          sqlite3_bind_int (ppu->ins_swap, 1, ppu->month);
          sqlite3_bind_int64 (ppu->ins_swap, 2, org);
          sqlite3_bind_int64 (ppu->ins_swap, 3, b->bnf_id);
          sqlite3_bind_int64 (ppu->ins_swap, 4, generic_id);
          sqlite3_bind_double (ppu->ins_swap, 5, q);
          sqlite3_bind_double (ppu->ins_swap, 6, c);
          sqlite3_bind_double (ppu->ins_swap, 7, *generic_ppu);
          sqlite3_bind_double (ppu->ins_swap, 8, monthly);
          if (sqlite3_step (ppu->ins_swap) != SQLITE_DONE)
            return rx_db_set_error (ppu->db, error, "cannot store swaps");
          sqlite3_reset (ppu->ins_swap);
        }
    }
  return TRUE;
}

static gboolean
compute_group (Ppu         *ppu,
               const char  *group,
               GArray      *member_ids,
               GPtrArray   *member_codes,
               GError     **error)
{
  RxPopulation *pop = ppu->pop;
  guint nm = member_ids->len;
  g_autofree Member *members = g_new0 (Member, nm);
  g_autofree double *values = g_new (double, MAX (pop->n, 1));
  g_autofree gint64 *qi = g_new0 (gint64, MAX (pop->n, 1));
  g_autofree gint64 *ci = g_new0 (gint64, MAX (pop->n, 1));
  guint n_values = 0;
  guint32 generic_id;
  double target, generic_ppu = NAN;
  gboolean ok = TRUE, any = FALSE;

  for (guint i = 0; ok && i < nm; i++)
    {
      members[i].bnf_id = g_array_index (member_ids, guint32, i);
      g_strlcpy (members[i].code, g_ptr_array_index (member_codes, i), 16);
      ok = load_member (ppu, &members[i], error);
      any = any || (ok && members[i].facts->len > 0);
    }
  if (!ok || !any)
    goto out;   /* a group exists in a month only when a member is prescribed */

  for (guint i = 0; i < nm; i++)
    for (guint j = 0; j < members[i].facts->len; j++)
      {
        RxFact *f = &g_array_index (members[i].facts, RxFact, j);
        int p = rx_population_find (pop, f->org_id);
        qi[p] += f->quantity;
        ci[p] += f->nic;
      }
  for (guint p = 0; p < pop->n; p++)
    {
      ppu->q[p] = (double) qi[p] / RX_SCALE_QUANTITY;
      ppu->c[p] = (double) ci[p] / RX_SCALE_NIC;
      if (qi[p] > 0)
        values[n_values++] = ppu->c[p] / ppu->q[p];
    }
  target = rx_ppu_target (values, n_values);
  generic_id = ensure_bnf_id (ppu, group, error);
  if (generic_id == 0)
    {
      ok = FALSE;
      goto out;
    }
  if (!store_swaps (ppu, group, generic_id, members, nm, &generic_ppu, error))
    {
      ok = FALSE;
      goto out;
    }

  sqlite3_bind_int (ppu->ins_group, 1, ppu->month);
  sqlite3_bind_int64 (ppu->ins_group, 2, generic_id);
  if (isnan (target)) sqlite3_bind_null (ppu->ins_group, 3); else sqlite3_bind_double (ppu->ins_group, 3, target);
  if (isnan (generic_ppu)) sqlite3_bind_null (ppu->ins_group, 4); else sqlite3_bind_double (ppu->ins_group, 4, generic_ppu);
  if (sqlite3_step (ppu->ins_group) != SQLITE_DONE)
    {
      ok = rx_db_set_error (ppu->db, error, "cannot store price-per-unit targets");
      goto out;
    }
  sqlite3_reset (ppu->ins_group);
  if (isnan (target))
    goto out;

  for (int l = 0; l < 5; l++)
    {
      guint n = l < 4 ? pop->n_level[l] : 1;
      memset (ppu->level_q[l], 0, sizeof (gint64) * MAX (n, 1));
      memset (ppu->level_c[l], 0, sizeof (gint64) * MAX (n, 1));
      memset (ppu->level_s[l], 0, sizeof (double) * MAX (n, 1));
    }
  /* Practice savings, floored, then summed upwards (§6.3). */
  for (guint p = 0; p < pop->n; p++)
    {
      ppu->s[p] = qi[p] > 0 ? rx_ppu_saving (ppu->c[p], ppu->q[p], target) : 0;
      for (int l = 0; l < 5; l++)
        {
          int o = l < 4 ? pop->parent[l][p] : 0;
          if (o < 0)
            continue;
          ppu->level_q[l][o] += qi[p];
          ppu->level_c[l][o] += ci[p];
          ppu->level_s[l][o] += ppu->s[p];
        }
      if (qi[p] > 0 && ppu->s[p] > 0 && ppu->s[p] >= ppu->store_min[RX_ORG_PRACTICE] &&
          !insert_saving (ppu, pop->org_ids[p], generic_id, 0, ppu->q[p], ppu->c[p], ppu->s[p], error))
        {
          ok = FALSE;
          goto out;
        }
    }
  /* The presentations behind each stored practice saving. */
  for (guint i = 0; i < nm; i++)
    for (guint j = 0; j < members[i].facts->len;)
      {
        guint32 org = g_array_index (members[i].facts, RxFact, j).org_id;
        int p = rx_population_find (pop, org);
        gint64 qb = 0, cb = 0;
        double q, c, s;

        for (; j < members[i].facts->len && g_array_index (members[i].facts, RxFact, j).org_id == org; j++)
          {
            qb += g_array_index (members[i].facts, RxFact, j).quantity;
            cb += g_array_index (members[i].facts, RxFact, j).nic;
          }
        if (qi[p] <= 0 || ppu->s[p] <= 0 || ppu->s[p] < ppu->store_min[RX_ORG_PRACTICE] || qb <= 0)
          continue;
        q = (double) qb / RX_SCALE_QUANTITY;
        c = (double) cb / RX_SCALE_NIC;
        s = rx_ppu_saving (c, q, target);
        if (s > 0 && !insert_saving (ppu, org, generic_id, members[i].bnf_id, q, c, s, error))
          {
            ok = FALSE;
            goto out;
          }
      }
  for (int l = 0; l < 5; l++)
    {
      guint n = l < 4 ? pop->n_level[l] : 1;
      for (guint o = 0; o < n; o++)
        {
          guint32 org_id = l < 4 ? pop->level_org_ids[l][o] : pop->england_id;
          if (org_id == 0 || ppu->level_s[l][o] <= 0 ||
              ppu->level_s[l][o] < ppu->store_min[l < 4 ? l + 1 : RX_ORG_ENGLAND])
            continue;
          if (!insert_saving (ppu, org_id, generic_id, 0,
                              (double) ppu->level_q[l][o] / RX_SCALE_QUANTITY,
                              (double) ppu->level_c[l][o] / RX_SCALE_NIC, ppu->level_s[l][o], error))
            {
              ok = FALSE;
              goto out;
            }
        }
    }

out:
  for (guint i = 0; i < nm; i++)
    if (members[i].facts != NULL)
      g_array_unref (members[i].facts);
  return ok;
}

static void
ppu_clear (Ppu *ppu)
{
  g_clear_pointer (&ppu->chunk, sqlite3_finalize);
  g_clear_pointer (&ppu->ins_group, sqlite3_finalize);
  g_clear_pointer (&ppu->ins_saving, sqlite3_finalize);
  g_clear_pointer (&ppu->ins_swap, sqlite3_finalize);
  g_clear_pointer (&ppu->bnf_id, sqlite3_finalize);
  g_clear_pointer (&ppu->brand_advised, g_strfreev);
  g_free (ppu->q);
  g_free (ppu->c);
  g_free (ppu->s);
  for (int l = 0; l < 5; l++)
    {
      g_free (ppu->level_q[l]);
      g_free (ppu->level_c[l]);
      g_free (ppu->level_s[l]);
    }
}

static gboolean
delete_month (RxDb        *db,
              const char  *table,
              int          month,
              GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE month = ?", table);
  g_autoptr(sqlite3_stmt) stmt = rx_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, month);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return rx_db_set_error (db, error, "cannot replace price-per-unit savings");
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * rx_ppu_compute_month:
 *
 * Computes and stores price-per-unit savings and swaps of @month, inside
 * the caller's transaction.
 */
gboolean
rx_ppu_compute_month (RxDb          *db,
                      int            month,
                      RxPopulation  *pop,
                      GCancellable  *cancellable,
                      GError       **error)
{
  Ppu ppu = { 0 };
  g_auto(GStrv) exclusions = list_preference (db, "ppu-exclusions", rx_ppu_default_exclusions);
  g_autoptr(GHashTable) swaps_map = load_formulation_swaps (db);
  g_autoptr(sqlite3_stmt) codes = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GPtrArray) member_codes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *current = NULL;
  g_autofree char *store_min = rx_db_get_preference (db, "ppu-store-min");
  gboolean ok = TRUE;
  guint n_groups = 0;

  if (!delete_month (db, "ppu_group", month, error) || !delete_month (db, "ppu_saving", month, error) ||
      !delete_month (db, "swap", month, error))
    return FALSE;
  ppu.db = db;
  ppu.pop = pop;
  ppu.month = month;
  for (int t = RX_ORG_PRACTICE; t <= RX_ORG_ENGLAND; t++)
    ppu.store_min[t] = store_min != NULL ? g_ascii_strtod (store_min, NULL) : 0.0;
  ppu.brand_advised = list_preference (db, "brand-advised", rx_ppu_default_brand_advised);
  ppu.chunk = rx_db_prepare (db, "SELECT data FROM rx_chunk WHERE month = ? AND bnf_id = ?", error);
  ppu.ins_group = rx_db_prepare (db, "INSERT INTO ppu_group (month, generic_id, target_ppu, generic_ppu) VALUES (?, ?, ?, ?)", error);
  ppu.ins_saving = rx_db_prepare (db, "INSERT INTO ppu_saving (month, org_id, generic_id, bnf_id, quantity, net_cost, saving) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  ppu.ins_swap = rx_db_prepare (db, "INSERT INTO swap (month, org_id, bnf_id, generic_id, quantity, net_cost, generic_ppu, monthly) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  ppu.bnf_id = rx_db_prepare (db, "SELECT id FROM bnf WHERE code = ?", error);
  /* Presentations prescribed this month, by group. */
  codes = rx_db_prepare (db,
    "SELECT b.id, b.code FROM rx_chunk c JOIN bnf b ON b.id = c.bnf_id WHERE c.month = ? "
    "AND length (b.code) = 15", error);
  if (ppu.chunk == NULL || ppu.ins_group == NULL || ppu.ins_saving == NULL || ppu.ins_swap == NULL ||
      ppu.bnf_id == NULL || codes == NULL)
    {
      ppu_clear (&ppu);
      return FALSE;
    }
  ppu.q = g_new (double, MAX (pop->n, 1));
  ppu.c = g_new (double, MAX (pop->n, 1));
  ppu.s = g_new (double, MAX (pop->n, 1));
  for (int l = 0; l < 5; l++)
    {
      guint n = l < 4 ? pop->n_level[l] : 1;
      ppu.level_q[l] = g_new (gint64, MAX (n, 1));
      ppu.level_c[l] = g_new (gint64, MAX (n, 1));
      ppu.level_s[l] = g_new (double, MAX (n, 1));
    }

  {
    /* Sort the month's presentations by group key, then process each run. */
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

    sqlite3_bind_int (codes, 1, month);
    while (sqlite3_step (codes) == SQLITE_ROW)
      {
        const char *code = (const char *) sqlite3_column_text (codes, 1);
        char group[16];

        if (rx_ppu_code_excluded (code, (const char * const *) exclusions) ||
            !rx_ppu_group_of (code, group))
          continue;
        if (g_hash_table_contains (swaps_map, group))
          g_strlcpy (group, g_hash_table_lookup (swaps_map, group), sizeof group);
        g_ptr_array_add (rows, g_strdup_printf ("%s %s %" G_GINT64_FORMAT, group, code,
                                                (gint64) sqlite3_column_int64 (codes, 0)));
      }
    g_ptr_array_sort (rows, compare_strings);
    for (guint i = 0; ok && i <= rows->len; i++)
      {
        g_auto(GStrv) parts = i < rows->len ? g_strsplit (g_ptr_array_index (rows, i), " ", 3) : NULL;

        if (current != NULL && (parts == NULL || !g_str_equal (parts[0], current)))
          {
            ok = compute_group (&ppu, current, ids, member_codes, error);
            g_array_set_size (ids, 0);
            g_ptr_array_set_size (member_codes, 0);
            g_clear_pointer (&current, g_free);
            if ((++n_groups & 0x3f) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
              ok = FALSE;
          }
        if (parts == NULL || !ok)
          continue;
        if (current == NULL)
          current = g_strdup (parts[0]);
        {
          guint32 id = g_ascii_strtoull (parts[2], NULL, 10);
          g_array_append_val (ids, id);
          g_ptr_array_add (member_codes, g_strdup (parts[1]));
        }
      }
  }
  ppu_clear (&ppu);
  return ok;
}
