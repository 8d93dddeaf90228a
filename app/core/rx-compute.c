// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-compute"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "rx-bnf.h"
#include "rx-compute.h"
#include "rx-measure.h"
#include "rx-ppu.h"
#include "rx-stats.h"
#include "rx-store.h"

/* Measure values, percentiles, deciles and cost savings for every
 * practice and month, rolled up to PCN, sub-ICB, ICB, region and England,
 * exactly as methodology.md §3–§5 say.  One pass over a month's chunks
 * computes every measure: each presentation knows which measures and sides
 * it feeds. */

#define N_LEVELS 4                 /* PCN, sub-ICB, ICB, region */

static const RxOrgType level_types[N_LEVELS] = {
  RX_ORG_PCN, RX_ORG_SUB_ICB, RX_ORG_ICB, RX_ORG_REGION,
};

/* ------------------------------------------------------------------ */
/* Population                                                           */

void
rx_population_free (RxPopulation *pop)
{
  if (pop == NULL)
    return;
  g_free (pop->org_ids);
  g_strfreev (pop->codes);
  g_clear_pointer (&pop->index, g_hash_table_unref);
  for (int l = 0; l < N_LEVELS; l++)
    {
      g_free (pop->parent[l]);
      g_free (pop->level_org_ids[l]);
    }
  g_free (pop);
}

int
rx_population_find (const RxPopulation *pop,
                    guint32             org_id)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (pop->index, GUINT_TO_POINTER (org_id))) - 1;
}

static int
query_count (RxDb       *db,
             const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = rx_db_prepare (db, sql, NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
}

/* Dense index of an org at a level, added on first sight. */
static int
level_index (GHashTable *seen,
             GArray     *ids,
             guint32     org_id)
{
  gpointer v = g_hash_table_lookup (seen, GUINT_TO_POINTER (org_id));

  if (v != NULL)
    return GPOINTER_TO_INT (v) - 1;
  g_array_append_val (ids, org_id);
  g_hash_table_insert (seen, GUINT_TO_POINTER (org_id), GINT_TO_POINTER (ids->len));
  return ids->len - 1;
}

/**
 * rx_population_load:
 *
 * The practices that are peers (setting 4 once an epraccur is imported;
 * before that those in an org map or list-size file; with neither, every
 * identified cost centre: data-formats.md §7) and their current parents.
 */
RxPopulation *
rx_population_load (RxDb    *db,
                    GError **error)
{
  g_autoptr(RxPopulation) pop = g_new0 (RxPopulation, 1);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *where;

  pop->settings_known = query_count (db, "SELECT count(*) FROM org WHERE type = 0 AND setting IS NOT NULL") > 0;
  if (pop->settings_known)
    where = "setting = 4";
  else if (query_count (db, "SELECT count(*) FROM org WHERE type = 0 AND listed_gp = 1") > 0)
    where = "listed_gp = 1";
  else
    where = "1";
  {
    g_autofree char *sql = g_strdup_printf (
      "SELECT id, code FROM org WHERE type = 0 AND %s ORDER BY code", where);
    stmt = rx_db_prepare (db, sql, error);
  }
  if (stmt == NULL)
    return NULL;
  pop->index = g_hash_table_new (NULL, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      guint32 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
      g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      g_hash_table_insert (pop->index, GUINT_TO_POINTER (id), GINT_TO_POINTER (ids->len));
    }
  g_ptr_array_add (codes, NULL);
  pop->n = ids->len;
  pop->org_ids = (guint32 *) g_array_free (g_steal_pointer (&ids), FALSE);
  pop->codes = (char **) g_ptr_array_free (g_steal_pointer (&codes), FALSE);

  {
    /* Each practice's PCN and sub-ICB, the sub-ICB's ICB and the ICB's
     * region: the current links apply to every month. */
    g_autoptr(sqlite3_stmt) links = rx_db_prepare (db,
      "SELECT p.child_id, "
      "  (SELECT parent_id FROM org_link WHERE child_id = p.child_id AND parent_type = 1), "
      "  s.parent_id, "
      "  (SELECT parent_id FROM org_link WHERE child_id = s.parent_id AND parent_type = 3), "
      "  (SELECT r.parent_id FROM org_link i JOIN org_link r ON r.child_id = i.parent_id "
      "     AND r.parent_type = 4 WHERE i.child_id = s.parent_id AND i.parent_type = 3) "
      "FROM (SELECT DISTINCT child_id FROM org_link) p "
      "LEFT JOIN org_link s ON s.child_id = p.child_id AND s.parent_type = 2", error);
    GHashTable *seen[N_LEVELS];
    GArray *level_ids[N_LEVELS];

    if (links == NULL)
      return NULL;
    for (int l = 0; l < N_LEVELS; l++)
      {
        pop->parent[l] = g_new (int, MAX (pop->n, 1));
        for (guint p = 0; p < pop->n; p++)
          pop->parent[l][p] = -1;
        seen[l] = g_hash_table_new (NULL, NULL);
        level_ids[l] = g_array_new (FALSE, FALSE, sizeof (guint32));
      }
    while (sqlite3_step (links) == SQLITE_ROW)
      {
        int p = rx_population_find (pop, sqlite3_column_int64 (links, 0));
        if (p < 0)
          continue;
        for (int l = 0; l < N_LEVELS; l++)
          if (sqlite3_column_type (links, 1 + l) != SQLITE_NULL)
            pop->parent[l][p] = level_index (seen[l], level_ids[l], sqlite3_column_int64 (links, 1 + l));
      }
    for (int l = 0; l < N_LEVELS; l++)
      {
        pop->n_level[l] = level_ids[l]->len;
        pop->level_org_ids[l] = (guint32 *) g_array_free (level_ids[l], FALSE);
        g_hash_table_unref (seen[l]);
      }
  }
  {
    g_autoptr(sqlite3_stmt) eng = rx_db_prepare (db, "SELECT id FROM org WHERE type = 5", error);
    if (eng == NULL)
      return NULL;
    if (sqlite3_step (eng) == SQLITE_ROW)
      pop->england_id = sqlite3_column_int64 (eng, 0);
  }
  return g_steal_pointer (&pop);
}

/* ------------------------------------------------------------------ */
/* A measure being computed for one month                               */

typedef struct
{
  RxMeasure *m;
  gboolean   formula_b;
  /* per practice, integer sums in the stored units */
  gint64    *n, *d;
  gint64    *nq, *nc, *dq, *dc;
} Work;

typedef struct
{
  guint16 measure;
  guint8  side;       /* 0 numerator, 1 denominator */
} Hook;

/* Per practice and month, what the list-size files give. */
typedef struct
{
  gint64  *list;            /* -1: none */
  double  *pu[3];           /* ASTRO items, ASTRO cost, STAR abx; NAN: none */
  gboolean *has_row;
} MonthInputs;

static double
scale_of (RxMeasureType type)
{
  switch (type)
    {
    case RX_MEASURE_QUANTITY: return RX_SCALE_QUANTITY;
    case RX_MEASURE_COST:     return RX_SCALE_COST;
    default:                  return 1;
    }
}

static gint64
fact_value (const RxFact  *f,
            RxMeasureType  type)
{
  switch (type)
    {
    case RX_MEASURE_ITEMS:    return f->items;
    case RX_MEASURE_QUANTITY: return f->quantity;
    case RX_MEASURE_COST:     return f->cost;
    default:                  return 0;
    }
}

static void
work_clear (Work *w)
{
  g_free (w->n);
  g_free (w->d);
  g_free (w->nq);
  g_free (w->nc);
  g_free (w->dq);
  g_free (w->dc);
}

/* ------------------------------------------------------------------ */

typedef struct
{
  RxDb          *db;
  RxPopulation  *pop;
  GPtrArray     *measures;      /* RxMeasure, with db_id */
  /* the code table, for compiling filters */
  guint32        max_bnf_id;
  GPtrArray     *codes_sorted;  /* char* */
  GArray        *ids_sorted;    /* guint32 bnf id, same order */
  GArray       **hooks;         /* per bnf id: GArray of Hook, or NULL */
  double         small_denominator, small_population;
} Engine;

static gboolean
load_codes (Engine  *e,
            GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = rx_db_prepare (e->db, "SELECT id, code FROM bnf ORDER BY code", error);

  if (stmt == NULL)
    return FALSE;
  e->codes_sorted = g_ptr_array_new_with_free_func (g_free);
  e->ids_sorted = g_array_new (FALSE, FALSE, sizeof (guint32));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      guint32 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (e->ids_sorted, id);
      g_ptr_array_add (e->codes_sorted, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      e->max_bnf_id = MAX (e->max_bnf_id, id);
    }
  /* rx_bnf_filter_mark wants byte order; SQLite's BINARY collation is. */
  return TRUE;
}

static void
add_hooks (Engine   *e,
           char    **patterns,
           guint16   measure,
           guint8    side)
{
  g_autoptr(RxBnfFilter) filter = rx_bnf_filter_new ((const char * const *) patterns,
                                                     g_strv_length (patterns), NULL);
  g_autofree guint8 *marks = NULL;
  guint n = e->codes_sorted->len;

  if (filter == NULL || n == 0)
    return;
  marks = g_malloc (n);
  rx_bnf_filter_mark (filter, (const char * const *) e->codes_sorted->pdata, n, marks);
  for (guint i = 0; i < n; i++)
    if (marks[i])
      {
        guint32 id = g_array_index (e->ids_sorted, guint32, i);
        Hook h = { measure, side };
        if (e->hooks[id] == NULL)
          e->hooks[id] = g_array_new (FALSE, FALSE, sizeof (Hook));
        g_array_append_val (e->hooks[id], h);
      }
}

static double
preference_double (RxDb       *db,
                   const char *key,
                   double      fallback)
{
  g_autofree char *value = rx_db_get_preference (db, key);

  return value != NULL ? g_ascii_strtod (value, NULL) : fallback;
}

static gboolean
engine_init (Engine     *e,
             RxDb       *db,
             GPtrArray  *measures,
             GError    **error)
{
  memset (e, 0, sizeof *e);
  e->db = db;
  e->measures = measures;
  e->pop = rx_population_load (db, error);
  if (e->pop == NULL || !load_codes (e, error))
    return FALSE;
  e->hooks = g_new0 (GArray *, e->max_bnf_id + 1);
  for (guint k = 0; k < measures->len; k++)
    {
      RxMeasure *m = g_ptr_array_index (measures, k);
      add_hooks (e, m->numerator_filter, k, 0);
      if (rx_measure_type_is_bnf (m->denominator_type))
        add_hooks (e, m->denominator_filter, k, 1);
    }
  e->small_denominator = preference_double (db, "small-denominator", 20);
  e->small_population = preference_double (db, "small-population", 1000);
  return TRUE;
}

static void
engine_clear (Engine *e)
{
  if (e->hooks != NULL)
    for (guint32 i = 0; i <= e->max_bnf_id; i++)
      if (e->hooks[i] != NULL)
        g_array_unref (e->hooks[i]);
  g_free (e->hooks);
  g_clear_pointer (&e->codes_sorted, g_ptr_array_unref);
  g_clear_pointer (&e->ids_sorted, g_array_unref);
  g_clear_pointer (&e->pop, rx_population_free);
}

/* ------------------------------------------------------------------ */

static gboolean
load_month_inputs (Engine       *e,
                   int           month,
                   MonthInputs  *in,
                   GError      **error)
{
  RxPopulation *pop = e->pop;
  g_autoptr(sqlite3_stmt) rows = rx_db_prepare (e->db, "SELECT org_id FROM rx_month_org WHERE month = ?", error);
  g_autoptr(sqlite3_stmt) lists = rx_db_prepare (e->db,
    "SELECT org_id, form, total, bands FROM list_size WHERE month = ? ORDER BY form DESC", error);

  in->list = g_new (gint64, MAX (pop->n, 1));
  in->has_row = g_new0 (gboolean, MAX (pop->n, 1));
  for (int k = 0; k < 3; k++)
    {
      in->pu[k] = g_new (double, MAX (pop->n, 1));
      for (guint p = 0; p < pop->n; p++)
        in->pu[k][p] = NAN;
    }
  for (guint p = 0; p < pop->n; p++)
    in->list[p] = -1;
  if (rows == NULL || lists == NULL)
    return FALSE;
  sqlite3_bind_int (rows, 1, month);
  while (sqlite3_step (rows) == SQLITE_ROW)
    {
      int p = rx_population_find (pop, sqlite3_column_int64 (rows, 0));
      if (p >= 0)
        in->has_row[p] = TRUE;
    }
  /* Form 2 (quinary) first, then form 1 (all ages) whose total wins. */
  sqlite3_bind_int (lists, 1, month);
  while (sqlite3_step (lists) == SQLITE_ROW)
    {
      int p = rx_population_find (pop, sqlite3_column_int64 (lists, 0));
      if (p < 0)
        continue;
      in->has_row[p] = TRUE;
      in->list[p] = sqlite3_column_int64 (lists, 2);
      if (sqlite3_column_int (lists, 1) == 2 && sqlite3_column_bytes (lists, 3) == 40 * 4)
        {
          const gint32 *bands = sqlite3_column_blob (lists, 3);
          gint64 male_q[RX_PU_N_QUINARY], female_q[RX_PU_N_QUINARY];
          gint64 male[RX_PU_N_BANDS], female[RX_PU_N_BANDS];

          for (int i = 0; i < RX_PU_N_QUINARY; i++)
            {
              male_q[i] = GINT32_FROM_LE (bands[i]);
              female_q[i] = GINT32_FROM_LE (bands[RX_PU_N_QUINARY + i]);
            }
          rx_pu_fold_quinary (male_q, male);
          rx_pu_fold_quinary (female_q, female);
          in->pu[0][p] = rx_pu_compute (RX_PU_ASTRO_ITEMS, male, female);
          in->pu[1][p] = rx_pu_compute (RX_PU_ASTRO_COST, male, female);
          in->pu[2][p] = rx_pu_compute (RX_PU_STAR_ANTIBACTERIAL_ITEMS, male, female);
        }
    }
  return TRUE;
}

static void
month_inputs_clear (MonthInputs *in)
{
  g_free (in->list);
  g_free (in->has_row);
  for (int k = 0; k < 3; k++)
    g_free (in->pu[k]);
}

/* One pass over the month's chunks that any measure needs. */
static gboolean
scan_month (Engine        *e,
            int            month,
            Work          *work,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = rx_db_prepare (e->db,
    "SELECT data FROM rx_chunk WHERE month = ? AND bnf_id = ?", error);
  g_autoptr(GArray) facts = g_array_new (FALSE, FALSE, sizeof (RxFact));

  if (stmt == NULL)
    return FALSE;
  for (guint32 b = 0; b <= e->max_bnf_id; b++)
    {
      GArray *hooks = e->hooks[b];

      if (hooks == NULL)
        continue;
      if ((b & 0xff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      sqlite3_bind_int (stmt, 1, month);
      sqlite3_bind_int64 (stmt, 2, b);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_array_set_size (facts, 0);
          if (!rx_store_decode_chunk (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0),
                                      facts, error))
            return FALSE;
          for (guint i = 0; i < facts->len; i++)
            {
              const RxFact *f = &g_array_index (facts, RxFact, i);
              int p = rx_population_find (e->pop, f->org_id);

              if (p < 0)
                continue;
              for (guint h = 0; h < hooks->len; h++)
                {
                  const Hook *hook = &g_array_index (hooks, Hook, h);
                  Work *w = &work[hook->measure];
                  const RxMeasure *m = w->m;

                  if (hook->side == 0)
                    {
                      if (!rx_qpi_condition_holds (&m->numerator_qpi, f->qpi))
                        continue;
                      w->n[p] += fact_value (f, m->numerator_type);
                      if (w->formula_b)
                        w->nq[p] += f->quantity, w->nc[p] += f->cost;
                    }
                  else
                    {
                      if (!rx_qpi_condition_holds (&m->denominator_qpi, f->qpi))
                        continue;
                      w->d[p] += fact_value (f, m->denominator_type);
                      if (w->formula_b)
                        w->dq[p] += f->quantity, w->dc[p] += f->cost;
                    }
                }
            }
        }
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Values of one measure, month and level                               */

typedef struct
{
  guint     n;            /* organisations at this level */
  guint32  *org_ids;
  gboolean *has_row;
  double   *num, *den, *value, *pct;
  double   *nq, *nc, *dq, *dc;
  double    deciles[9];
  double    totals[9];
  double   *savings;      /* n × 9, or NULL */
  gboolean  small_by_pu;  /* small when den < threshold in PU */
} Level;

static void
level_alloc (Level   *l,
             guint    n,
             guint32 *org_ids)
{
  memset (l, 0, sizeof *l);
  l->n = n;
  l->org_ids = org_ids;
  l->has_row = g_new0 (gboolean, MAX (n, 1));
  l->num = g_new0 (double, MAX (n, 1));
  l->den = g_new0 (double, MAX (n, 1));
  l->value = g_new (double, MAX (n, 1));
  l->pct = g_new (double, MAX (n, 1));
  l->nq = g_new0 (double, MAX (n, 1));
  l->nc = g_new0 (double, MAX (n, 1));
  l->dq = g_new0 (double, MAX (n, 1));
  l->dc = g_new0 (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    l->value[i] = l->pct[i] = NAN;
}

static void
level_clear (Level *l)
{
  g_free (l->has_row);
  g_free (l->num);
  g_free (l->den);
  g_free (l->value);
  g_free (l->pct);
  g_free (l->nq);
  g_free (l->nc);
  g_free (l->dq);
  g_free (l->dc);
  g_free (l->savings);
}

/* Integer sums per organisation, converted once to doubles: results do
 * not depend on the order of summation (§3.1). */
typedef struct
{
  gint64 *n, *d, *nq, *nc, *dq, *dc, *list;
  double *pu;
} Sums;

static double
denominator_of (const RxMeasure *m,
                gint64           d_int,
                gint64           list,
                double           pu)
{
  switch (m->denominator_type)
    {
    case RX_MEASURE_LIST_SIZE:
      return list >= 0 ? (double) list / 1000.0 : 0;
    case RX_MEASURE_STAR_PU_ANTIBIOTICS:
      return isnan (pu) ? 0 : pu;
    case RX_MEASURE_ASTRO_PU_ITEMS:
    case RX_MEASURE_ASTRO_PU_COST:
      return isnan (pu) ? 0 : pu / 1000.0;
    default:
      return (double) d_int / scale_of (m->denominator_type);
    }
}

static int
pu_kind_of (RxMeasureType type)
{
  switch (type)
    {
    case RX_MEASURE_ASTRO_PU_ITEMS:       return 0;
    case RX_MEASURE_ASTRO_PU_COST:        return 1;
    case RX_MEASURE_STAR_PU_ANTIBIOTICS:  return 2;
    default:                              return -1;
    }
}

/* Fills a level's figures from its member practices (or, for the practice
 * level, from the practices themselves). */
static void
fill_level (Engine            *e,
            const Work        *w,
            const MonthInputs *in,
            int                level,       /* -1 practice, 0..3 rollups, 4 England */
            Level             *out)
{
  RxPopulation *pop = e->pop;
  const RxMeasure *m = w->m;
  guint n = out->n;
  int pu_kind = pu_kind_of (m->denominator_type);
  g_autofree gint64 *sn = g_new0 (gint64, MAX (n, 1));
  g_autofree gint64 *sd = g_new0 (gint64, MAX (n, 1));
  g_autofree gint64 *snq = g_new0 (gint64, MAX (n, 1));
  g_autofree gint64 *snc = g_new0 (gint64, MAX (n, 1));
  g_autofree gint64 *sdq = g_new0 (gint64, MAX (n, 1));
  g_autofree gint64 *sdc = g_new0 (gint64, MAX (n, 1));
  g_autofree gint64 *slist = g_new0 (gint64, MAX (n, 1));
  g_autofree gboolean *any_list = g_new0 (gboolean, MAX (n, 1));
  g_autofree double *spu = g_new0 (double, MAX (n, 1));
  g_autofree gboolean *any_pu = g_new0 (gboolean, MAX (n, 1));

  /* Practices in ascending code order: prescribing units (doubles) are
   * summed in that order (§3.1). */
  for (guint p = 0; p < pop->n; p++)
    {
      int o;

      if (!in->has_row[p])
        continue;
      o = level < 0 ? (int) p : level == N_LEVELS ? 0 : pop->parent[level][p];
      if (o < 0)
        continue;
      out->has_row[o] = TRUE;
      sn[o] += w->n[p];
      sd[o] += w->d[p];
      if (w->formula_b)
        {
          snq[o] += w->nq[p];
          snc[o] += w->nc[p];
          sdq[o] += w->dq[p];
          sdc[o] += w->dc[p];
        }
      if (in->list[p] >= 0)
        slist[o] += in->list[p], any_list[o] = TRUE;
      if (pu_kind >= 0 && !isnan (in->pu[pu_kind][p]))
        spu[o] += in->pu[pu_kind][p], any_pu[o] = TRUE;
    }
  for (guint o = 0; o < n; o++)
    {
      if (!out->has_row[o])
        continue;
      out->num[o] = (double) sn[o] / scale_of (m->numerator_type);
      out->den[o] = denominator_of (m, sd[o], any_list[o] ? slist[o] : -1, any_pu[o] ? spu[o] : NAN);
      out->value[o] = rx_stats_ratio (out->num[o], out->den[o]);
      out->nq[o] = (double) snq[o] / RX_SCALE_QUANTITY;
      out->nc[o] = (double) snc[o] / RX_SCALE_COST;
      out->dq[o] = (double) sdq[o] / RX_SCALE_QUANTITY;
      out->dc[o] = (double) sdc[o] / RX_SCALE_COST;
    }
}

static void
rank_level (Level *l)
{
  g_autofree double *values = g_new (double, MAX (l->n, 1));
  g_autofree guint *which = g_new (guint, MAX (l->n, 1));
  g_autofree double *pct = g_new (double, MAX (l->n, 1));
  guint n = 0;

  for (guint o = 0; o < l->n; o++)
    if (l->has_row[o] && !isnan (l->value[o]))
      {
        values[n] = l->value[o];
        which[n++] = o;
      }
  rx_stats_percent_rank (values, n, pct);
  for (guint i = 0; i < n; i++)
    l->pct[which[i]] = pct[i];
  rx_stats_deciles (values, n, l->deciles);
}

/* §5: savings at each decile of the level's own type, then positive-only
 * totals. */
static void
save_level (const Work *w,
            Level      *l,
            double      cn,
            double      cd)
{
  const RxMeasure *m = w->m;

  if (!m->is_cost_based)
    return;
  l->savings = g_new (double, MAX (l->n, 1) * 9);
  for (int k = 0; k < 9; k++)
    {
      double total = 0;
      gboolean decile_null = isnan (l->deciles[k]);

      for (guint o = 0; o < l->n; o++)
        {
          double s = NAN;

          if (l->has_row[o] && !isnan (l->value[o]) && !decile_null)
            {
              if (w->formula_b)
                {
                  RxSubstitution sub = { l->nq[o], l->nc[o], l->dq[o], l->dc[o] };
                  s = rx_saving_formula_b (&sub, cn, cd, l->deciles[k]);
                }
              else
                s = rx_saving_formula_a (l->num[o], l->den[o], l->deciles[k]);
            }
          l->savings[o * 9 + k] = s;
          if (!isnan (s) && s > 0)
            total += s;
        }
      l->totals[k] = decile_null ? NAN : total;
    }
}

static gboolean
is_small (const Engine    *e,
          const RxMeasure *m,
          double           den)
{
  switch (m->denominator_type)
    {
    case RX_MEASURE_LIST_SIZE:
    case RX_MEASURE_ASTRO_PU_ITEMS:
    case RX_MEASURE_ASTRO_PU_COST:
      return den < e->small_population / 1000.0;
    case RX_MEASURE_STAR_PU_ANTIBIOTICS:
      return den < e->small_population;
    default:
      return den < e->small_denominator;
    }
}

static void
bind_doubles (sqlite3_stmt *stmt,
              int           column,
              const double *values)
{
  if (values == NULL)
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_blob (stmt, column, values, 9 * sizeof (double), SQLITE_TRANSIENT);
}

static void
bind_real_or_null (sqlite3_stmt *stmt,
                   int           column,
                   double        v)
{
  if (isnan (v))
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_double (stmt, column, v);
}

static gboolean
store_level (Engine       *e,
             const Work   *w,
             int           month,
             RxOrgType     type,
             const Level  *l,
             const double *england_totals,
             sqlite3_stmt *ins_value,
             sqlite3_stmt *ins_decile,
             GError      **error)
{
  guint n_values = 0;

  for (guint o = 0; o < l->n; o++)
    {
      if (!l->has_row[o])
        continue;
      n_values += !isnan (l->value[o]);
      sqlite3_bind_int64 (ins_value, 1, w->m->db_id);
      sqlite3_bind_int (ins_value, 2, month);
      sqlite3_bind_int64 (ins_value, 3, l->org_ids[o]);
      sqlite3_bind_int (ins_value, 4, type);
      sqlite3_bind_double (ins_value, 5, l->num[o]);
      sqlite3_bind_double (ins_value, 6, l->den[o]);
      bind_real_or_null (ins_value, 7, l->value[o]);
      bind_real_or_null (ins_value, 8, type == RX_ORG_ENGLAND ? NAN : l->pct[o]);
      sqlite3_bind_int (ins_value, 9, is_small (e, w->m, l->den[o]));
      if (type == RX_ORG_ENGLAND)
        bind_doubles (ins_value, 10, england_totals);
      else
        bind_doubles (ins_value, 10, l->savings != NULL ? l->savings + o * 9 : NULL);
      if (sqlite3_step (ins_value) != SQLITE_DONE)
        return rx_db_set_error (e->db, error, "cannot store measure values");
      sqlite3_reset (ins_value);
    }
  if (type == RX_ORG_ENGLAND)
    return TRUE;
  sqlite3_bind_int64 (ins_decile, 1, w->m->db_id);
  sqlite3_bind_int (ins_decile, 2, type);
  sqlite3_bind_int (ins_decile, 3, month);
  sqlite3_bind_int (ins_decile, 4, n_values);
  bind_doubles (ins_decile, 5, l->deciles);
  bind_doubles (ins_decile, 6, w->m->is_cost_based ? l->totals : NULL);
  if (sqlite3_step (ins_decile) != SQLITE_DONE)
    return rx_db_set_error (e->db, error, "cannot store deciles");
  sqlite3_reset (ins_decile);
  return TRUE;
}

static gboolean
finish_measure (Engine            *e,
                Work              *w,
                const MonthInputs *in,
                int                month,
                sqlite3_stmt      *ins_value,
                sqlite3_stmt      *ins_decile,
                GError           **error)
{
  RxPopulation *pop = e->pop;
  Level levels[N_LEVELS + 2];      /* practice, 4 rollups, England */
  guint32 england[1] = { pop->england_id };
  double cn = NAN, cd = NAN;
  gboolean ok = TRUE;

  level_alloc (&levels[0], pop->n, pop->org_ids);
  for (int l = 0; l < N_LEVELS; l++)
    level_alloc (&levels[1 + l], pop->n_level[l], pop->level_org_ids[l]);
  level_alloc (&levels[N_LEVELS + 1], 1, england);

  fill_level (e, w, in, -1, &levels[0]);
  for (int l = 0; l < N_LEVELS; l++)
    fill_level (e, w, in, l, &levels[1 + l]);
  fill_level (e, w, in, N_LEVELS, &levels[N_LEVELS + 1]);

  if (w->formula_b)
    {
      /* National prices over all peer practices of the month (§5.3). */
      Level *eng = &levels[N_LEVELS + 1];
      RxSubstitution all = { eng->nq[0], eng->nc[0], eng->dq[0], eng->dc[0] };
      rx_saving_national_prices (&all, 1, &cn, &cd);
    }
  for (int l = 0; l <= N_LEVELS; l++)
    {
      rank_level (&levels[l]);
      save_level (w, &levels[l], cn, cd);
    }

  ok = store_level (e, w, month, RX_ORG_PRACTICE, &levels[0], NULL, ins_value, ins_decile, error);
  for (int l = 0; ok && l < N_LEVELS; l++)
    ok = store_level (e, w, month, level_types[l], &levels[1 + l], NULL, ins_value, ins_decile, error);
  if (ok && pop->england_id != 0)
    ok = store_level (e, w, month, RX_ORG_ENGLAND, &levels[N_LEVELS + 1],
                      w->m->is_cost_based ? levels[0].totals : NULL, ins_value, ins_decile, error);
  for (int l = 0; l < N_LEVELS + 2; l++)
    level_clear (&levels[l]);
  return ok;
}

static gboolean
compute_month (Engine        *e,
               int            month,
               GCancellable  *cancellable,
               GError       **error)
{
  RxPopulation *pop = e->pop;
  guint nm = e->measures->len;
  g_autofree Work *work = g_new0 (Work, MAX (nm, 1));
  MonthInputs in = { 0 };
  g_autoptr(sqlite3_stmt) del_values = NULL, del_deciles = NULL, ins_value = NULL, ins_decile = NULL;
  gboolean ok = TRUE;

  del_values = rx_db_prepare (e->db, "DELETE FROM measure_value WHERE measure_id = ? AND month = ?", error);
  del_deciles = rx_db_prepare (e->db, "DELETE FROM measure_decile WHERE measure_id = ? AND month = ?", error);
  ins_value = rx_db_prepare (e->db,
    "INSERT INTO measure_value (measure_id, month, org_id, org_type, numerator, denominator, value, "
    "percentile, small, savings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  ins_decile = rx_db_prepare (e->db,
    "INSERT INTO measure_decile (measure_id, org_type, month, n_values, deciles, totals) "
    "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (del_values == NULL || del_deciles == NULL || ins_value == NULL || ins_decile == NULL)
    return FALSE;

  for (guint k = 0; k < nm; k++)
    {
      Work *w = &work[k];
      w->m = g_ptr_array_index (e->measures, k);
      w->formula_b = w->m->is_cost_based && w->m->is_percentage &&
                     rx_measure_type_is_bnf (w->m->denominator_type);
      w->n = g_new0 (gint64, MAX (pop->n, 1));
      w->d = g_new0 (gint64, MAX (pop->n, 1));
      if (w->formula_b)
        {
          w->nq = g_new0 (gint64, MAX (pop->n, 1));
          w->nc = g_new0 (gint64, MAX (pop->n, 1));
          w->dq = g_new0 (gint64, MAX (pop->n, 1));
          w->dc = g_new0 (gint64, MAX (pop->n, 1));
        }
    }

  ok = load_month_inputs (e, month, &in, error) && scan_month (e, month, work, cancellable, error);
  for (guint k = 0; ok && k < nm; k++)
    {
      Work *w = &work[k];

      sqlite3_bind_int64 (del_values, 1, w->m->db_id);
      sqlite3_bind_int (del_values, 2, month);
      sqlite3_bind_int64 (del_deciles, 1, w->m->db_id);
      sqlite3_bind_int (del_deciles, 2, month);
      ok = sqlite3_step (del_values) == SQLITE_DONE && sqlite3_step (del_deciles) == SQLITE_DONE;
      sqlite3_reset (del_values);
      sqlite3_reset (del_deciles);
      if (!ok)
        {
          rx_db_set_error (e->db, error, "cannot replace measure values");
          break;
        }
      ok = finish_measure (e, w, &in, month, ins_value, ins_decile, error);
    }
  for (guint k = 0; k < nm; k++)
    work_clear (&work[k]);
  month_inputs_clear (&in);
  return ok;
}

/* ------------------------------------------------------------------ */

/**
 * rx_compute_held_months:
 *
 * Every month with prescribing or list sizes, ascending.
 */
GArray *
rx_compute_held_months (RxDb *db)
{
  GArray *months = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(sqlite3_stmt) stmt = rx_db_prepare (db,
    "SELECT DISTINCT month FROM month_held WHERE kind IN ('epd', 'pdpi', 'list-size-all', "
    "'list-size-quinary') ORDER BY month", NULL);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      int m = sqlite3_column_int (stmt, 0);
      g_array_append_val (months, m);
    }
  return months;
}

static GPtrArray *
select_measures (RxDb       *db,
                 GPtrArray  *ids,
                 GError    **error)
{
  g_autoptr(GPtrArray) all = rx_measure_list (db, error);
  GPtrArray *out;

  if (all == NULL)
    return NULL;
  if (ids == NULL)
    return g_steal_pointer (&all);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) rx_measure_free);
  for (guint i = 0; i < all->len; i++)
    {
      RxMeasure *m = g_ptr_array_index (all, i);
      for (guint j = 0; j < ids->len; j++)
        if (g_str_equal (m->id, g_ptr_array_index (ids, j)))
          {
            g_ptr_array_add (out, g_ptr_array_steal_index (all, i));
            i--;
            break;
          }
    }
  return out;
}

/**
 * rx_compute_months:
 * @months: (nullable): months to compute, or every month held
 * @measure_ids: (nullable): measures to compute, or all
 *
 * Computes and stores measure values, each month in its own transaction;
 * with every measure (@measure_ids %NULL) also the month's price-per-unit
 * savings and swaps.
 */
gboolean
rx_compute_months (RxDb           *db,
                   GArray         *months,
                   GPtrArray      *measure_ids,
                   GCancellable   *cancellable,
                   RxProgressFunc  progress,
                   gpointer        progress_data,
                   GError        **error)
{
  g_autoptr(GArray) held = NULL;
  g_autoptr(GPtrArray) measures = NULL;
  Engine e;
  gboolean ok = TRUE;
  gint64 started = g_get_monotonic_time ();

  if (months == NULL)
    months = held = rx_compute_held_months (db);
  measures = select_measures (db, measure_ids, error);
  if (measures == NULL)
    return FALSE;
  if (months->len == 0 || measures->len == 0)
    return TRUE;
  if (!engine_init (&e, db, measures, error))
    {
      engine_clear (&e);
      return FALSE;
    }
  {
    /* England is a row of every measure. */
    g_autoptr(sqlite3_stmt) eng = rx_db_prepare (db,
      "INSERT OR IGNORE INTO org (type, code, name, name_rank) VALUES (5, 'england', 'England', 9)", error);
    if (eng == NULL || sqlite3_step (eng) != SQLITE_DONE)
      ok = FALSE;
    if (ok && e.pop->england_id == 0)
      e.pop->england_id = sqlite3_last_insert_rowid (rx_db_get_handle (db));
  }
  for (guint i = 0; ok && i < months->len; i++)
    {
      int month = g_array_index (months, int, i);

      if (progress != NULL)
        {
          RxProgress pr = { .stage = "computing", .rows = i,
                            .fraction = (double) i / months->len };
          double s = (g_get_monotonic_time () - started) / 1e6;
          pr.rows_per_second = s > 0 ? i / s : 0;
          progress (&pr, progress_data);
        }
      ok = rx_db_begin (db, error);
      if (ok)
        {
          /* Price-per-unit savings depend on no measure: a new or changed
           * definition (@measure_ids given) leaves them as they are. */
          ok = compute_month (&e, month, cancellable, error) &&
               (measure_ids != NULL || rx_ppu_compute_month (db, month, e.pop, cancellable, error)) &&
               rx_db_commit (db, error);
          if (!ok)
            rx_db_rollback (db);
        }
    }
  engine_clear (&e);
  return ok;
}

/**
 * rx_compute_savings_months:
 * @months: (nullable): months to compute, or every month held
 *
 * Price-per-unit savings and swaps alone, each month in its own
 * transaction (after a preference change, or to time them).
 */
gboolean
rx_compute_savings_months (RxDb          *db,
                           GArray        *months,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GArray) held = NULL;
  g_autoptr(RxPopulation) pop = rx_population_load (db, error);
  gboolean ok = pop != NULL;

  if (months == NULL)
    months = held = rx_compute_held_months (db);
  for (guint i = 0; ok && i < months->len; i++)
    {
      ok = rx_db_begin (db, error);
      if (ok && !(rx_ppu_compute_month (db, g_array_index (months, int, i), pop, cancellable, error) &&
                  rx_db_commit (db, error)))
        {
          rx_db_rollback (db);
          ok = FALSE;
        }
    }
  return ok;
}

/**
 * rx_compute_after_import:
 *
 * What an import changes: prescribing or list sizes → those months;
 * organisations (settings, links) → every month (§3.3).  New or changed
 * bundled measures are computed for every month too.
 */
gboolean
rx_compute_after_import (RxDb                 *db,
                         const RxImportResult *result,
                         GCancellable         *cancellable,
                         RxProgressFunc        progress,
                         gpointer              progress_data,
                         GError              **error)
{
  g_autoptr(GPtrArray) changed = NULL;
  gboolean monthly = result->kind == RX_KIND_EPD || result->kind == RX_KIND_PDPI ||
                     result->kind == RX_KIND_LIST_SIZE_ALL ||
                     result->kind == RX_KIND_LIST_SIZE_QUINARY;

  if (result->skipped)
    return TRUE;
  if (!rx_db_begin (db, error))
    return FALSE;
  if (!rx_measure_sync_bundled (db, &changed, error) || !rx_db_commit (db, error))
    {
      rx_db_rollback (db);
      return FALSE;
    }
  if (result->kind == RX_KIND_BNF_CODES || result->kind == RX_KIND_PDPI_CHEM ||
      result->kind == RX_KIND_PDPI_ADDR)
    return changed->len == 0 ||
           rx_compute_months (db, NULL, changed, cancellable, progress, progress_data, error);
  if (monthly)
    {
      if (changed->len > 0 &&
          !rx_compute_months (db, NULL, changed, cancellable, progress, progress_data, error))
        return FALSE;
      return rx_compute_months (db, result->months, NULL, cancellable, progress, progress_data, error);
    }
  return rx_compute_months (db, NULL, NULL, cancellable, progress, progress_data, error);
}

typedef struct
{
  char           *db_path;
  GPtrArray      *ids;
  RxProgressFunc  progress;
  gpointer        progress_data;
} ComputeTaskData;

static void
compute_task_data_free (gpointer data)
{
  ComputeTaskData *d = data;

  g_free (d->db_path);
  g_clear_pointer (&d->ids, g_ptr_array_unref);
  g_free (d);
}

static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeTaskData *d = task_data;
  g_autoptr(RxDb) db = NULL;
  GError *error = NULL;

  db = rx_db_open (d->db_path, RX_DB_OPEN_WRITE, &error);
  if (db == NULL ||
      !rx_compute_months (db, NULL, d->ids, cancellable, d->progress, d->progress_data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* In a worker with its own connection: computing a new or edited measure
 * never blocks the window. */
void
rx_compute_async (const char          *db_path,
                  GPtrArray           *measure_ids,
                  GCancellable        *cancellable,
                  RxProgressFunc       progress,
                  gpointer             progress_data,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ComputeTaskData *d = g_new0 (ComputeTaskData, 1);

  d->db_path = g_strdup (db_path);
  d->ids = measure_ids != NULL ? g_ptr_array_ref (measure_ids) : NULL;
  d->progress = progress;
  d->progress_data = progress_data;
  g_task_set_task_data (task, d, compute_task_data_free);
  g_task_run_in_thread (task, compute_thread);
}

gboolean
rx_compute_finish (GAsyncResult  *result,
                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
