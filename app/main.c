// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <locale.h>

#include <glib.h>

#include "rx-cli.h"
#ifdef RX_WITH_UI
#include "rx-application.h"
#endif

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");

#ifdef RX_WITH_UI
  if (!rx_cli_wants_command (argc, argv))
    {
      g_autoptr(RxApplication) app = NULL;
      const char *db_option = NULL;

      /* --db is ours, not GApplication's: take it out before GTK sees it. */
      for (int i = 1; i < argc; i++)
        if (g_str_equal (argv[i], "--db") && i + 1 < argc)
          db_option = argv[++i];
        else if (g_str_has_prefix (argv[i], "--db="))
          db_option = argv[i] + 5;

      app = rx_application_new (db_option);
      return g_application_run (G_APPLICATION (app), 1, argv);
    }
#endif

  return rx_cli_run (argc, argv);
}
