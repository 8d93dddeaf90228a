// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

#include "rx-db.h"

G_BEGIN_DECLS

/* One organisation as the finder lists it. */
typedef struct
{
  RxOrgType  type;
  gint64     id;
  char      *code;
  char      *name;
  char      *postcode;
  char      *parent_code;
  gboolean   closed;
} RxOrgEntry;

void       rx_org_entry_free      (RxOrgEntry *entry);
GPtrArray *rx_directory_search    (RxDb       *db,
                                   const char *text,
                                   int         type,      /* -1: any */
                                   gboolean    include_closed,
                                   guint       limit,
                                   GError    **error) G_GNUC_WARN_UNUSED_RESULT;
char      *rx_directory_describe  (RxDb       *db,
                                   const char *code,
                                   GError    **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RxOrgEntry, rx_org_entry_free)

G_END_DECLS
