// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

#include "rx-db.h"

G_BEGIN_DECLS

#define RX_MEASURE_ERROR (rx_measure_error_quark ())

typedef enum
{
  RX_MEASURE_ERROR_INVALID,       /* a definition we cannot compute: exit 4 */
  RX_MEASURE_ERROR_EXISTS,
  RX_MEASURE_ERROR_NOT_FOUND,
} RxMeasureError;

typedef enum
{
  RX_MEASURE_ITEMS,
  RX_MEASURE_QUANTITY,
  RX_MEASURE_COST,
  RX_MEASURE_LIST_SIZE,
  RX_MEASURE_STAR_PU_ANTIBIOTICS,
  RX_MEASURE_ASTRO_PU_ITEMS,
  RX_MEASURE_ASTRO_PU_COST,
} RxMeasureType;

/* A quantity-per-item condition (ours): every bound given must hold. */
typedef struct
{
  guint  has_gt : 1, has_ge : 1, has_lt : 1, has_le : 1;
  double gt, ge, lt, le;
} RxQpiCondition;

typedef struct
{
  char           *id;
  char           *name;
  char           *title;
  char           *description;
  char           *why_it_matters;
  char           *category;
  char           *numerator_short;
  char           *denominator_short;
  char           *source_notes;
  RxMeasureType   numerator_type;
  RxMeasureType   denominator_type;
  char          **numerator_filter;
  char          **denominator_filter;
  RxQpiCondition  numerator_qpi;
  RxQpiCondition  denominator_qpi;
  gboolean        is_percentage;
  gboolean        is_cost_based;
  int             low_is_good;       /* 1, 0, or -1 for null */
  gboolean        bundled;
  char           *json;              /* the definition as given */
  gint64          db_id;             /* measure.id once stored, else 0 */
} RxMeasure;

GQuark      rx_measure_error_quark    (void);
RxMeasure  *rx_measure_parse          (const char   *id,
                                       const char   *json,
                                       gssize        len,
                                       GError      **error) G_GNUC_WARN_UNUSED_RESULT;
RxMeasure  *rx_measure_load_file      (const char   *path,
                                       GError      **error) G_GNUC_WARN_UNUSED_RESULT;
void        rx_measure_free           (RxMeasure    *measure);
gboolean    rx_measure_id_is_valid    (const char   *id);
const char *rx_measure_type_to_string (RxMeasureType type);
gboolean    rx_measure_type_is_bnf    (RxMeasureType type);
gboolean    rx_qpi_condition_holds    (const RxQpiCondition *condition,
                                       gint64        qpi);
gboolean    rx_qpi_condition_is_empty (const RxQpiCondition *condition);

GPtrArray  *rx_measure_load_bundled   (GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    rx_measure_sync_bundled   (RxDb         *db,
                                       GPtrArray   **changed,
                                       GError      **error);
GPtrArray  *rx_measure_list           (RxDb         *db,
                                       GError      **error) G_GNUC_WARN_UNUSED_RESULT;
RxMeasure  *rx_measure_get            (RxDb         *db,
                                       const char   *id,
                                       GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    rx_measure_store_user     (RxDb         *db,
                                       RxMeasure    *measure,
                                       gboolean      replace,
                                       GError      **error);
gboolean    rx_measure_remove_user    (RxDb         *db,
                                       const char   *id,
                                       GError      **error);

GPtrArray  *rx_measure_check_sets     (RxDb         *db,
                                       const RxMeasure *measure,
                                       guint        *n_numerator,
                                       guint        *n_denominator,
                                       GError      **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RxMeasure, rx_measure_free)

G_END_DECLS
