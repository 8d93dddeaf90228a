// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/* Small helpers shared by the core suites. */

#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>

static inline char *
rx_test_temp_dir (void)
{
  return g_dir_make_tmp ("rxreview-test-XXXXXX", NULL);
}

static inline char *
rx_test_fixture (const char *name)
{
  const char *dir = g_getenv ("RX_TEST_FIXTURES");

  return g_build_filename (dir != NULL ? dir : "tests/fixtures", name, NULL);
}

#define RX_TEST_MAIN(suite_func)                         \
  int                                                    \
  main (void)                                            \
  {                                                      \
    SRunner *runner = srunner_create (suite_func ());    \
    int failed;                                          \
    srunner_run_all (runner, CK_NORMAL);                 \
    failed = srunner_ntests_failed (runner);             \
    srunner_free (runner);                               \
    return failed == 0 ? 0 : 1;                          \
  }
