// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>

#include "rx-store.h"
#include "rx-test.h"

/* The fact chunks of rx-store.c: what goes in comes out, exactly, in
 * organisation then quantity-per-item order, with equal keys summed. */

static RxFact
fact (guint32 org,
      gint64  qpi,
      gint64  items,
      gint64  quantity,
      gint64  nic,
      gint64  cost)
{
  RxFact f = { org, qpi, items, quantity, nic, cost };
  return f;
}

static void
assert_fact (const RxFact *got,
             const RxFact *want)
{
  ck_assert_uint_eq (got->org_id, want->org_id);
  ck_assert_int_eq (got->qpi, want->qpi);
  ck_assert_int_eq (got->items, want->items);
  ck_assert_int_eq (got->quantity, want->quantity);
  ck_assert_int_eq (got->nic, want->nic);
  ck_assert_int_eq (got->cost, want->cost);
}

/* Encodes a copy of @facts and decodes it again. */
static GArray *
round_trip (const RxFact *facts,
            gsize         n,
            gsize        *n_stored)
{
  g_autofree RxFact *copy = g_memdup2 (facts, n * sizeof (RxFact));
  g_autoptr(GBytes) blob = NULL;
  g_autoptr(GError) error = NULL;
  GArray *out = g_array_new (FALSE, FALSE, sizeof (RxFact));
  gsize len;
  const guint8 *data;

  *n_stored = n;
  blob = rx_store_encode_chunk (copy, n_stored);
  data = g_bytes_get_data (blob, &len);
  ck_assert (rx_store_decode_chunk (data, len, out, &error));
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (out->len, *n_stored);
  return out;
}

START_TEST (test_round_trip)
{
  /* Already in order and distinct: decoded as given.  Values from the EPD
   * samples of data-formats.md (NIC in pence, cost in 1e-5 £, quantities
   * in thousandths). */
  const RxFact in[] = {
    fact (3, 14000, 46, 644000, 1541, 1455976),
    fact (3, 28000, 10, 280000, 1230, 1161234),
    fact (7, 30000, 1, 30000, 31000, 28802913),
    fact (7, 56000, 2, 112000, 936, 851204),
    fact (900000, 1, 1, 1, 0, 0),                    /* 0.001 a item, free of charge */
    fact (G_MAXUINT32, 1000000000, 1000000, G_GINT64_CONSTANT (1000000000000000),
          G_GINT64_CONSTANT (9000000000000), G_GINT64_CONSTANT (9000000000000000)),
  };
  gsize n;
  g_autoptr(GArray) out = round_trip (in, G_N_ELEMENTS (in), &n);

  ck_assert_uint_eq (n, G_N_ELEMENTS (in));
  for (gsize i = 0; i < n; i++)
    assert_fact (&g_array_index (out, RxFact, i), &in[i]);
}
END_TEST

START_TEST (test_negative)
{
  /* Corrections: negative items, quantities and costs are stored as they
   * are, as are a negative quantity per item and a negative residual. */
  const RxFact in[] = {
    fact (1, 28000, -2, -56000, -50, -47000),
    fact (1, 30000, 3, 90000, -1, 1),
    fact (2, -5500, 2, -11000, 0, -99999),
    fact (2, 28000, 1, 27000, G_MININT64 / 4, G_MAXINT64 / 4),
    fact (4, 0, 0, 0, 0, 0),
  };
  const RxFact want[] = {
    fact (1, 28000, -2, -56000, -50, -47000),
    fact (1, 30000, 3, 90000, -1, 1),
    fact (2, -5500, 2, -11000, 0, -99999),
    fact (2, 28000, 1, 27000, G_MININT64 / 4, G_MAXINT64 / 4),
    fact (4, 0, 0, 0, 0, 0),
  };
  gsize n;
  g_autoptr(GArray) out = round_trip (in, G_N_ELEMENTS (in), &n);

  for (gsize i = 0; i < n; i++)
    assert_fact (&g_array_index (out, RxFact, i), &want[i]);
}
END_TEST

START_TEST (test_fractional_qpi)
{
  /* Quantities per item in thousandths (2.5 ml, 0.001 g) and whole units
   * take different tags; both must come back exact. */
  const RxFact in[] = {
    fact (5, 2500, 4, 10000, 120, 11000),
    fact (5, 1, 3, 3, 1, 1),
    fact (5, 999, 1, 999, 1, 1),
    fact (5, 1000, 1, 1000, 1, 1),
    fact (5, 1001, 1, 1001, 1, 1),
    fact (5, 123456789, 2, 246913578, 1, 1),
  };
  gsize n;
  g_autoptr(GArray) out = round_trip (in, G_N_ELEMENTS (in), &n);
  const gint64 order[] = { 1, 999, 1000, 1001, 2500, 123456789 };

  ck_assert_uint_eq (n, 6);
  for (gsize i = 0; i < n; i++)
    {
      const RxFact *f = &g_array_index (out, RxFact, i);
      ck_assert_int_eq (f->qpi, order[i]);
      ck_assert_int_eq (f->quantity, f->items * f->qpi);
    }
}
END_TEST

START_TEST (test_pdpi_residual)
{
  /* PDPI: QUANTITY is the row's total and the quantity per item its
   * average, rounded to 0.001: 10 / 3 = 3.333, so items × qpi = 9.999 and
   * the 0.001 left over must survive.  25 / 2 = 12.5 is exact. */
  const RxFact in[] = {
    fact (8, 3333, 3, 10000, 192, 181000),
    fact (9, 12500, 2, 25000, 128, 121000),
    fact (10, 6667, 3, 20000, 1, 1),          /* 20 / 3 = 6.667: residual -0.001 */
    fact (11, 0, 0, 5000, 0, 0),              /* no items, a quantity */
  };
  gsize n;
  g_autoptr(GArray) out = round_trip (in, G_N_ELEMENTS (in), &n);

  for (gsize i = 0; i < n; i++)
    assert_fact (&g_array_index (out, RxFact, i), &in[i]);
}
END_TEST

START_TEST (test_merge)
{
  /* Trap 16: rows equal in organisation and quantity per item are summed;
   * those split by quantity per item stay apart.  Input out of order. */
  const RxFact in[] = {
    fact (2, 28000, 1, 28000, 25, 23500),
    fact (1, 56000, 1, 56000, 50, 47000),
    fact (1, 28000, 2, 56000, 50, 47000),
    fact (1, 28000, 3, 84000, 75, 70500),
    fact (2, 28000, -1, -28000, -25, -23500),
    fact (1, 28000, 1, 28001, 1, 1),
  };
  const RxFact want[] = {
    fact (1, 28000, 6, 168001, 126, 117501),
    fact (1, 56000, 1, 56000, 50, 47000),
    fact (2, 28000, 0, 0, 0, 0),
  };
  gsize n;
  g_autoptr(GArray) out = round_trip (in, G_N_ELEMENTS (in), &n);

  ck_assert_uint_eq (n, G_N_ELEMENTS (want));
  for (gsize i = 0; i < n; i++)
    assert_fact (&g_array_index (out, RxFact, i), &want[i]);

  /* rx_store_sort_merge on its own does the same in place. */
  {
    RxFact copy[G_N_ELEMENTS (in)];
    gsize m = G_N_ELEMENTS (in);

    memcpy (copy, in, sizeof in);
    rx_store_sort_merge (copy, &m);
    ck_assert_uint_eq (m, G_N_ELEMENTS (want));
    for (gsize i = 0; i < m; i++)
      assert_fact (&copy[i], &want[i]);
  }
}
END_TEST

START_TEST (test_raw_buffer)
{
  /* The import's in-memory buffer keeps facts unsorted and unmerged. */
  const RxFact in[] = {
    fact (9, 28000, 2, 56000, 50, 47000),
    fact (1, 2500, -1, -2500, -7, 3),
    fact (9, 28000, 2, 56000, 50, 47000),
    fact (4, 3333, 3, 10000, 0, 0),
  };
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GArray) facts = g_array_new (FALSE, FALSE, sizeof (RxFact));

  for (gsize i = 0; i < G_N_ELEMENTS (in); i++)
    rx_store_append_raw (buffer, &in[i]);
  rx_store_raw_to_facts (buffer, facts);
  ck_assert_uint_eq (facts->len, G_N_ELEMENTS (in));
  for (gsize i = 0; i < G_N_ELEMENTS (in); i++)
    assert_fact (&g_array_index (facts, RxFact, i), &in[i]);
}
END_TEST

START_TEST (test_many)
{
  /* A national presentation: 200,000 facts, many repeats, random values
   * from a fixed seed; the decoded sums equal the input sums. */
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GArray) in = g_array_new (FALSE, FALSE, sizeof (RxFact));
  gint64 items = 0, quantity = 0, nic = 0, cost = 0;
  gsize n;
  g_autoptr(GArray) out = NULL;

  for (int i = 0; i < 200000; i++)
    {
      gint64 it = g_rand_int_range (rand, -2, 50);
      gint64 qpi = g_rand_int_range (rand, 0, 4) * 7000 + g_rand_int_range (rand, 0, 2);
      RxFact f = fact (g_rand_int_range (rand, 1, 7000), qpi, it,
                       it * qpi + g_rand_int_range (rand, -1, 2),
                       g_rand_int_range (rand, -100, 100000), g_rand_int_range (rand, 0, 10000000));
      g_array_append_val (in, f);
      items += f.items;
      quantity += f.quantity;
      nic += f.nic;
      cost += f.cost;
    }
  out = round_trip ((RxFact *) in->data, in->len, &n);
  for (gsize i = 0; i < n; i++)
    {
      const RxFact *f = &g_array_index (out, RxFact, i);
      if (i > 0)
        {
          const RxFact *prev = &g_array_index (out, RxFact, i - 1);
          ck_assert (prev->org_id < f->org_id ||
                     (prev->org_id == f->org_id && prev->qpi < f->qpi));
        }
      items -= f->items;
      quantity -= f->quantity;
      nic -= f->nic;
      cost -= f->cost;
    }
  ck_assert_int_eq (items, 0);
  ck_assert_int_eq (quantity, 0);
  ck_assert_int_eq (nic, 0);
  ck_assert_int_eq (cost, 0);
}
END_TEST

START_TEST (test_empty_and_damaged)
{
  gsize n = 0;
  g_autoptr(GBytes) blob = rx_store_encode_chunk (NULL, &n);
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (RxFact));
  g_autoptr(GError) error = NULL;
  RxFact one = fact (1, 1000, 1, 1000, 1, 1);
  g_autoptr(GBytes) good = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (blob, &len);
  g_autofree guint8 *bad = NULL;

  ck_assert_uint_eq (n, 0);
  ck_assert (rx_store_decode_chunk (data, len, out, &error));
  ck_assert_uint_eq (out->len, 0);

  /* A wrong version byte, a cut stream, nothing at all: an error, never a
   * crash or garbage. */
  n = 1;
  good = rx_store_encode_chunk (&one, &n);
  data = g_bytes_get_data (good, &len);
  bad = g_memdup2 (data, len);
  bad[0] = 99;
  ck_assert (!rx_store_decode_chunk (bad, len, out, &error));
  ck_assert (g_error_matches (error, RX_DB_ERROR, RX_DB_ERROR_FAILED));
  g_clear_error (&error);
  bad[0] = data[0];
  ck_assert (!rx_store_decode_chunk (bad, len - 3, out, &error));
  g_clear_error (&error);
  ck_assert (!rx_store_decode_chunk (bad, 0, out, &error));
  g_clear_error (&error);
  ck_assert_uint_eq (out->len, 0);
}
END_TEST

static Suite *
store_suite (void)
{
  Suite *s = suite_create ("store");
  TCase *tc = tcase_create ("chunks");

  tcase_add_test (tc, test_round_trip);
  tcase_add_test (tc, test_negative);
  tcase_add_test (tc, test_fractional_qpi);
  tcase_add_test (tc, test_pdpi_residual);
  tcase_add_test (tc, test_merge);
  tcase_add_test (tc, test_raw_buffer);
  tcase_add_test (tc, test_many);
  tcase_add_test (tc, test_empty_and_damaged);
  suite_add_tcase (s, tc);
  return s;
}

RX_TEST_MAIN (store_suite)
