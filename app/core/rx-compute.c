// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-compute"

#include "config.h"

#include "rx-compute.h"

gboolean
rx_compute_after_import (RxDb                 *db,
                         const RxImportResult *result,
                         GCancellable         *cancellable,
                         RxProgressFunc        progress,
                         gpointer              progress_data,
                         GError              **error)
{
  return TRUE;
}
