// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

#include "rx-db.h"

G_BEGIN_DECLS

/* How strong a source is for an attribute (data-formats.md §7): a learnt
 * value is replaced by a stronger source, or by the same source with a date
 * at least as new, never by a weaker one. */
typedef enum
{
  RX_RANK_PRESCRIBING = 1,
  RX_RANK_LIST_SIZE   = 2,
  RX_RANK_PDPI_ADDR   = 3,
  RX_RANK_EPRACCUR_LINK = 4,    /* practice → sub-ICB: epraccur is below the org map */
  RX_RANK_ORG_MAP     = 5,
  RX_RANK_EPRACCUR    = 6,      /* names, addresses, status, setting */
} RxRank;

typedef struct _RxOrgs RxOrgs;

RxOrgs   *rx_orgs_new            (RxDb        *db,
                                  GError     **error) G_GNUC_WARN_UNUSED_RESULT;
void      rx_orgs_free           (RxOrgs      *orgs);
gboolean  rx_orgs_lookup         (RxOrgs      *orgs,
                                  RxOrgType    type,
                                  const char  *code,
                                  guint32     *id);
guint32   rx_orgs_ensure         (RxOrgs      *orgs,
                                  RxOrgType    type,
                                  const char  *code,
                                  gboolean     provisional,
                                  GError     **error);
gboolean  rx_orgs_set_name       (RxOrgs      *orgs,
                                  guint32      id,
                                  const char  *name,
                                  RxRank       rank,
                                  int          date,
                                  GError     **error);
gboolean  rx_orgs_set_address    (RxOrgs      *orgs,
                                  guint32      id,
                                  const char  *address,
                                  const char  *postcode,
                                  RxRank       rank,
                                  int          date,
                                  GError     **error);
gboolean  rx_orgs_link           (RxOrgs      *orgs,
                                  guint32      child,
                                  RxOrgType    parent_type,
                                  guint32      parent,
                                  RxRank       rank,
                                  int          date,
                                  GError     **error);
gboolean  rx_orgs_set_details    (RxOrgs      *orgs,
                                  guint32      id,
                                  int          setting,
                                  const char  *status,
                                  const char  *open_date,
                                  const char  *close_date,
                                  int          date,
                                  GError     **error);
gboolean  rx_orgs_mark_listed_gp (RxOrgs      *orgs,
                                  guint32      id,
                                  GError     **error);
gboolean  rx_orgs_confirm        (RxOrgs      *orgs,
                                  guint32      id,
                                  GError     **error);
guint32   rx_orgs_unidentified   (RxOrgs      *orgs,
                                  GError     **error);
guint32   rx_orgs_england        (RxOrgs      *orgs,
                                  GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RxOrgs, rx_orgs_free)

G_END_DECLS
