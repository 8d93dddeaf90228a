// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* LEB128 varints with zigzag for signed values: the encoding of the stored
 * facts (rx-store.c) and of the price-per-unit blobs (rx-ppu-store.c). */

static inline guint64
rx_zigzag (gint64 v)
{
  return ((guint64) v << 1) ^ (guint64) (v >> 63);
}

static inline gint64
rx_unzigzag (guint64 v)
{
  return (gint64) (v >> 1) ^ -(gint64) (v & 1);
}

/* Writes @v at @p, which must have room for 10 bytes; returns the end. */
static inline guint8 *
rx_put_varint (guint8  *p,
               guint64  v)
{
  while (v >= 0x80)
    {
      *p++ = (guint8) (v | 0x80);
      v >>= 7;
    }
  *p++ = (guint8) v;
  return p;
}

static inline gboolean
rx_get_varint (const guint8 **p,
               const guint8  *end,
               guint64       *out)
{
  guint64 v = 0;
  int shift = 0;

  while (*p < end && shift < 64)
    {
      guint8 b = *(*p)++;
      v |= (guint64) (b & 0x7f) << shift;
      if (!(b & 0x80))
        {
          *out = v;
          return TRUE;
        }
      shift += 7;
    }
  return FALSE;
}

G_END_DECLS
