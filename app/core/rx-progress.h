// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What long-running core work (import, generate, compute) reports while it
 * runs.  The callback is invoked from the thread doing the work, at most a
 * few times a second, so it must be cheap and thread-safe. */
typedef struct
{
  const char *stage;            /* "reading", "storing", "computing", … */
  const char *file;             /* the file being worked on, or NULL */
  guint64     bytes_done;
  guint64     bytes_total;      /* 0 when unknown (a compressed stream) */
  guint64     rows;
  double      rows_per_second;
  double      fraction;         /* 0…1, or -1 when unknown */
} RxProgress;

typedef void (*RxProgressFunc) (const RxProgress *progress,
                                gpointer          user_data);

G_END_DECLS
