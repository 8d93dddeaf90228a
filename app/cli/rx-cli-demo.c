// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-cli"

#include "config.h"

#include <stdio.h>

#include "rx-cli-commands.h"
#include "rx-demo.h"

int
rx_cli_cmd_demo_impl (RxCli  *cli,
                      int     argc,
                      char  **argv)
{
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Replace an existing demonstration database", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- build the demonstration database");
  g_autofree char *path = rx_db_resolve_path (cli->db_option);
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  int code;

  g_option_context_add_main_entries (context, entries, NULL);
  if ((code = rx_cli_parse (context, &argc, &argv)) != RX_EXIT_OK)
    return code;
  if (argc > 1)
    {
      rx_cli_error ("demo takes no arguments");
      return RX_EXIT_USAGE;
    }
  if (!rx_demo_build (path, force, NULL, NULL, NULL, &error))
    {
      rx_cli_error ("%s", error->message);
      return rx_cli_exit_for_error (error);
    }
  fprintf (stderr, "demo: a fictional ICB built at %s in %.1f s (demonstration data, not real "
           "prescribing); import real files with 'rxreview import'\n", path,
           (g_get_monotonic_time () - started) / 1e6);
  return RX_EXIT_OK;
}
