// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-ppu"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "rx-bnf.h"
#include "rx-compute.h"
#include "rx-ppu.h"
#include "rx-ppu-store.h"
#include "rx-stats.h"
#include "rx-store.h"

/* Price-per-unit savings and brand-to-generic swaps (methodology.md §6):
 * presentations are grouped by their generic equivalent, each practice's
 * price per unit on NIC is compared with the national 10th percentile, and
 * savings are floored per practice before they are summed upwards.  Groups
 * are processed one at a time; what is stored, and how readers derive the
 * savings from it, is in rx-ppu-store.c. */

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
  RxDb          *db;
  RxPopulation  *pop;
  int            month;
  char         **brand_advised;
  sqlite3_stmt  *chunk, *ins_group, *ins_member, *bnf_id;
  GArray        *facts;            /* RxFact: one member's chunk */
  GArray        *rows;             /* Row: the current group's, by member then practice */
  GArray        *touched;          /* practices of the current group */
  gint64        *q, *c;            /* per practice: the current group's sums */
  RxPpuBlob     *blobs;            /* per practice: rx-ppu-store.c */
  guint          n_groups, n_members;
} Ppu;

typedef struct
{
  guint   practice;
  guint   member;                  /* within the group */
  gint64  quantity, nic;
} Row;

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

/* A member's facts of setting-4 practices, summed per practice (a chunk is
 * sorted by organisation), appended to the group's rows. */
static gboolean
load_member (Ppu       *ppu,
             guint      member,
             guint32    bnf_id,
             GError   **error)
{
  gboolean ok = TRUE;

  g_array_set_size (ppu->facts, 0);
  sqlite3_bind_int (ppu->chunk, 1, ppu->month);
  sqlite3_bind_int64 (ppu->chunk, 2, bnf_id);
  if (sqlite3_step (ppu->chunk) == SQLITE_ROW)
    ok = rx_store_decode_chunk (sqlite3_column_blob (ppu->chunk, 0),
                                sqlite3_column_bytes (ppu->chunk, 0), ppu->facts, error);
  sqlite3_reset (ppu->chunk);
  for (guint i = 0; ok && i < ppu->facts->len;)
    {
      guint32 org = g_array_index (ppu->facts, RxFact, i).org_id;
      int p = rx_population_find (ppu->pop, org);
      Row row = { .member = member };

      for (; i < ppu->facts->len && g_array_index (ppu->facts, RxFact, i).org_id == org; i++)
        {
          row.quantity += g_array_index (ppu->facts, RxFact, i).quantity;
          row.nic += g_array_index (ppu->facts, RxFact, i).nic;
        }
      if (p < 0)
        continue;
      row.practice = p;
      g_array_append_val (ppu->rows, row);
    }
  return ok;
}

static gboolean
store_group (Ppu         *ppu,
             const char  *group,
             double       target,
             double       generic_ppu,
             GError     **error)
{
  guint32 generic_id = ensure_bnf_id (ppu, group, error);
  sqlite3_stmt *st = ppu->ins_group;

  if (generic_id == 0)
    return FALSE;
  sqlite3_bind_int (st, 1, ppu->month);
  sqlite3_bind_int (st, 2, ppu->n_groups);
  sqlite3_bind_int64 (st, 3, generic_id);
  if (isnan (target)) sqlite3_bind_null (st, 4); else sqlite3_bind_double (st, 4, target);
  if (isnan (generic_ppu)) sqlite3_bind_null (st, 5); else sqlite3_bind_double (st, 5, generic_ppu);
  if (sqlite3_step (st) != SQLITE_DONE)
    return rx_db_set_error (ppu->db, error, "cannot store price-per-unit targets");
  sqlite3_reset (st);
  return TRUE;
}

static gboolean
store_member (Ppu         *ppu,
              guint32      bnf_id,
              const char  *code,
              GError     **error)
{
  sqlite3_stmt *st = ppu->ins_member;
  /* §6.4: branded (code[9:11] ≠ "AA") and not where brands are advised. */
  gboolean swap = (code[9] != 'A' || code[10] != 'A') &&
                  !rx_ppu_code_excluded (code, (const char * const *) ppu->brand_advised);

  sqlite3_bind_int (st, 1, ppu->month);
  sqlite3_bind_int (st, 2, ppu->n_members);
  sqlite3_bind_int64 (st, 3, bnf_id);
  sqlite3_bind_int (st, 4, ppu->n_groups);
  sqlite3_bind_int (st, 5, swap);
  if (sqlite3_step (st) != SQLITE_DONE)
    return rx_db_set_error (ppu->db, error, "cannot store price-per-unit groups");
  sqlite3_reset (st);
  ppu->n_members++;
  return TRUE;
}

/* One substitution group: the practices' sums, the national target and
 * generic price, and each practice's member entries into its blob. */
static gboolean
compute_group (Ppu         *ppu,
               const char  *group,
               GArray      *member_ids,
               GPtrArray   *member_codes,
               GError     **error)
{
  guint nm = member_ids->len;
  g_autofree double *values = NULL;
  gint64 gq = 0, gc = 0;
  guint n_values = 0;
  double target, generic_ppu = NAN;
  gboolean ok = TRUE;

  g_array_set_size (ppu->rows, 0);
  for (guint i = 0; ok && i < nm; i++)
    ok = load_member (ppu, i, g_array_index (member_ids, guint32, i), error);
  if (!ok || ppu->rows->len == 0)
    return ok;   /* a group exists in a month only when a member is prescribed */

  g_array_set_size (ppu->touched, 0);
  for (guint i = 0; i < ppu->rows->len; i++)
    {
      Row *r = &g_array_index (ppu->rows, Row, i);

      if (ppu->q[r->practice] == G_MININT64)
        {
          ppu->q[r->practice] = ppu->c[r->practice] = 0;
          g_array_append_val (ppu->touched, r->practice);
        }
      ppu->q[r->practice] += r->quantity;
      ppu->c[r->practice] += r->nic;
      if (g_str_equal (g_ptr_array_index (member_codes, r->member), group))
        {
          gq += r->quantity;
          gc += r->nic;
        }
    }
  /* The target over practices with Q > 0 (§6.2). */
  values = g_new (double, ppu->touched->len);
  for (guint i = 0; i < ppu->touched->len; i++)
    {
      guint p = g_array_index (ppu->touched, guint, i);
      double q = (double) ppu->q[p] / RX_SCALE_QUANTITY, c = (double) ppu->c[p] / RX_SCALE_NIC;

      if (ppu->q[p] > 0)
        values[n_values++] = c / q;
      ppu->q[p] = G_MININT64;
    }
  target = rx_ppu_target (values, n_values);
  /* The national generic price; none when the generic was not prescribed. */
  if (gq > 0)
    generic_ppu = ((double) gc / RX_SCALE_NIC) / ((double) gq / RX_SCALE_QUANTITY);

  if (!store_group (ppu, group, target, generic_ppu, error))
    return FALSE;
  for (guint i = 0; i < ppu->rows->len; i++)
    {
      Row *r = &g_array_index (ppu->rows, Row, i);
      RxPpuEntry e = { ppu->n_members + r->member, r->quantity, r->nic };

      rx_ppu_blob_append (&ppu->blobs[r->practice], &e);
    }
  for (guint i = 0; i < nm; i++)
    if (!store_member (ppu, g_array_index (member_ids, guint32, i), g_ptr_array_index (member_codes, i), error))
      return FALSE;
  ppu->n_groups++;
  return TRUE;
}

static gboolean
store_blobs (Ppu      *ppu,
             GError  **error)
{
  g_autoptr(sqlite3_stmt) st = rx_db_prepare (ppu->db,
    "INSERT INTO ppu_practice (month, org_id, data) VALUES (?, ?, ?)", error);

  if (st == NULL)
    return FALSE;
  for (guint p = 0; p < ppu->pop->n; p++)
    {
      RxPpuBlob *blob = &ppu->blobs[p];

      if (blob->len == 0)
        continue;
      sqlite3_bind_int (st, 1, ppu->month);
      sqlite3_bind_int64 (st, 2, ppu->pop->org_ids[p]);
      sqlite3_bind_blob (st, 3, blob->data, blob->len, SQLITE_STATIC);
      if (sqlite3_step (st) != SQLITE_DONE)
        return rx_db_set_error (ppu->db, error, "cannot store price-per-unit savings");
      sqlite3_reset (st);
    }
  return TRUE;
}

static void
ppu_clear (Ppu *ppu)
{
  g_clear_pointer (&ppu->chunk, sqlite3_finalize);
  g_clear_pointer (&ppu->ins_group, sqlite3_finalize);
  g_clear_pointer (&ppu->ins_member, sqlite3_finalize);
  g_clear_pointer (&ppu->bnf_id, sqlite3_finalize);
  g_clear_pointer (&ppu->brand_advised, g_strfreev);
  g_clear_pointer (&ppu->facts, g_array_unref);
  g_clear_pointer (&ppu->rows, g_array_unref);
  g_clear_pointer (&ppu->touched, g_array_unref);
  for (guint p = 0; ppu->blobs != NULL && p < ppu->pop->n; p++)
    g_free (ppu->blobs[p].data);
  g_clear_pointer (&ppu->blobs, g_free);
  g_clear_pointer (&ppu->q, g_free);
  g_clear_pointer (&ppu->c, g_free);
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

/* The month's presentations in §6.1 groups, as "GROUP CODE ID" strings
 * sorted by group, then code. */
static GPtrArray *
month_members (RxDb     *db,
               int       month,
               GError  **error)
{
  g_auto(GStrv) exclusions = list_preference (db, "ppu-exclusions", rx_ppu_default_exclusions);
  g_autoptr(GHashTable) swaps_map = load_formulation_swaps (db);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) codes = rx_db_prepare (db,
    "SELECT b.id, b.code FROM rx_chunk c JOIN bnf b ON b.id = c.bnf_id WHERE c.month = ? "
    "AND length (b.code) = 15", error);

  if (codes == NULL)
    return NULL;
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
  return g_steal_pointer (&rows);
}

/**
 * rx_ppu_compute_month:
 *
 * Computes and stores price-per-unit targets, generic prices and each
 * practice's entries for @month (rx-ppu-store.c), inside the caller's
 * transaction.
 */
gboolean
rx_ppu_compute_month (RxDb          *db,
                      int            month,
                      RxPopulation  *pop,
                      GCancellable  *cancellable,
                      GError       **error)
{
  Ppu ppu = { 0 };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GPtrArray) member_codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *current = NULL;
  gboolean ok = TRUE;

  if (!delete_month (db, "ppu_group", month, error) || !delete_month (db, "ppu_member", month, error) ||
      !delete_month (db, "ppu_practice", month, error))
    return FALSE;
  rows = month_members (db, month, error);
  if (rows == NULL)
    return FALSE;
  ppu.db = db;
  ppu.pop = pop;
  ppu.month = month;
  ppu.brand_advised = list_preference (db, "brand-advised", rx_ppu_default_brand_advised);
  ppu.chunk = rx_db_prepare (db, "SELECT data FROM rx_chunk WHERE month = ? AND bnf_id = ?", error);
  ppu.ins_group = rx_db_prepare (db, "INSERT INTO ppu_group (month, idx, generic_id, target_ppu, generic_ppu) VALUES (?, ?, ?, ?, ?)", error);
  ppu.ins_member = rx_db_prepare (db, "INSERT INTO ppu_member (month, idx, bnf_id, group_idx, swap) VALUES (?, ?, ?, ?, ?)", error);
  ppu.bnf_id = rx_db_prepare (db, "SELECT id FROM bnf WHERE code = ?", error);
  if (ppu.chunk == NULL || ppu.ins_group == NULL || ppu.ins_member == NULL || ppu.bnf_id == NULL)
    {
      ppu_clear (&ppu);
      return FALSE;
    }
  ppu.facts = g_array_new (FALSE, FALSE, sizeof (RxFact));
  ppu.rows = g_array_new (FALSE, FALSE, sizeof (Row));
  ppu.touched = g_array_new (FALSE, FALSE, sizeof (guint));
  ppu.q = g_new (gint64, MAX (pop->n, 1));
  ppu.c = g_new (gint64, MAX (pop->n, 1));
  for (guint p = 0; p < pop->n; p++)
    ppu.q[p] = G_MININT64;      /* not yet touched by the current group */
  ppu.blobs = g_new0 (RxPpuBlob, MAX (pop->n, 1));

  /* Each run of one group key is a group. */
  for (guint i = 0; ok && i <= rows->len; i++)
    {
      g_auto(GStrv) parts = i < rows->len ? g_strsplit (g_ptr_array_index (rows, i), " ", 3) : NULL;

      if (current != NULL && (parts == NULL || !g_str_equal (parts[0], current)))
        {
          ok = compute_group (&ppu, current, ids, member_codes, error);
          g_array_set_size (ids, 0);
          g_ptr_array_set_size (member_codes, 0);
          g_clear_pointer (&current, g_free);
          if (ok && (ppu.n_groups & 0x3f) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
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
  ok = ok && store_blobs (&ppu, error);
  ppu_clear (&ppu);
  return ok;
}
