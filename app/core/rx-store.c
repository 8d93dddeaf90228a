// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-store"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <zlib.h>
#include <glib.h>

#include "rx-store.h"
#include "rx-varint.h"

/* Prescribing facts are stored as one chunk per month and presentation, in
 * the spirit of OpenPrescribing's MatrixStore: a presentation's rows for a
 * month are read together (a measure touches only its codes), sorted by
 * organisation, delta- and varint-encoded, then deflated.  Quantity is kept
 * as its difference from items × quantity per item, which is 0 for nearly
 * every EPD row.  A fact takes 5–8 bytes instead of ~40 as an SQLite row.
 *
 * Chunk: a version byte (1), then the deflated varint stream:
 *   org delta, qpi (tagged: whole units or thousandths), items, quantity
 *   residual, NIC, actual cost — signed values zigzag-encoded. */

#define CHUNK_VERSION 1

static int
compare_facts (const void *a,
               const void *b)
{
  const RxFact *x = a, *y = b;

  if (x->org_id != y->org_id)
    return x->org_id < y->org_id ? -1 : 1;
  if (x->qpi != y->qpi)
    return x->qpi < y->qpi ? -1 : 1;
  return 0;
}

/**
 * rx_store_sort_merge:
 *
 * Sorts facts by organisation and quantity per item and sums those equal in
 * both (the source repeats them).
 */
void
rx_store_sort_merge (RxFact *facts,
                     gsize  *n_facts)
{
  gsize n = *n_facts, out = 0;

  if (n == 0)
    return;
  qsort (facts, n, sizeof (RxFact), compare_facts);
  for (gsize i = 1; i < n; i++)
    {
      RxFact *last = &facts[out];

      if (facts[i].org_id == last->org_id && facts[i].qpi == last->qpi)
        {
          last->items += facts[i].items;
          last->quantity += facts[i].quantity;
          last->nic += facts[i].nic;
          last->cost += facts[i].cost;
        }
      else
        facts[++out] = facts[i];
    }
  *n_facts = out + 1;
}

static inline guint8 *
put_qpi (guint8 *p,
         gint64  qpi)
{
  /* Whole units in the low tag bit 0, thousandths with tag 1. */
  if (qpi % RX_SCALE_QUANTITY == 0)
    return rx_put_varint (p, rx_zigzag (qpi / RX_SCALE_QUANTITY) << 1);
  return rx_put_varint (p, (rx_zigzag (qpi) << 1) | 1);
}

/* quantity = items × qpi in the same 0.001 unit; the residual is what the source says
 * beyond that (0 when TOTAL_QUANTITY = ITEMS × QUANTITY). */
static inline gint64
expected_quantity (gint64 items,
                   gint64 qpi)
{
  return items * qpi;
}

/**
 * rx_store_encode_chunk:
 * @facts: facts of one month and presentation; sorted and merged in place
 * @n_facts: (inout): their number, then the number stored
 *
 * Returns: the chunk to store.
 */
GBytes *
rx_store_encode_chunk (RxFact *facts,
                       gsize  *n_facts)
{
  g_autofree guint8 *raw = NULL;
  guint8 *p, *packed;
  guint32 last_org = 0;
  uLongf packed_len;
  gsize n;

  rx_store_sort_merge (facts, n_facts);
  n = *n_facts;
  raw = g_malloc (n * 6 * 10 + 16);
  p = raw;
  for (gsize i = 0; i < n; i++)
    {
      const RxFact *f = &facts[i];

      p = rx_put_varint (p, f->org_id - last_org);
      last_org = f->org_id;
      p = put_qpi (p, f->qpi);
      p = rx_put_varint (p, rx_zigzag (f->items));
      p = rx_put_varint (p, rx_zigzag (f->quantity - expected_quantity (f->items, f->qpi)));
      p = rx_put_varint (p, rx_zigzag (f->nic));
      p = rx_put_varint (p, rx_zigzag (f->cost));
    }

  packed_len = compressBound (p - raw);
  packed = g_malloc (packed_len + 1);
  packed[0] = CHUNK_VERSION;
  if (compress2 (packed + 1, &packed_len, raw, p - raw, 6) != Z_OK)
    g_error ("deflate failed");   /* only on out-of-memory */
  return g_bytes_new_take (packed, packed_len + 1);
}

/**
 * rx_store_decode_chunk:
 * @facts: an array of #RxFact the chunk's facts are appended to
 */
gboolean
rx_store_decode_chunk (const guint8  *data,
                       gsize          len,
                       GArray        *facts,
                       GError       **error)
{
  g_autofree guint8 *raw = NULL;
  gsize raw_size = MAX (len * 8, 4096);
  const guint8 *p, *end;
  guint32 org = 0;
  uLongf raw_len;
  int z;

  if (len < 1 || data[0] != CHUNK_VERSION)
    goto corrupt;
  for (;;)
    {
      raw = g_realloc (raw, raw_size);
      raw_len = raw_size;
      z = uncompress (raw, &raw_len, data + 1, len - 1);
      if (z != Z_BUF_ERROR)
        break;
      raw_size *= 2;
    }
  if (z != Z_OK)
    goto corrupt;

  p = raw;
  end = raw + raw_len;
  while (p < end)
    {
      RxFact f;
      guint64 v[6];

      for (int i = 0; i < 6; i++)
        if (!rx_get_varint (&p, end, &v[i]))
          goto corrupt;
      org += (guint32) v[0];
      f.org_id = org;
      f.qpi = (v[1] & 1) ? rx_unzigzag (v[1] >> 1) : rx_unzigzag (v[1] >> 1) * RX_SCALE_QUANTITY;
      f.items = rx_unzigzag (v[2]);
      f.quantity = rx_unzigzag (v[3]) + expected_quantity (f.items, f.qpi);
      f.nic = rx_unzigzag (v[4]);
      f.cost = rx_unzigzag (v[5]);
      g_array_append_val (facts, f);
    }
  return TRUE;

corrupt:
  g_set_error (error, RX_DB_ERROR, RX_DB_ERROR_FAILED,
               "a stored prescribing chunk is damaged; re-import that month");
  return FALSE;
}

/**
 * rx_store_append_raw:
 *
 * Appends a fact to an import's in-memory buffer for one presentation, as
 * plain varints (about 12 bytes instead of 40) so that a national month
 * fits in a few hundred megabytes until it is sorted and stored.
 */
void
rx_store_append_raw (GByteArray   *buffer,
                     const RxFact *fact)
{
  guint8 tmp[64];
  guint8 *p = tmp;

  p = rx_put_varint (p, fact->org_id);
  p = put_qpi (p, fact->qpi);
  p = rx_put_varint (p, rx_zigzag (fact->items));
  p = rx_put_varint (p, rx_zigzag (fact->quantity - expected_quantity (fact->items, fact->qpi)));
  p = rx_put_varint (p, rx_zigzag (fact->nic));
  p = rx_put_varint (p, rx_zigzag (fact->cost));
  g_byte_array_append (buffer, tmp, p - tmp);
}

void
rx_store_raw_to_facts (const GByteArray *buffer,
                       GArray           *facts)
{
  const guint8 *p = buffer->data;
  const guint8 *end = buffer->data + buffer->len;

  while (p < end)
    {
      RxFact f;
      guint64 v[6];

      for (int i = 0; i < 6; i++)
        if (!rx_get_varint (&p, end, &v[i]))
          g_assert_not_reached ();   /* we wrote it ourselves */
      f.org_id = (guint32) v[0];
      f.qpi = (v[1] & 1) ? rx_unzigzag (v[1] >> 1) : rx_unzigzag (v[1] >> 1) * RX_SCALE_QUANTITY;
      f.items = rx_unzigzag (v[2]);
      f.quantity = rx_unzigzag (v[3]) + expected_quantity (f.items, f.qpi);
      f.nic = rx_unzigzag (v[4]);
      f.cost = rx_unzigzag (v[5]);
      g_array_append_val (facts, f);
    }
}
