// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"
#include "rx-test.h"
START_TEST (test_placeholder) { } END_TEST
static Suite *s_ (void) { Suite *s = suite_create ("import"); TCase *tc = tcase_create ("x"); tcase_add_test (tc, test_placeholder); suite_add_tcase (s, tc); return s; }
RX_TEST_MAIN (s_)
