// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rx-csv.h"
#include "rx-import.h"
#include "rx-orgs.h"
#include "rx-source.h"

G_BEGIN_DECLS

/* BNF codes of every level with a cache of code → id. */
typedef struct _RxCodes RxCodes;

RxCodes  *rx_codes_new       (RxDb        *db,
                              GError     **error);
void      rx_codes_free      (RxCodes     *codes);
guint32   rx_codes_ensure    (RxCodes     *codes,
                              const char  *code,
                              GError     **error);
gboolean  rx_codes_set_name  (RxCodes     *codes,
                              guint32      id,
                              const char  *name,
                              int          version,
                              GError     **error);
gboolean  rx_codes_name_known (RxCodes    *codes,
                              guint32      id);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RxCodes, rx_codes_free)

typedef struct
{
  RxDb                  *db;
  RxOrgs                *orgs;
  RxCodes               *codes;
  const char            *path;
  char                  *name;          /* the file's base name, for messages */
  RxCsvReader           *reader;
  RxHeader              *header;
  const RxCsvRecord     *second;        /* record 2 as read for detection, or NULL */
  RxKind                 kind;
  RxImportResult        *result;
  const RxImportOptions *options;
  GCancellable          *cancellable;
  gint64                 started;
  gint64                 last_tick;
  GHashTable            *warned;        /* warning keys already given */
  int                    date;          /* the file's date (YYYYMMDD) for ranks */
  GPtrArray             *pending;       /* copied records to hand out first */
  guint                  pending_next;
} RxImportContext;

gboolean  rx_import_next          (RxImportContext   *ctx,
                                   const RxCsvRecord **record,
                                   GError           **error);

void      rx_import_reject        (RxImportContext *ctx,
                                   guint64          line,
                                   const char      *format,
                                   ...) G_GNUC_PRINTF (3, 4);
void      rx_import_warn_once     (RxImportContext *ctx,
                                   const char      *key,
                                   const char      *format,
                                   ...) G_GNUC_PRINTF (3, 4);
gboolean  rx_import_tick          (RxImportContext *ctx,
                                   GError         **error);
void      rx_import_add_month     (RxImportContext *ctx,
                                   int              month);
gboolean  rx_import_mark_month    (RxImportContext *ctx,
                                   int              month,
                                   const char      *kind,
                                   GError         **error);
gboolean  rx_import_check_extra   (RxImportContext *ctx,
                                   const RxCsvRecord *record);
char     *rx_import_field         (const RxCsvRecord *record,
                                   int              column) G_GNUC_WARN_UNUSED_RESULT;
gboolean  rx_import_field_is_empty (const RxCsvRecord *record,
                                    int              column);
int       rx_import_col           (RxImportContext *ctx,
                                   const char      *names);

/* The importers, one per kind; each reads the records after the header. */
gboolean  rx_import_prescribing   (RxImportContext *ctx,
                                   GError         **error);
gboolean  rx_import_org_map       (RxImportContext *ctx,
                                   GError         **error);
gboolean  rx_import_epraccur      (RxImportContext *ctx,
                                   GError         **error);
gboolean  rx_import_pdpi_addr     (RxImportContext *ctx,
                                   GError         **error);
gboolean  rx_import_pdpi_chem     (RxImportContext *ctx,
                                   GError         **error);
gboolean  rx_import_list_size     (RxImportContext *ctx,
                                   GError         **error);
gboolean  rx_import_bnf_codes     (RxImportContext *ctx,
                                   GError         **error);

G_END_DECLS
