// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rx-db.h"

G_BEGIN_DECLS

char *rx_status_describe (RxDb *db) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
