// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

#include "rx-bnf.h"
#include "rx-db.h"

G_BEGIN_DECLS

#define RX_EXPORT_ERROR (rx_export_error_quark ())

typedef enum
{
  RX_EXPORT_ERROR_NOT_FOUND,
  RX_EXPORT_ERROR_INVALID,
} RxExportError;

typedef struct
{
  RxOrgType   org_type;
  gboolean    org_type_set;      /* FALSE: the command's default, or ORG's own type */
  const char *org_code;          /* NULL: every organisation of the type */
  int         from, to;          /* YYYYMM, 0: open */
} RxExportFilter;

GQuark   rx_export_error_quark  (void);
void     rx_export_filter_init  (RxExportFilter *filter,
                                 RxOrgType       default_type);
int      rx_export_latest_month (RxDb           *db);
gboolean rx_export_find_org     (RxDb           *db,
                                 const char     *code,
                                 gboolean        type_set,
                                 RxOrgType      *type,
                                 guint32        *id,
                                 GError        **error);
gboolean rx_export_values       (RxDb           *db,
                                 const char     *measure_id,
                                 const RxExportFilter *filter,
                                 GString        *out,
                                 GError        **error);
gboolean rx_export_deciles      (RxDb           *db,
                                 const char     *measure_id,
                                 const RxExportFilter *filter,
                                 GString        *out,
                                 GError        **error);
gboolean rx_export_spending     (RxDb           *db,
                                 const RxExportFilter *filter,
                                 const char     *prefix,
                                 RxBnfLevel      level,
                                 GString        *out,
                                 GError        **error);
gboolean rx_export_ppu          (RxDb           *db,
                                 const RxExportFilter *filter,
                                 int             month,
                                 double          min_saving,
                                 GString        *out,
                                 GError        **error);
gboolean rx_export_swaps        (RxDb           *db,
                                 const RxExportFilter *filter,
                                 int             month,
                                 double          min_saving,
                                 GString        *out,
                                 GError        **error);

G_END_DECLS
