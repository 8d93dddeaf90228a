// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "rx-progress.h"

G_BEGIN_DECLS

#define RX_DEMO_ERROR (rx_demo_error_quark ())

typedef enum
{
  RX_DEMO_ERROR_NOT_DEMO,       /* a real database is at the path */
  RX_DEMO_ERROR_EXISTS,         /* a demonstration database is there; use force */
} RxDemoError;

GQuark   rx_demo_error_quark (void);
gboolean rx_demo_is_demo     (const char     *db_path);
gboolean rx_demo_build       (const char     *db_path,
                              gboolean        force,
                              RxProgressFunc  progress,
                              gpointer        progress_data,
                              GCancellable   *cancellable,
                              GError        **error);
void     rx_demo_build_async (const char     *db_path,
                              gboolean        force,
                              GCancellable   *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer        user_data);
gboolean rx_demo_build_finish (GAsyncResult  *result,
                               GError       **error);

G_END_DECLS
