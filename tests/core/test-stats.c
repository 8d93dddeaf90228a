// SPDX-License-Identifier: GPL-3.0-or-later
//
// The arithmetic cases of methodology.md §9 (TC1–TC4, TC7–TC12) on
// rx-stats. Expected values are the document's, written by hand; doubles are
// compared exactly unless the document gives a tolerance.

#define G_LOG_DOMAIN "test-stats"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <check.h>
#include <glib.h>

#include "rx-stats.h"

#define assert_exact(got, want)                                              \
  G_STMT_START {                                                             \
    double got_ = (got), want_ = (want);                                     \
    ck_assert_msg (got_ == want_, "%s = %.17g, want %.17g",                  \
                   #got, got_, want_);                                       \
  } G_STMT_END

#define assert_null(got)                                                     \
  G_STMT_START {                                                             \
    double got_ = (got);                                                     \
    ck_assert_msg (isnan (got_), "%s = %.17g, want NULL (NaN)", #got, got_); \
  } G_STMT_END

#define assert_abs(got, want, tol)                                           \
  G_STMT_START {                                                             \
    double got_ = (got), want_ = (want);                                     \
    ck_assert_msg (fabs (got_ - want_) <= (tol),                             \
                   "%s = %.17g, want %.17g ± %g", #got, got_, want_,         \
                   (double) (tol));                                          \
  } G_STMT_END

#define assert_rel(got, want, tol)                                           \
  G_STMT_START {                                                             \
    double got_ = (got), want_ = (want);                                     \
    ck_assert_msg (fabs (got_ - want_) <= (tol) * fabs (want_),              \
                   "%s = %.17g, want %.17g (relative %g)", #got, got_,       \
                   want_, (double) (tol));                                   \
  } G_STMT_END

static void
assert_deciles (const double got[9],
                const double want[9])
{
  for (guint k = 0; k < 9; k++)
    ck_assert_msg (got[k] == want[k], "P%u = %.17g, want %.17g",
                   (k + 1) * 10, got[k], want[k]);
}

/* §3.1 division */

START_TEST (test_ratio)
{
  assert_exact (rx_stats_ratio (10, 40), 0.25);
  assert_exact (rx_stats_ratio (0, 20), 0.0);
  assert_exact (rx_stats_ratio (1, -4), -0.25);
  assert_null (rx_stats_ratio (0, 0));
  assert_null (rx_stats_ratio (5, 0.0));
  assert_null (rx_stats_ratio (5, -0.0));
  assert_null (rx_stats_ratio (NAN, 1));
  assert_null (rx_stats_ratio (1, NAN));
  /* OP turns infinities into NULL too. */
  assert_null (rx_stats_ratio (1e308, 1e-308));
}
END_TEST

/* TC1: ratios, ties, numerator 0, rollups */

START_TEST (test_tc1)
{
  /* P1 … P5; P6 (setting 1) has no row. */
  const double n[5] = { 10, 0, 5, 30, 0 };
  const double d[5] = { 40, 20, 20, 60, 0 };
  const double want_deciles[9] = {
    0.075, 0.15, 0.225, 0.25, 0.25, 0.25, 0.275, 0.35, 0.425,
  };
  const double want_pcn_deciles[9] = {
    0.21875, 0.25, 0.28125, 0.3125, 0.34375, 0.375, 0.40625, 0.4375, 0.46875,
  };
  double r[5], pct[5], nonnull[4], nonnull_pct[4], deciles[9];
  double pcn[2], pcn_pct[2], pcn_deciles[9];

  for (guint i = 0; i < 5; i++)
    r[i] = rx_stats_ratio (n[i], d[i]);
  assert_exact (r[0], 0.25);
  assert_exact (r[1], 0.0);
  assert_exact (r[2], 0.25);
  assert_exact (r[3], 0.5);
  assert_null (r[4]);

  /* The documented contract: only the non-NULL values, in the caller's order. */
  nonnull[0] = r[0], nonnull[1] = r[1], nonnull[2] = r[2], nonnull[3] = r[3];
  rx_stats_percent_rank (nonnull, 4, nonnull_pct);
  assert_exact (nonnull_pct[0], 33.33333333333333);
  assert_exact (nonnull_pct[1], 0.0);
  assert_exact (nonnull_pct[2], 33.33333333333333);
  assert_exact (nonnull_pct[3], 100.0);

  /* A NULL among the values is left out of the ranking and stays NULL. */
  rx_stats_percent_rank (r, 5, pct);
  assert_exact (pct[0], 33.33333333333333);
  assert_exact (pct[1], 0.0);
  assert_exact (pct[2], 33.33333333333333);
  assert_exact (pct[3], 100.0);
  assert_null (pct[4]);

  rx_stats_deciles (r, 5, deciles);
  assert_deciles (deciles, want_deciles);
  rx_stats_deciles (nonnull, 4, deciles);
  assert_deciles (deciles, want_deciles);

  /* PCNs: ratio of sums. N1 = P1–P3, N2 = P4; P5 is in no PCN. */
  pcn[0] = rx_stats_ratio (n[0] + n[1] + n[2], d[0] + d[1] + d[2]);
  pcn[1] = rx_stats_ratio (n[3], d[3]);
  assert_exact (pcn[0], 0.1875);
  assert_exact (pcn[1], 0.5);
  rx_stats_percent_rank (pcn, 2, pcn_pct);
  assert_exact (pcn_pct[0], 0.0);
  assert_exact (pcn_pct[1], 100.0);
  rx_stats_deciles (pcn, 2, pcn_deciles);
  assert_deciles (pcn_deciles, want_pcn_deciles);

  /* S1 and England: P5 adds its N = 0 and D = 0. */
  assert_exact (n[0] + n[1] + n[2] + n[3] + n[4], 45);
  assert_exact (d[0] + d[1] + d[2] + d[3] + d[4], 140);
  assert_exact (rx_stats_ratio (45, 140), 0.32142857142857145);

  /* P4 shows 50%. */
  assert_exact (r[3] * 100, 50.0);
}
END_TEST

START_TEST (test_tc1_order)
{
  /* §4's example V = {0, 0.25, 0.25, 0.5}, given in another order. */
  const double v[4] = { 0.5, 0.25, 0.0, 0.25 };
  double pct[4], deciles[9];

  rx_stats_percent_rank (v, 4, pct);
  assert_exact (pct[0], 100.0);
  assert_exact (pct[1], 33.33333333333333);
  assert_exact (pct[2], 0.0);
  assert_exact (pct[3], 33.33333333333333);

  rx_stats_deciles (v, 4, deciles);
  assert_exact (deciles[0], 0.075);
  assert_exact (deciles[3], 0.25);
  assert_exact (deciles[4], 0.25);
  assert_exact (deciles[5], 0.25);
  assert_exact (deciles[8], 0.425);

  /* The input is not reordered. */
  assert_exact (v[0], 0.5);
  assert_exact (v[2], 0.0);
}
END_TEST

/* TC2: n = 1 */

START_TEST (test_tc2)
{
  const double s1 = 0.32142857142857145;
  double pct, deciles[9];

  rx_stats_percent_rank (&s1, 1, &pct);
  assert_exact (pct, 0.0);

  rx_stats_deciles (&s1, 1, deciles);
  for (guint k = 0; k < 9; k++)
    assert_exact (deciles[k], 0.32142857142857145);
  assert_exact (rx_stats_decile_sorted (&s1, 1, 9), 0.32142857142857145);
}
END_TEST

/* TC3: all-NULL month */

START_TEST (test_tc3)
{
  const double n[5] = { 0, 0, 0, 0, 0 };
  const double d[5] = { 0, 0, 0, 0, 0 };
  double r[5], pct[5], deciles[9], savings[5];

  for (guint i = 0; i < 5; i++)
    r[i] = rx_stats_ratio (n[i], d[i]);
  for (guint i = 0; i < 5; i++)
    assert_null (r[i]);

  rx_stats_percent_rank (r, 5, pct);
  for (guint i = 0; i < 5; i++)
    assert_null (pct[i]);

  rx_stats_deciles (r, 5, deciles);
  for (guint k = 0; k < 9; k++)
    assert_null (deciles[k]);
  rx_stats_deciles (NULL, 0, deciles);
  for (guint k = 0; k < 9; k++)
    assert_null (deciles[k]);

  /* England r is NULL. */
  assert_null (rx_stats_ratio (0, 0));

  /* A cost-based measure: every Sk and every total NULL. */
  for (guint k = 0; k < 9; k++)
    {
      RxSubstitution o = { 0, 0, 0, 0 };

      for (guint i = 0; i < 5; i++)
        savings[i] = rx_saving_formula_a (n[i], d[i], deciles[k]);
      for (guint i = 0; i < 5; i++)
        assert_null (savings[i]);
      assert_null (rx_saving_formula_b (&o, NAN, NAN, deciles[k]));
      assert_null (rx_saving_positive_total (savings, 5, isnan (deciles[k])));
    }
}
END_TEST

/* TC4: list size, missing list size, closed practice */

START_TEST (test_tc4)
{
  /* P1, P2, P3, P7, P8; P3 has no list size. */
  const gint64 items[5] = { 12, 0, 7, 3, 4 };
  const gint64 list[5] = { 4000, 2500, 0, 1500, 800 };
  const double want_deciles[9] = { 0.6, 1.2, 1.8, 2.2, 2.5, 2.8, 3.2, 3.8, 4.4 };
  double r[5], pct[5], deciles[9];
  gint64 n = 0, l = 0;

  for (guint i = 0; i < 5; i++)
    r[i] = rx_stats_ratio ((double) items[i], (double) list[i] / 1000.0);
  assert_exact (r[0], 3.0);
  assert_exact (r[1], 0.0);
  assert_null (r[2]);
  assert_exact (r[3], 2.0);
  assert_exact (r[4], 5.0);

  rx_stats_percent_rank (r, 5, pct);
  assert_exact (pct[1], 0.0);
  assert_exact (pct[3], 33.33333333333333);
  assert_exact (pct[0], 66.66666666666666);
  assert_exact (pct[4], 100.0);
  assert_null (pct[2]);

  rx_stats_deciles (r, 5, deciles);
  assert_deciles (deciles, want_deciles);

  /* S1: list sizes summed as integers, divided by 1000.0 last; P3's items count. */
  for (guint i = 0; i < 5; i++)
    {
      n += items[i];
      l += list[i];
    }
  assert_exact ((double) n, 26);
  assert_exact ((double) l / 1000.0, 8.8);
  assert_exact (rx_stats_ratio ((double) n, (double) l / 1000.0), 2.954545454545454);
}
END_TEST

/* TC7: formula B, desogestrel (§5.5) */

START_TEST (test_tc7)
{
  const RxSubstitution a81001 = { .nq = 1708, .nc = 107.29460, .dq = 1960, .dc = 114.98167 };
  const double p10 = 0.017241379310344827;
  double cn, cd, s10;

  /* The practice bought both kinds, so the national prices are not needed. */
  s10 = rx_saving_formula_b (&a81001, NAN, NAN, p10);
  assert_rel (s10, 54.10133693989077, 1e-12);
  /* The document's own figure is reproduced to the last bit. */
  assert_exact (s10, 54.10133693989077);

  /* The notebook's six decimals and target cost. */
  assert_abs (s10, 54.101337, 5e-7);
  assert_abs (a81001.dc - s10, 60.880333, 5e-7);

  /* With the practice as the whole nation the prices are its own. */
  rx_saving_national_prices (&a81001, 1, &cn, &cd);
  assert_exact (cn, 107.2946 / 1708);
  assert_exact (cn, 0.06281885245901639);
  assert_exact (cd, (114.98167 - 107.2946) / (1960 - 1708));
  assert_exact (cd, 0.030504246031745997);
  assert_exact (rx_saving_formula_b (&a81001, cn, cd, p10), s10);
}
END_TEST

/* TC8: formula B fallbacks, positive-only totals */

START_TEST (test_tc8)
{
  const RxSubstitution orgs[3] = {
    { .nq = 100, .nc = 50, .dq = 400, .dc = 80 }, /* A */
    { .nq = 0, .nc = 0, .dq = 200, .dc = 24 },    /* B */
    { .nq = 50, .nc = 30, .dq = 50, .dc = 30 },   /* C */
  };
  const double want_deciles[9] = {
    0.05, 0.1, 0.15, 0.2, 0.25, 0.4, 0.55, 0.7, 0.8500000000000001,
  };
  const double want_a[9] = { 32, 24, 16, 8, 0, -24, -48, -72, -96.00000000000003 };
  const double want_c[9] = {
    23.37, 22.14, 20.91, 19.68, 18.45, 14.76, 11.07, 7.379999999999999,
    3.6899999999999977,
  };
  double r[3], deciles[9], cn, cd, s[9][3];

  rx_saving_national_prices (orgs, 3, &cn, &cd);
  assert_exact (cn, 0.5333333333333333);
  assert_exact (cd, 0.108);

  /* qty / qty */
  for (guint i = 0; i < 3; i++)
    r[i] = rx_stats_ratio (orgs[i].nq, orgs[i].dq);
  assert_exact (r[0], 0.25);
  assert_exact (r[1], 0.0);
  assert_exact (r[2], 1.0);

  rx_stats_deciles (r, 3, deciles);
  assert_deciles (deciles, want_deciles);

  for (guint k = 0; k < 9; k++)
    for (guint i = 0; i < 3; i++)
      s[k][i] = rx_saving_formula_b (&orgs[i], cn, cd, deciles[k]);

  for (guint k = 0; k < 9; k++)
    {
      ck_assert_msg (s[k][0] == want_a[k], "A S%u = %.17g, want %.17g",
                     (k + 1) * 10, s[k][0], want_a[k]);
      ck_assert_msg (s[k][2] == want_c[k], "C S%u = %.17g, want %.17g",
                     (k + 1) * 10, s[k][2], want_c[k]);
    }

  /* B bought no brand: un = cn. */
  assert_exact (s[0][1], -4.133333333333333);
  assert_exact (s[4][1], -20.66666666666667);

  /* Positive-only totals over the org type. */
  assert_abs (rx_saving_positive_total (s[0], 3, FALSE), 55.370000000000005, 1e-9);
  assert_abs (rx_saving_positive_total (s[1], 3, FALSE), 46.14, 1e-9);
  assert_abs (rx_saving_positive_total (s[4], 3, FALSE), 18.45, 1e-9);
  assert_abs (rx_saving_positive_total (s[8], 3, FALSE), 3.6899999999999977, 1e-9);
  /* Summed in order, they are exact too. */
  assert_exact (rx_saving_positive_total (s[0], 3, FALSE), 55.370000000000005);
  assert_exact (rx_saving_positive_total (s[1], 3, FALSE), 46.14);
  assert_exact (rx_saving_positive_total (s[4], 3, FALSE), 18.45);
  assert_exact (rx_saving_positive_total (s[8], 3, FALSE), 3.6899999999999977);
  assert_null (rx_saving_positive_total (s[0], 3, TRUE));

  /* An undefined national price makes Sk NULL only where it is needed. */
  assert_null (rx_saving_formula_b (&orgs[1], NAN, cd, deciles[0]));
  assert_null (rx_saving_formula_b (&orgs[2], cn, NAN, deciles[0]));
  assert_exact (rx_saving_formula_b (&orgs[0], NAN, NAN, deciles[0]), 32);
  assert_null (rx_saving_formula_b (&orgs[0], cn, cd, NAN));
}
END_TEST

START_TEST (test_national_prices_undefined)
{
  /* Nobody bought the numerator, and nobody bought anything else. */
  const RxSubstitution orgs[2] = {
    { .nq = 0, .nc = 0, .dq = 0, .dc = 0 },
    { .nq = 0, .nc = 0, .dq = 0, .dc = 0 },
  };
  double cn = 0, cd = 0;

  rx_saving_national_prices (orgs, 2, &cn, &cd);
  assert_null (cn);
  assert_null (cd);
  rx_saving_national_prices (NULL, 0, &cn, &cd);
  assert_null (cn);
  assert_null (cd);
}
END_TEST

/* TC9: formula A */

START_TEST (test_tc9)
{
  /* Q1 … Q5: cost in pounds, list size; Q5 has none. */
  const double cost[5] = { 250, 90, 40, 0, 30 };
  const gint64 list[5] = { 5000, 3000, 4000, 2000, 0 };
  const double want_deciles[9] = { 3, 6, 9, 14, 20, 26, 32, 38, 44 };
  const double want_s10[4] = { 235, 81, 28, -6 };
  const double want_s70[4] = { 90, -6, -88, -64 };
  double d[5], r[5], deciles[9], s[9][5];

  for (guint i = 0; i < 5; i++)
    {
      d[i] = (double) list[i] / 1000.0;
      r[i] = rx_stats_ratio (cost[i], d[i]);
    }
  assert_exact (r[0], 50);
  assert_exact (r[1], 30);
  assert_exact (r[2], 10);
  assert_exact (r[3], 0);
  assert_null (r[4]);

  rx_stats_deciles (r, 5, deciles);
  assert_deciles (deciles, want_deciles);

  /* §5.1: a NULL ratio gives NULL savings (the caller's rule). */
  for (guint k = 0; k < 9; k++)
    for (guint i = 0; i < 5; i++)
      s[k][i] = isnan (r[i]) ? NAN : rx_saving_formula_a (cost[i], d[i], deciles[k]);

  for (guint i = 0; i < 4; i++)
    {
      assert_exact (s[0][i], want_s10[i]);
      assert_exact (s[6][i], want_s70[i]);
    }
  assert_null (s[0][4]);
  assert_null (s[6][4]);

  assert_exact (rx_saving_positive_total (s[0], 5, FALSE), 344);
  assert_exact (rx_saving_positive_total (s[3], 5, FALSE), 228);
  assert_exact (rx_saving_positive_total (s[6], 5, FALSE), 90);
  assert_exact (rx_saving_positive_total (s[8], 5, FALSE), 30);

  /* OP would credit Q5 with N − Pk × 0 = N; the function itself does. */
  assert_exact (rx_saving_formula_a (30, 0, deciles[0]), 30);
  assert_null (rx_saving_formula_a (30, 1, NAN));
  assert_null (rx_saving_formula_a (NAN, 1, 3));
}
END_TEST

/* TC10: PPU target and floor */

static int
compare_for_target (const void *a,
                    const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

START_TEST (test_tc10)
{
  /* P1–P4 generic and P2's brand (quantity, NIC £); P6 (setting 1) is no peer. */
  const double p1_q = 1000, p1_c = 20.00;
  const double p2_gq = 500, p2_gc = 12.50, p2_bq = 500, p2_bc = 60.00;
  const double p3_q = 2000, p3_c = 36.00;
  const double p4_q = 800, p4_c = 40.00;
  double ppu[4], t, s[4], total;

  ppu[0] = rx_stats_ratio (p1_c, p1_q);
  ppu[1] = rx_stats_ratio (p2_gc + p2_bc, p2_gq + p2_bq);
  ppu[2] = rx_stats_ratio (p3_c, p3_q);
  ppu[3] = rx_stats_ratio (p4_c, p4_q);
  assert_exact (ppu[0], 0.02);
  assert_exact (ppu[1], 0.0725);
  assert_exact (ppu[2], 0.018);
  assert_exact (ppu[3], 0.05);

  t = rx_ppu_target (ppu, 4);
  assert_exact (t, 0.0186);

  s[0] = rx_ppu_saving (p1_c, p1_q, t);
  s[1] = rx_ppu_saving (p2_gc + p2_bc, p2_gq + p2_bq, t);
  s[2] = rx_ppu_saving (p3_c, p3_q, t);
  s[3] = rx_ppu_saving (p4_c, p4_q, t);
  assert_exact (s[0], 1.4000000000000021);
  assert_exact (s[1], 53.900000000000006);
  assert_exact (s[2], 0.0);
  ck_assert (!signbit (s[2]));
  assert_abs (p3_c - p3_q * t, -1.2, 1e-9);
  assert_exact (s[3], 25.12);

  /* P2's breakdown by presentation. */
  assert_exact (rx_ppu_saving (p2_gc, p2_gq, t), 3.200000000000001);
  assert_exact (rx_ppu_saving (p2_bc, p2_bq, t), 50.7);

  /* The sub-ICB: practice savings, clipped, then summed. */
  total = rx_saving_positive_total (s, 4, FALSE);
  assert_abs (total, 80.42, 1e-9);

  /* A NULL price per unit (Q = 0) is no peer. */
  {
    const double with_null[5] = { ppu[0], ppu[1], rx_stats_ratio (5, 0), ppu[2], ppu[3] };

    assert_exact (rx_ppu_target (with_null, 5), 0.0186);
  }
  assert_null (rx_ppu_target (NULL, 0));
  assert_null (rx_ppu_saving (20, 1000, NAN));

  /* The target comes from two order statistics, not a sort: it must be
   * the sorted interpolation exactly, with heavy ties and any order. */
  {
    GRand *rand = g_rand_new_with_seed (11);
    for (int round = 0; round < 300; round++)
      {
        gsize n = 1 + g_rand_int_range (rand, 0, 400);
        g_autofree double *v = g_new (double, n);
        g_autofree double *sorted = NULL;
        for (gsize i = 0; i < n; i++)
          v[i] = round % 3 == 0 ? g_rand_int_range (rand, 0, 4) / 7.0 : g_rand_double (rand);
        sorted = g_memdup2 (v, n * sizeof (double));
        qsort (sorted, n, sizeof (double), compare_for_target);
        ck_assert (rx_ppu_target (v, n) == rx_stats_decile_sorted (sorted, n, 1));
      }
    g_rand_free (rand);
  }
}
END_TEST

/* TC11: brand swap */

START_TEST (test_tc11)
{
  /* TC10's generic prescribing: P1, P2, P3, P4. */
  const double gc = 20.00 + 12.50 + 36.00 + 40.00;
  const double gq = 1000 + 500 + 2000 + 800;
  double gp, monthly;

  assert_exact (gc, 108.5);
  assert_exact (gq, 4300);
  gp = rx_stats_ratio (gc, gq);
  assert_exact (gp, 0.025232558139534882);

  /* P2's brand, 500 units for £60 (0.12 a unit). */
  assert_exact (rx_stats_ratio (60.00, 500), 0.12);
  monthly = rx_ppu_swap_monthly (60.00, 500, gp);
  assert_exact (monthly, 47.383720930232556);
  assert_exact (rx_ppu_swap_annual (monthly), 568.6046511627907);

  /* Not shown at or below the generic price, or without quantity. */
  assert_null (rx_ppu_swap_monthly (gp * 500, 500, gp));
  assert_null (rx_ppu_swap_monthly (10, 500, gp));
  assert_null (rx_ppu_swap_monthly (10, 0, gp));
  assert_null (rx_ppu_swap_monthly (60, 500, NAN));
}
END_TEST

/* TC12: prescribing units */

static const gint64 tc12_male[RX_PU_N_BANDS] = { 120, 250, 300, 400, 380, 350, 300, 220, 150 };
static const gint64 tc12_female[RX_PU_N_BANDS] = { 110, 240, 320, 420, 390, 340, 310, 240, 210 };

START_TEST (test_tc12)
{
  double items, cost, star;
  gint64 total = 0;

  for (guint b = 0; b < RX_PU_N_BANDS; b++)
    total += tc12_male[b] + tc12_female[b];
  ck_assert_int_eq (total, 5050);

  items = rx_pu_compute (RX_PU_ASTRO_ITEMS, tc12_male, tc12_female);
  cost = rx_pu_compute (RX_PU_ASTRO_COST, tc12_male, tc12_female);
  star = rx_pu_compute (RX_PU_STAR_ANTIBACTERIAL_ITEMS, tc12_male, tc12_female);

  assert_rel (items, 62394.94204140325, 1e-12);
  assert_rel (cost, 17566.439441852275, 1e-12);
  assert_rel (star, 2814.1675453603143, 1e-12);
  /* §7.2's order (band by band, male before female) is exact. */
  assert_exact (items, 62394.94204140325);
  assert_exact (cost, 17566.439441852275);
  assert_exact (star, 2814.1675453603143);

  /* 300 antibacterial items and £1,500 (§7.3 scaling). */
  assert_exact (rx_stats_ratio (300, items / 1000.0), 4.808082036536388);
  assert_exact (rx_stats_ratio (300, star), 0.1066034609398458);
  assert_exact (rx_stats_ratio (1500, cost / 1000.0), 85.39009882823665);
}
END_TEST

START_TEST (test_pu_fold)
{
  /* Quinary bands 0_4 … 95+ whose folds are TC12's bands. */
  const gint64 male_q[RX_PU_N_QUINARY] = {
    120,                 /* 0_4 */
    130, 120,            /* 5_9, 10_14 */
    140, 160,            /* 15_19, 20_24 */
    200, 200,
    190, 190,
    175, 175,
    150, 150,
    100, 120,            /* 65_69, 70_74 */
    60, 40, 30, 15, 5,   /* 75_79 … 95+ */
  };
  const gint64 female_q[RX_PU_N_QUINARY] = {
    110,
    120, 120,
    150, 170,
    210, 210,
    195, 195,
    170, 170,
    155, 155,
    120, 120,
    70, 60, 45, 25, 10,
  };
  gint64 male[RX_PU_N_BANDS], female[RX_PU_N_BANDS];

  rx_pu_fold_quinary (male_q, male);
  rx_pu_fold_quinary (female_q, female);
  for (guint b = 0; b < RX_PU_N_BANDS; b++)
    {
      ck_assert_int_eq (male[b], tc12_male[b]);
      ck_assert_int_eq (female[b], tc12_female[b]);
    }
  assert_exact (rx_pu_compute (RX_PU_ASTRO_ITEMS, male, female), 62394.94204140325);
}
END_TEST

START_TEST (test_pu_weights)
{
  /* Corners of §7.2's table. */
  assert_exact (rx_pu_weight (RX_PU_ASTRO_ITEMS, FALSE, 0), 5.20981299276732);
  assert_exact (rx_pu_weight (RX_PU_ASTRO_ITEMS, TRUE, 8), 48.4846679987704);
  assert_exact (rx_pu_weight (RX_PU_ASTRO_COST, FALSE, 0), 1.0);
  assert_exact (rx_pu_weight (RX_PU_ASTRO_COST, TRUE, 8), 9.88935302232237);
  assert_exact (rx_pu_weight (RX_PU_STAR_ANTIBACTERIAL_ITEMS, FALSE, 2), 0.33969141052120033);
  assert_exact (rx_pu_weight (RX_PU_STAR_ANTIBACTERIAL_ITEMS, TRUE, 8), 1.2658322296629296);
}
END_TEST

/* §4: integer interpolation positions */

START_TEST (test_decile_positions)
{
  /* n = 4, k = 3: h = 9, f = 0.9 exactly, not 3 × 0.3 = 0.8999…. */
  const double x[4] = { 0, 10, 20, 30 };

  assert_exact (rx_stats_decile_sorted (x, 4, 3), 9.0);
  assert_exact (rx_stats_decile_sorted (x, 4, 9), 27.0);
  assert_null (rx_stats_decile_sorted (x, 0, 1));
}
END_TEST

static Suite *
stats_suite (void)
{
  Suite *s = suite_create ("stats");
  TCase *tc;

  tc = tcase_create ("division");
  tcase_add_test (tc, test_ratio);
  suite_add_tcase (s, tc);

  tc = tcase_create ("ranks");
  tcase_add_test (tc, test_tc1);
  tcase_add_test (tc, test_tc1_order);
  tcase_add_test (tc, test_tc2);
  tcase_add_test (tc, test_tc3);
  tcase_add_test (tc, test_tc4);
  tcase_add_test (tc, test_decile_positions);
  suite_add_tcase (s, tc);

  tc = tcase_create ("savings");
  tcase_add_test (tc, test_tc7);
  tcase_add_test (tc, test_tc8);
  tcase_add_test (tc, test_national_prices_undefined);
  tcase_add_test (tc, test_tc9);
  suite_add_tcase (s, tc);

  tc = tcase_create ("ppu");
  tcase_add_test (tc, test_tc10);
  tcase_add_test (tc, test_tc11);
  suite_add_tcase (s, tc);

  tc = tcase_create ("prescribing-units");
  tcase_add_test (tc, test_tc12);
  tcase_add_test (tc, test_pu_fold);
  tcase_add_test (tc, test_pu_weights);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  SRunner *runner = srunner_create (stats_suite ());
  int failures;

  srunner_run_all (runner, CK_NORMAL);
  failures = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failures != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
