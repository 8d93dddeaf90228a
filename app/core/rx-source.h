// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

#include "rx-csv.h"

G_BEGIN_DECLS

#define RX_SOURCE_ERROR (rx_source_error_quark ())

typedef enum
{
  RX_SOURCE_ERROR_UNKNOWN_KIND,  /* no rule matched, or a kind we refuse */
  RX_SOURCE_ERROR_MISSING_COLUMN,
} RxSourceError;

typedef enum
{
  RX_KIND_UNKNOWN,
  RX_KIND_EPD,
  RX_KIND_PDPI,
  RX_KIND_PDPI_ADDR,
  RX_KIND_PDPI_CHEM,
  RX_KIND_ORG_MAP,
  RX_KIND_EPRACCUR,
  RX_KIND_LIST_SIZE_QUINARY,
  RX_KIND_LIST_SIZE_ALL,
  RX_KIND_BNF_CODES,
  RX_KIND_LIST_SIZE,             /* --kind list-size: either form, by header */
} RxKind;

/* A header row with its names normalised (data-formats.md §1.3). */
typedef struct
{
  guint   n;
  char  **names;
} RxHeader;

GQuark       rx_source_error_quark (void);
const char  *rx_kind_to_string     (RxKind             kind);
gboolean     rx_kind_from_string   (const char        *text,
                                    RxKind            *kind);
char        *rx_source_norm        (const char        *field,
                                    gsize              len) G_GNUC_WARN_UNUSED_RESULT;
RxHeader    *rx_header_new         (const RxCsvRecord *record);
void         rx_header_free        (RxHeader          *header);
int          rx_header_find        (const RxHeader    *header,
                                    const char        *name);
int          rx_header_find_any    (const RxHeader    *header,
                                    const char * const *names);
RxKind       rx_source_detect      (const RxCsvRecord *first,
                                    const RxCsvRecord *second,
                                    GError           **error);
gboolean     rx_source_check_kind  (RxKind             kind,
                                    const RxCsvRecord *first,
                                    const RxCsvRecord *second,
                                    RxKind            *resolved,
                                    GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RxHeader, rx_header_free)

G_END_DECLS
