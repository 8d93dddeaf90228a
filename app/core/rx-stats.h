// SPDX-License-Identifier: GPL-3.0-or-later
//
// rx-stats: the arithmetic of methodology.md §3.1, §4, §5, §6.2–6.4 and §7,
// as pure functions over doubles. NULL is represented as NAN throughout.

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Percentiles and deciles (methodology §4) */

void   rx_stats_percent_rank  (const double *values,
                               gsize         n,
                               double       *out_pct);
void   rx_stats_deciles       (const double *values,
                               gsize         n,
                               double        out[9]);
double rx_stats_decile_sorted (const double *sorted,
                               gsize         n,
                               guint         k);

/* Division (methodology §3.1) */

double rx_stats_ratio         (double        numerator,
                               double        denominator);

/* Cost savings (methodology §5) */

/**
 * RxSubstitution:
 * @nq: total quantity of the organisation's numerator rows
 * @nc: total actual cost of its numerator rows
 * @dq: total quantity of its denominator rows
 * @dc: total actual cost of its denominator rows
 *
 * The four sums formula B (methodology §5.3) needs for one organisation.
 */
typedef struct
{
  double nq;
  double nc;
  double dq;
  double dc;
} RxSubstitution;

double rx_saving_formula_a        (double                n,
                                   double                d,
                                   double                pk);
void   rx_saving_national_prices  (const RxSubstitution *orgs,
                                   gsize                 n,
                                   double               *cn,
                                   double               *cd);
double rx_saving_formula_b        (const RxSubstitution *o,
                                   double                cn,
                                   double                cd,
                                   double                pk);
double rx_saving_positive_total   (const double         *savings,
                                   gsize                 n,
                                   gboolean              pk_is_null);

/* Prescribing units (methodology §7) */

typedef enum
{
  RX_PU_ASTRO_ITEMS,
  RX_PU_ASTRO_COST,
  RX_PU_STAR_ANTIBACTERIAL_ITEMS,
} RxPuKind;

/* Bands 0–4, 5–14, 15–24, 25–34, 35–44, 45–54, 55–64, 65–74, 75+ */
#define RX_PU_N_BANDS 9

/* Quinary bands 0_4, 5_9, …, 90_94, 95+ */
#define RX_PU_N_QUINARY 20

void   rx_pu_fold_quinary (const gint64 quinary[RX_PU_N_QUINARY],
                           gint64       bands[RX_PU_N_BANDS]);
double rx_pu_weight       (RxPuKind     kind,
                           gboolean     female,
                           guint        band);
double rx_pu_compute      (RxPuKind     kind,
                           const gint64 male[RX_PU_N_BANDS],
                           const gint64 female[RX_PU_N_BANDS]);

/* Price per unit (methodology §6.2–6.4) */

double rx_ppu_target       (const double *ppu,
                            gsize         n);
double rx_ppu_saving       (double        cost,
                            double        quantity,
                            double        target);
double rx_ppu_swap_monthly (double        cost,
                            double        quantity,
                            double        generic_price);
double rx_ppu_swap_annual  (double        monthly);

G_END_DECLS
