// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "rx-db.h"
#include "rx-import.h"
#include "rx-progress.h"

G_BEGIN_DECLS

/* The peer population and the hierarchy, as the database holds it now. */
typedef struct _RxPopulation RxPopulation;

struct _RxPopulation
{
  guint       n;                       /* practices, in ascending code order */
  guint32    *org_ids;
  char      **codes;
  GHashTable *index;                   /* org id → dense index + 1 */
  /* Per rollup level (PCN, sub-ICB, ICB, region): each practice's parent as
   * a dense index into that level's orgs, or -1. */
  int        *parent[4];
  guint       n_level[4];
  guint32    *level_org_ids[4];
  guint32     england_id;
  gboolean    settings_known;
};

RxPopulation *rx_population_load      (RxDb        *db,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;
void          rx_population_free      (RxPopulation *population);
int           rx_population_find      (const RxPopulation *population,
                                       guint32      org_id);

gboolean      rx_compute_months       (RxDb        *db,
                                       GArray      *months,
                                       GPtrArray   *measure_ids,
                                       GCancellable *cancellable,
                                       RxProgressFunc progress,
                                       gpointer     progress_data,
                                       GError     **error);
gboolean      rx_compute_savings_months (RxDb      *db,
                                       GArray      *months,
                                       GCancellable *cancellable,
                                       GError     **error);
GArray       *rx_compute_held_months  (RxDb        *db) G_GNUC_WARN_UNUSED_RESULT;
gboolean      rx_compute_after_import (RxDb                 *db,
                                       const RxImportResult *result,
                                       GCancellable         *cancellable,
                                       RxProgressFunc        progress,
                                       gpointer              progress_data,
                                       GError              **error);

void          rx_compute_async        (const char  *db_path,
                                       GPtrArray   *measure_ids,
                                       GCancellable *cancellable,
                                       RxProgressFunc progress,
                                       gpointer     progress_data,
                                       GAsyncReadyCallback callback,
                                       gpointer     user_data);
gboolean      rx_compute_finish       (GAsyncResult *result,
                                       GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RxPopulation, rx_population_free)

G_END_DECLS
