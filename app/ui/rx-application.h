// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RX_TYPE_APPLICATION (rx_application_get_type ())

G_DECLARE_FINAL_TYPE (RxApplication, rx_application, RX, APPLICATION, AdwApplication)

RxApplication *rx_application_new         (const char    *db_option) G_GNUC_WARN_UNUSED_RESULT;
const char    *rx_application_get_db_path (RxApplication *self);

G_END_DECLS
