// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

#include "rx-db.h"

G_BEGIN_DECLS

/* Exact fixed-point units of the stored figures (data-formats.md §5). */
#define RX_SCALE_QUANTITY 1000      /* quantities, quantity per item: 0.001 */
#define RX_SCALE_NIC      100       /* net ingredient cost: pence */
#define RX_SCALE_COST     100000    /* actual cost: 0.00001 pounds */

/* One prescribing fact: a month × organisation × presentation × quantity
 * per item, with everything else summed. */
typedef struct
{
  guint32 org_id;
  gint64  qpi;
  gint64  items;
  gint64  quantity;
  gint64  nic;
  gint64  cost;
} RxFact;

GBytes   *rx_store_encode_chunk (RxFact       *facts,
                                 gsize        *n_facts) G_GNUC_WARN_UNUSED_RESULT;
gboolean  rx_store_decode_chunk (const guint8 *data,
                                 gsize         len,
                                 GArray       *facts,
                                 GError      **error);
void      rx_store_append_raw   (GByteArray   *buffer,
                                 const RxFact *fact);
void      rx_store_raw_to_facts (const GByteArray *buffer,
                                 GArray       *facts);
void      rx_store_sort_merge   (RxFact       *facts,
                                 gsize        *n_facts);

G_END_DECLS
