// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "rx-db.h"

G_BEGIN_DECLS

typedef struct _RxPopulation RxPopulation;

/* The exclusion list of methodology.md §6.1 and the brand-advised list of
 * §6.4, as bundled; users extend them through preferences. */
extern const char * const rx_ppu_default_exclusions[];
extern const char * const rx_ppu_default_brand_advised[];

double   rx_ppu_threshold        (RxDb          *db,
                                  RxOrgType      type);
gboolean rx_ppu_group_of         (const char    *code,
                                  char           group[16]);
gboolean rx_ppu_code_excluded    (const char    *code,
                                  const char * const *patterns);
gboolean rx_ppu_compute_month    (RxDb          *db,
                                  int            month,
                                  RxPopulation  *population,
                                  GCancellable  *cancellable,
                                  GError       **error);

G_END_DECLS
