// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

#include "rx-compute.h"
#include "rx-db.h"

G_BEGIN_DECLS

/* One presentation's quantity and NIC in one practice's month, in the
 * exact stored units (rx-store.h). */
typedef struct
{
  guint32 member;                /* index into RxPpuMonth.members */
  gint64  quantity;
  gint64  nic;
} RxPpuEntry;

/* A substitution group of a month (methodology.md §6.1), in code order. */
typedef struct
{
  guint32  generic_id;
  char    *code;                 /* the group's generic presentation */
  char    *name;
  double   target_ppu;           /* T (§6.2); NAN when no practice has quantity */
  double   generic_ppu;          /* gp (§6.4); NAN when the generic was not prescribed */
  guint    first_member, n_members;
} RxPpuGroup;

typedef struct
{
  guint32   bnf_id;
  char     *code;
  char     *name;
  guint     group;
  gboolean  swap;                /* branded, and not on the brand-advised list */
} RxPpuMember;

/* An organisation's saving in one group: S (§6.3), with ΣQ and ΣC. */
typedef struct
{
  guint   group;
  gint64  quantity;
  gint64  nic;
  double  saving;
} RxPpuGroupSaving;

/* An organisation's brand-to-generic swap of one branded presentation. */
typedef struct
{
  guint   member;
  gint64  quantity;
  gint64  nic;
  double  monthly;
} RxPpuSwap;

/* A month of stored price-per-unit results, as readers see it. */
typedef struct
{
  int           month;
  GArray       *groups;          /* RxPpuGroup */
  GArray       *members;         /* RxPpuMember */
  /* private */
  RxDb             *db;
  sqlite3_stmt     *read;
  RxPpuGroupSaving *by_group;    /* running sums, by group index */
  RxPpuSwap        *by_member;
  GArray           *touched_groups, *touched_members;
} RxPpuMonth;

/* A practice's blob as it is written. */
typedef struct
{
  guint8  *data;
  gsize    len, size;
  guint32  last_member;
} RxPpuBlob;

void         rx_ppu_blob_append   (RxPpuBlob         *blob,
                                   const RxPpuEntry  *entry);
gboolean     rx_ppu_blob_decode   (const guint8      *data,
                                   gsize              len,
                                   GArray            *entries,
                                   GError           **error);

RxPpuMonth  *rx_ppu_month_load    (RxDb              *db,
                                   int                month,
                                   GError           **error) G_GNUC_WARN_UNUSED_RESULT;
void         rx_ppu_month_free    (RxPpuMonth        *month);
gboolean     rx_ppu_month_read    (RxPpuMonth        *month,
                                   guint32            practice_id,
                                   GArray            *entries,
                                   GError           **error);
double       rx_ppu_entry_saving  (const RxPpuMonth  *month,
                                   const RxPpuEntry  *entry);
GArray      *rx_ppu_org_practices (const RxPopulation *population,
                                   RxOrgType          type,
                                   guint32            org_id) G_GNUC_WARN_UNUSED_RESULT;
gboolean     rx_ppu_month_practice (RxPpuMonth       *month,
                                   guint32            practice_id,
                                   GArray            *entries,
                                   GArray            *groups,
                                   GArray            *swaps,
                                   GError           **error);
gboolean     rx_ppu_month_org     (RxPpuMonth        *month,
                                   const RxPopulation *population,
                                   GArray            *practices,
                                   GArray            *groups,
                                   GArray            *swaps,
                                   GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RxPpuMonth, rx_ppu_month_free)

G_END_DECLS
