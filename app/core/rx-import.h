// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "rx-db.h"
#include "rx-progress.h"
#include "rx-source.h"

G_BEGIN_DECLS

#define RX_IMPORT_ERROR (rx_import_error_quark ())

typedef enum
{
  RX_IMPORT_ERROR_FAILED,
  RX_IMPORT_ERROR_REFUSED,       /* wrong kind, too many bad rows, truncated: exit 4 */
} RxImportError;

typedef struct
{
  RxKind          kind;          /* RX_KIND_UNKNOWN: detect from the header */
  gboolean        force;         /* import a file already imported */
  gboolean        compute;       /* compute the affected months afterwards */
  RxProgressFunc  progress;
  gpointer        progress_data;
} RxImportOptions;

typedef struct
{
  char       *file;
  RxKind      kind;
  GArray     *months;            /* int YYYYMM, sorted */
  guint64     rows_read;
  guint64     rows_stored;
  guint64     rows_rejected;
  double      seconds;
  gboolean    skipped;           /* already imported, same content */
  GPtrArray  *rejections;        /* "FILE:LINE: reason", at most 20 */
  GPtrArray  *warnings;
  /* Set when the file was stored but computing its results then failed
   * or was cancelled: `measures compute` finishes them. */
  GError     *compute_error;
} RxImportResult;

#define RX_IMPORT_MAX_SHOWN 20

GQuark          rx_import_error_quark   (void);
void            rx_import_options_init  (RxImportOptions *options);
RxImportResult *rx_import_file          (RxDb            *db,
                                         const char      *path,
                                         const RxImportOptions *options,
                                         GCancellable    *cancellable,
                                         GError         **error) G_GNUC_WARN_UNUSED_RESULT;
void            rx_import_result_free   (RxImportResult  *result);
char           *rx_import_result_summary (const RxImportResult *result) G_GNUC_WARN_UNUSED_RESULT;

/* In a worker thread with its own connection; the callback gets a
 * GPtrArray of RxImportResult (one per file done) or the first error. */
void            rx_import_files_async   (const char      *db_path,
                                         char           **paths,
                                         const RxImportOptions *options,
                                         GCancellable    *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer         user_data);
GPtrArray      *rx_import_files_finish  (GAsyncResult    *result,
                                         GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RxImportResult, rx_import_result_free)

G_END_DECLS
