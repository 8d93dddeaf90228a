// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "rx-db.h"
#include "rx-import.h"
#include "rx-progress.h"

G_BEGIN_DECLS

gboolean rx_compute_after_import (RxDb                 *db,
                                  const RxImportResult *result,
                                  GCancellable         *cancellable,
                                  RxProgressFunc        progress,
                                  gpointer              progress_data,
                                  GError              **error);

G_END_DECLS
