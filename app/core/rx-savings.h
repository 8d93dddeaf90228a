// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

#include "rx-db.h"

G_BEGIN_DECLS

/* A presentation behind a price-per-unit saving (practices only). */
typedef struct
{
  char   *bnf_code;
  char   *bnf_name;
  double  quantity;
  double  net_cost;
  double  price_per_unit;
  double  saving;
} RxSavingPresentation;

/* One substitution group's saving for an organisation, over one month or
 * summed over the last twelve held. */
typedef struct
{
  char       *generic_code;
  char       *generic_name;
  double      quantity;
  double      net_cost;
  double      price_per_unit;
  double      target_price_per_unit;   /* NAN over twelve months */
  double      saving;
  GPtrArray  *presentations;           /* RxSavingPresentation, by saving */
} RxSavingGroup;

typedef struct
{
  char       *org_code;
  RxOrgType   org_type;
  int         first_month, last_month;
  double      threshold;               /* the org type's listing threshold */
  double      total;                   /* Σ saving of listed groups */
  GPtrArray  *groups;                  /* RxSavingGroup, ranked by saving */
  double      swaps_monthly;           /* Σ brand-to-generic monthly saving */
} RxSavings;

void       rx_savings_free      (RxSavings   *savings);
RxSavings *rx_savings_for_org   (RxDb        *db,
                                 const char  *org_code,
                                 int          month,         /* 0: the latest */
                                 guint        n_months,      /* 1, or 12 for a year */
                                 GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RxSavings, rx_savings_free)

G_END_DECLS
