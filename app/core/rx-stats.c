// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "rx-stats"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib.h>

#include "rx-stats.h"

/*
 * Every figure here is specified to the last bit by methodology.md and its
 * test cases (§9) compare exactly, so each expression is written in the
 * order the document gives and must not be rearranged. The build passes
 * -ffp-contract=off so that no compiler fuses a multiply and an add.
 */

typedef struct
{
  double value;
  gsize  index;
} RankItem;

static int
compare_rank_items (const void *a,
                    const void *b)
{
  const RankItem *x = a;
  const RankItem *y = b;

  return (x->value > y->value) - (x->value < y->value);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Copies the non-NaN entries of @values, sorted ascending; returns their count. */
static double *
sorted_copy (const double *values,
             gsize         n,
             gsize        *out_n)
{
  double *copy = g_new (double, MAX (n, 1));
  gsize m = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (!isnan (values[i]))
        copy[m++] = values[i];
    }

  qsort (copy, m, sizeof (double), compare_doubles);
  *out_n = m;

  return copy;
}

/**
 * rx_stats_percent_rank:
 * @values: (array length=n): the organisations' ratios
 * @n: the number of entries in @values
 * @out_pct: (array length=n) (out caller-allocates): the percentiles
 *
 * Computes BigQuery's `PERCENT_RANK () × 100` (methodology §4): `rank = 1 +
 * |{x < v}|` with ties (exact double equality) sharing the lowest rank, then
 * `((rank − 1) / (n − 1)) × 100`, dividing first; a single value gets 0.
 * `out_pct[i]` belongs to `values[i]`. A NaN (NULL) value takes no part in
 * the ranking and gets NaN; `n` above counts the other values. O(n log n).
 */
void
rx_stats_percent_rank (const double *values,
                       gsize         n,
                       double       *out_pct)
{
  g_autofree RankItem *items = NULL;
  gsize m = 0;

  if (n == 0)
    return;

  g_return_if_fail (values != NULL);
  g_return_if_fail (out_pct != NULL);

  items = g_new (RankItem, n);
  for (gsize i = 0; i < n; i++)
    {
      if (isnan (values[i]))
        out_pct[i] = NAN;
      else
        items[m++] = (RankItem) { values[i], i };
    }

  qsort (items, m, sizeof (RankItem), compare_rank_items);

  for (gsize i = 0; i < m; )
    {
      /* items[i] starts a run of equal values; all of them have i values
       * strictly below them, so rank − 1 = i. */
      double pct = m == 1 ? 0.0 : ((double) i / (double) (m - 1)) * 100.0;
      gsize j = i;

      while (j < m && items[j].value == items[i].value)
        out_pct[items[j++].index] = pct;

      i = j;
    }
}

/**
 * rx_stats_decile_sorted:
 * @sorted: (array length=n): values sorted ascending, none NaN
 * @n: the number of values
 * @k: the decile, 1 to 9
 *
 * Computes `PERCENTILE_CONT (k / 10)` with integer interpolation positions
 * (methodology §4): `h = (n − 1) · k`, `lo = h div 10`, `f = (h mod 10) / 10.0`,
 * `hi = min (lo + 1, n − 1)`, `Pk = x[lo] + f · (x[hi] − x[lo])`.
 *
 * Returns: `Pk`, or NaN when @n is 0
 */
double
rx_stats_decile_sorted (const double *sorted,
                        gsize         n,
                        guint         k)
{
  gsize h, lo, hi;
  double f;

  g_return_val_if_fail (k >= 1 && k <= 9, NAN);

  if (n == 0)
    return NAN;

  g_return_val_if_fail (sorted != NULL, NAN);

  h = (n - 1) * k;
  lo = h / 10;
  f = (double) (h % 10) / 10.0;
  hi = MIN (lo + 1, n - 1);

  return sorted[lo] + f * (sorted[hi] - sorted[lo]);
}

/**
 * rx_stats_deciles:
 * @values: (array length=n): the values, in any order; NaN entries are skipped
 * @n: the number of entries in @values
 * @out: (out caller-allocates): P10 … P90
 *
 * Computes the nine deciles of methodology §4 over the non-NaN values
 * (a sorted copy is made); with no such value every decile is NaN.
 */
void
rx_stats_deciles (const double *values,
                  gsize         n,
                  double        out[9])
{
  g_autofree double *sorted = NULL;
  gsize m;

  g_return_if_fail (out != NULL);
  g_return_if_fail (values != NULL || n == 0);

  sorted = sorted_copy (values, n, &m);
  for (guint k = 1; k <= 9; k++)
    out[k - 1] = rx_stats_decile_sorted (sorted, m, k);
}

/**
 * rx_stats_ratio:
 * @numerator: N
 * @denominator: D
 *
 * One IEEE division, NULL where OP's `IEEE_DIVIDE` gives NULL (methodology
 * §3.1): a zero denominator (either sign), a NaN operand, and, as OP turns
 * infinities into NULL, a quotient that overflows. A negative @denominator is
 * divided.
 *
 * Returns: `N / D`, or NaN
 */
double
rx_stats_ratio (double numerator,
                double denominator)
{
  double r;

  if (isnan (numerator) || isnan (denominator) || denominator == 0.0)
    return NAN;

  r = numerator / denominator;

  return isfinite (r) ? r : NAN;
}

/**
 * rx_saving_formula_a:
 * @n: the numerator, pounds of actual cost
 * @d: the denominator, in its own unit
 * @pk: the decile, pounds per unit of @d
 *
 * Formula A (methodology §5.2): `Sk = N − Pk × D`. The caller applies the
 * rule that a NULL ratio gives a NULL saving (§5.1): with `D = 0` this
 * function would return `N`, as OP does.
 *
 * Returns: `Sk`, or NaN when any input is NaN
 */
double
rx_saving_formula_a (double n,
                     double d,
                     double pk)
{
  if (isnan (n) || isnan (d) || isnan (pk))
    return NAN;

  return n - pk * d;
}

/**
 * rx_saving_national_prices:
 * @orgs: (array length=n): the sums of every setting-4 practice in the month
 * @n: the number of practices
 * @cn: (out): the national numerator unit cost `ΣNc / ΣNq`
 * @cd: (out): the national remainder unit cost `(ΣDc − ΣNc) / (ΣDq − ΣNq)`
 *
 * Computes formula B's national prices (methodology §5.3). The sums run in
 * the order of @orgs; a price whose divisor is 0 is NaN.
 */
void
rx_saving_national_prices (const RxSubstitution *orgs,
                           gsize                 n,
                           double               *cn,
                           double               *cd)
{
  double nq = 0.0, nc = 0.0, dq = 0.0, dc = 0.0;

  g_return_if_fail (orgs != NULL || n == 0);

  for (gsize i = 0; i < n; i++)
    {
      nq += orgs[i].nq;
      nc += orgs[i].nc;
      dq += orgs[i].dq;
      dc += orgs[i].dc;
    }

  if (cn != NULL)
    *cn = rx_stats_ratio (nc, nq);
  if (cd != NULL)
    *cd = rx_stats_ratio (dc - nc, dq - nq);
}

/**
 * rx_saving_formula_b:
 * @o: the organisation's sums
 * @cn: the national numerator unit cost (NaN if undefined)
 * @cd: the national remainder unit cost (NaN if undefined)
 * @pk: the decile
 *
 * Formula B (methodology §5.3), in the documented order:
 * `un = Nc / Nq` if `Nq > 0`, else `cn`;
 * `ur = (Dc − Nc) / (Dq − Nq)` if `Dq − Nq ≠ 0`, else `cd`;
 * `Sk = Dc − (Pk · Dq · un + (Dq − Dq · Pk) · ur)`.
 * A national price that is not needed does not matter. The caller applies
 * the NULL-ratio rule of §5.1.
 *
 * Returns: `Sk`, or NaN when @pk, an input sum or a needed price is NaN
 */
double
rx_saving_formula_b (const RxSubstitution *o,
                     double                cn,
                     double                cd,
                     double                pk)
{
  double un, ur, rest_q;

  g_return_val_if_fail (o != NULL, NAN);

  if (isnan (pk) || isnan (o->nq) || isnan (o->nc) || isnan (o->dq) || isnan (o->dc))
    return NAN;

  un = o->nq > 0.0 ? o->nc / o->nq : cn;
  rest_q = o->dq - o->nq;
  ur = rest_q != 0.0 ? (o->dc - o->nc) / rest_q : cd;

  if (isnan (un) || isnan (ur))
    return NAN;

  return o->dc - (pk * o->dq * un + (o->dq - o->dq * pk) * ur);
}

/**
 * rx_saving_positive_total:
 * @savings: (array length=n): the organisations' `Sk`; NaN entries are skipped
 * @n: the number of entries
 * @pk_is_null: whether the decile `Pk` is NULL
 *
 * Computes `T = Σ max (0, Sk)` (methodology §5.4), summed in array order.
 *
 * Returns: `T`, or NaN when @pk_is_null
 */
double
rx_saving_positive_total (const double *savings,
                          gsize         n,
                          gboolean      pk_is_null)
{
  double total = 0.0;

  if (pk_is_null)
    return NAN;

  g_return_val_if_fail (savings != NULL || n == 0, NAN);

  for (gsize i = 0; i < n; i++)
    {
      if (savings[i] > 0.0)
        total += savings[i];
    }

  return total;
}

/* Methodology §7.2, [kind][band][male, female]: ASTRO-PU 2013 items and cost
 * (OP frontend/model_prescribing_units.py), STAR-PU oral antibacterial items
 * (OP frontend/star_pu_weights.json, oral_antibacterials_item). */
static const double pu_weights[3][RX_PU_N_BANDS][2] = {
  [RX_PU_ASTRO_ITEMS] = {
    { 5.20981299276732, 4.57209109157611 },
    { 2.78274827419795, 2.49791988847988 },
    { 2.54173833276, 4.55423953314265 },
    { 2.94877111448744, 6.02048572645931 },
    { 4.88518914434322, 8.27380247373141 },
    { 8.71276955913741, 12.3262908574135 },
    { 16.6039274295768, 19.1280714382989 },
    { 29.9412096036049, 30.4100929796907 },
    { 44.9462923989395, 48.4846679987704 },
  },
  [RX_PU_ASTRO_COST] = {
    { 1.0, 0.874764602225095 },
    { 0.871655388261018, 0.736837170135133 },
    { 1.22586428186498, 1.44903466533634 },
    { 1.25432789273113, 1.84193852699796 },
    { 1.81674766893969, 2.57229387381937 },
    { 3.08974457158975, 3.72488353721683 },
    { 5.28280419664147, 5.44244517326563 },
    { 8.74186911115141, 7.64083013196212 },
    { 11.3430752706509, 9.88935302232237 },
  },
  [RX_PU_STAR_ANTIBACTERIAL_ITEMS] = {
    { 0.8377155655095184, 0.7652339111849917 },
    { 0.3138732420636401, 0.3965845878554479 },
    { 0.33969141052120033, 0.6256560773480663 },
    { 0.2409056506545999, 0.5803189179127629 },
    { 0.2668526596045998, 0.5851314623781853 },
    { 0.31587104773713576, 0.618586515495957 },
    { 0.44801597638273855, 0.7388612532655764 },
    { 0.6931228760507959, 0.9727081572044829 },
    { 0.9860710593612275, 1.2658322296629296 },
  },
};

/**
 * rx_pu_fold_quinary:
 * @quinary: patients in the 20 quinary bands 0_4, 5_9, …, 90_94, 95+
 * @bands: (out caller-allocates): patients in the 9 prescribing-unit bands
 *
 * Folds quinary bands as OP's `import_list_sizes.py` (methodology §7.1):
 * 0–4 = 0_4; 5–14 … 65–74 = their two quinary bands; 75+ = 75_79 … 95+.
 */
void
rx_pu_fold_quinary (const gint64 quinary[RX_PU_N_QUINARY],
                    gint64       bands[RX_PU_N_BANDS])
{
  g_return_if_fail (quinary != NULL);
  g_return_if_fail (bands != NULL);

  bands[0] = quinary[0];
  for (guint b = 1; b <= 7; b++)
    bands[b] = quinary[2 * b - 1] + quinary[2 * b];
  bands[8] = 0;
  for (guint q = 15; q < RX_PU_N_QUINARY; q++)
    bands[8] += quinary[q];
}

/**
 * rx_pu_weight:
 * @kind: the set of weights
 * @female: %TRUE for the female weight
 * @band: the band, 0 (0–4) to 8 (75+)
 *
 * Returns: the weight of methodology §7.2, or NaN for a bad argument
 */
double
rx_pu_weight (RxPuKind kind,
              gboolean female,
              guint    band)
{
  g_return_val_if_fail (kind <= RX_PU_STAR_ANTIBACTERIAL_ITEMS, NAN);
  g_return_val_if_fail (band < RX_PU_N_BANDS, NAN);

  return pu_weights[kind][band][female ? 1 : 0];
}

/**
 * rx_pu_compute:
 * @kind: the set of weights
 * @male: male patients per band
 * @female: female patients per band
 *
 * Computes `PU = Σ w (sex, band) × patients (sex, band)` (methodology §7.2),
 * adding each product to one running sum band by band from 0–4 to 75+,
 * the male product before the female one. That order reproduces TC12's three
 * figures exactly; summing all male products first, or adding a band's two
 * products together before the running sum, does not.
 *
 * Returns: the prescribing units, not divided by 1000
 */
double
rx_pu_compute (RxPuKind     kind,
               const gint64 male[RX_PU_N_BANDS],
               const gint64 female[RX_PU_N_BANDS])
{
  double pu = 0.0;

  g_return_val_if_fail (kind <= RX_PU_STAR_ANTIBACTERIAL_ITEMS, NAN);
  g_return_val_if_fail (male != NULL && female != NULL, NAN);

  for (guint b = 0; b < RX_PU_N_BANDS; b++)
    {
      pu += pu_weights[kind][b][0] * (double) male[b];
      pu += pu_weights[kind][b][1] * (double) female[b];
    }

  return pu;
}

/**
 * rx_ppu_target:
 * @ppu: (array length=n): the peers' prices per unit; NaN entries are skipped
 * @n: the number of entries
 *
 * The target price per unit (methodology §6.2): the 10th percentile, with
 * §4's interpolation (decile k = 1), of the non-NaN prices.
 *
 * Returns: the target, or NaN when no price is given
 */
/* Moves the k-th smallest of @v into v[k], smaller ones before it and
 * larger or equal ones after (quickselect): the target needs two order
 * statistics, not a sorted copy, and national months have ~12,000 groups. */
static void
select_kth (double *v,
            gsize   n,
            gsize   k)
{
  gsize lo = 0, hi = n - 1;

  while (lo < hi)
    {
      double pivot = v[lo + (hi - lo) / 2];
      gsize i = lo, j = hi;

      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            {
              double t = v[i];
              v[i] = v[j];
              v[j] = t;
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        return;
    }
}

double
rx_ppu_target (const double *ppu,
               gsize         n)
{
  g_autofree double *v = NULL;
  gsize m = 0, lo;

  g_return_val_if_fail (ppu != NULL || n == 0, NAN);

  v = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    if (!isnan (ppu[i]))
      v[m++] = ppu[i];
  if (m == 0)
    return NAN;
  /* Put the two order statistics the interpolation reads in their sorted
   * places; rx_stats_decile_sorted() reads nothing else. */
  lo = (m - 1) / 10;
  select_kth (v, m, lo);
  for (gsize i = lo + 2; i < m; i++)
    if (v[i] < v[lo + 1])
      {
        double t = v[i];
        v[i] = v[lo + 1];
        v[lo + 1] = t;
      }
  return rx_stats_decile_sorted (v, m, 1);
}

/**
 * rx_ppu_saving:
 * @cost: `C`, net ingredient cost in pounds
 * @quantity: `Q`
 * @target: `T`
 *
 * A practice's group saving, or one presentation's breakdown (methodology
 * §6.3): `max (0, C − Q × T)`. A saving below zero gives +0.0.
 *
 * Returns: the saving, or NaN when an input is NaN (no target)
 */
double
rx_ppu_saving (double cost,
               double quantity,
               double target)
{
  double s;

  if (isnan (cost) || isnan (quantity) || isnan (target))
    return NAN;

  s = cost - quantity * target;

  return s > 0.0 ? s : 0.0;
}

/**
 * rx_ppu_swap_monthly:
 * @cost: `C_b`, the brand's net ingredient cost in pounds
 * @quantity: `Q_b`
 * @generic_price: `gp`, the national generic price `ΣC_g / ΣQ_g`
 *
 * The monthly saving of a brand-to-generic swap (methodology §6.4):
 * `C_b − Q_b × gp`, shown only when `C_b / Q_b > gp`.
 *
 * Returns: the saving, or NaN when it is not shown (no quantity, a price at
 *   or below @generic_price, or a NaN input)
 */
double
rx_ppu_swap_monthly (double cost,
                     double quantity,
                     double generic_price)
{
  double ppu = rx_stats_ratio (cost, quantity);

  if (isnan (ppu) || isnan (generic_price) || quantity <= 0.0 || !(ppu > generic_price))
    return NAN;

  return cost - quantity * generic_price;
}

/**
 * rx_ppu_swap_annual:
 * @monthly: a value of rx_ppu_swap_monthly()
 *
 * Returns: `12 × monthly` (methodology §6.4), NaN for NaN
 */
double
rx_ppu_swap_annual (double monthly)
{
  return 12.0 * monthly;
}
