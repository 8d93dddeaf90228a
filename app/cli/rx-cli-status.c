// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-cli"

#include "config.h"

#include <stdio.h>

#include "rx-cli-commands.h"
#include "rx-status.h"

int
rx_cli_cmd_status_impl (RxCli  *cli,
                        int     argc,
                        char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- show what the database holds");
  g_autoptr(RxDb) db = NULL;
  g_autofree char *text = NULL;
  int code;

  if ((code = rx_cli_parse (context, &argc, &argv)) != RX_EXIT_OK)
    return code;
  if (argc > 1)
    {
      rx_cli_error ("status takes no arguments");
      return RX_EXIT_USAGE;
    }
  db = rx_cli_open_db (cli, RX_DB_OPEN_READ, &code);
  if (db == NULL)
    return code;
  text = rx_status_describe (db);
  fputs (text, stdout);
  return RX_EXIT_OK;
}
