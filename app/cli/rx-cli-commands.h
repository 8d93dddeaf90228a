// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rx-cli.h"

G_BEGIN_DECLS

/* One entry point per command group; NULL where the group is not built yet. */
int rx_cli_cmd_import_impl (RxCli *cli, int argc, char **argv);
#define rx_cli_cmd_import   rx_cli_cmd_import_impl
int rx_cli_cmd_demo_impl (RxCli *cli, int argc, char **argv);
#define rx_cli_cmd_demo     rx_cli_cmd_demo_impl
int rx_cli_cmd_generate_impl (RxCli *cli, int argc, char **argv);
#define rx_cli_cmd_generate rx_cli_cmd_generate_impl
int rx_cli_cmd_status_impl (RxCli *cli, int argc, char **argv);
#define rx_cli_cmd_status   rx_cli_cmd_status_impl
int rx_cli_cmd_orgs_impl (RxCli *cli, int argc, char **argv);
#define rx_cli_cmd_orgs     rx_cli_cmd_orgs_impl
int rx_cli_cmd_measures_impl (RxCli *cli, int argc, char **argv);
#define rx_cli_cmd_measures rx_cli_cmd_measures_impl
int rx_cli_cmd_export_impl (RxCli *cli, int argc, char **argv);
#define rx_cli_cmd_export   rx_cli_cmd_export_impl
#define rx_cli_cmd_plan     NULL
#define rx_cli_cmd_pack     NULL

G_END_DECLS
