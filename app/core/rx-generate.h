// SPDX-License-Identifier: GPL-3.0-or-later
//
// rx-generate: synthetic files in the published layouts (data-formats.md),
// deterministic by seed, for tests, benchmarks and the demonstration
// database. The organisations, names and postcodes are fictional; the BNF
// catalogue holds the real presentations the bundled measures use
// (methodology.md §8) and, at national scale, a long synthetic tail.

#pragma once

#include <gio/gio.h>

#include "rx-progress.h"

G_BEGIN_DECLS

#define RX_GENERATE_ERROR (rx_generate_error_quark ())

typedef enum
{
  RX_GENERATE_ERROR_INVALID,    /* options out of range */
} RxGenerateError;

GQuark rx_generate_error_quark (void);

typedef enum
{
  RX_GENERATE_SCALE_SMALL,      /* ~20 practices, 202401..202403, ~1,100 rows a month that
                                 * cover the whole real catalogue (flattened popularity) */
  RX_GENERATE_SCALE_DEMO,       /* one ICB, 3 sub-ICBs, ~12 PCNs, ~80 practices, 24 months
                                 * to 202409, ~50,000 rows a month at real volumes */
  RX_GENERATE_SCALE_NATIONAL,   /* 7 regions, 42 ICBs, 106 sub-ICBs, ~6,500 practices, 202409,
                                 * ~18.9 M rows (~6.8 GB) a month, > 20,000 presentations */
} RxGenerateScale;

typedef enum
{
  RX_LAYOUT_EPD,                /* SNOMED current: 27 columns, YEAR_MONTH "YYYY-MM" */
  RX_LAYOUT_EPD_ICB,            /* v2 ICB: 26 columns, YEAR_MONTH "YYYYMM" */
  RX_LAYOUT_EPD_STP,            /* v2 STP */
  RX_LAYOUT_EPD_AREA_TEAM,      /* v2 area team, legacy presentation names */
  RX_LAYOUT_PDPI,               /* legacy HSCIC PDPI, with its ADDR and CHEM files */
} RxLayout;

typedef struct
{
  guint64         seed;
  RxGenerateScale scale;
  guint           n_practices;  /* GP practices; 0 = the scale's default */
  int             from_month;   /* YYYYMM, inclusive; 0 = the scale's default */
  int             to_month;     /* YYYYMM, inclusive; 0 = the scale's default */
  RxLayout        layout;
  gboolean        gzip;         /* prescribing files as FILE.gz */
} RxGenerateOptions;

/* What a run wrote; prescribing rows and bytes are before compression. */
typedef struct
{
  guint   n_files;
  guint   n_months;
  guint64 prescribing_rows;
  guint64 rows;                 /* data rows of every file */
  guint64 bytes;                /* bytes written to disk, every file */
} RxGenerateResult;

void        rx_generate_options_init (RxGenerateOptions       *opts);
gboolean    rx_layout_from_string    (const char              *s,
                                      RxLayout                *out);
const char *rx_layout_to_string      (RxLayout                 layout);
gboolean    rx_generate_scale_from_string (const char         *s,
                                           RxGenerateScale    *out);
const char *rx_generate_scale_to_string   (RxGenerateScale     scale);

gboolean    rx_generate              (const RxGenerateOptions *opts,
                                      const char              *out_dir,
                                      RxProgressFunc           progress,
                                      gpointer                 user_data,
                                      GCancellable            *cancellable,
                                      GError                 **error);
gboolean    rx_generate_full         (const RxGenerateOptions *opts,
                                      const char              *out_dir,
                                      RxProgressFunc           progress,
                                      gpointer                 user_data,
                                      GCancellable            *cancellable,
                                      RxGenerateResult        *result,
                                      GError                 **error);

G_END_DECLS
