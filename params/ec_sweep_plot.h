/**
 * ec_sweep_plot.h — the figures of a sweep and of its sensitivity indices, as plot outputs that cli_draw draws
 * like a plot step's (ec_steps.h: ec_plot_output_custom):
 *   - a sweep over one key: the record against the key's values (numbers, on a log axis when positive over two
 *     decades, else the values as categories in order), with its 95% band when the record's _lo95 and _hi95 were
 *     recorded too, and with --baseline a second panel of the paired difference and its interval;
 *   - a sweep over two keys: a heatmap of the record over their values;
 *   - sensitivity indices: bars of two series per input with their intervals (Sobol' S1 and ST, Morris mu* and
 *     sigma), the most influential input on top (tornado).
 */
#ifndef EC_SWEEP_PLOT_H
#define EC_SWEEP_PLOT_H

#include "ec_export.h"
#include "ec_plot.h"
#include "ec_steps.h"
#include "ec_sweep.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The figure of the sweep `r` run with `o`, of record `record` (NULL: the first), to `image` (.png, .svg, .pdf).
 * EC_EINVAL: a design (not a grid), other than one or two axes, a shard, an unknown record, not an image name.
 */
EC_API int ec_sweep_plot(const ec_sweep_options *o, const ec_sweep_result *r, const char *record, const char *image,
                  const ec_plot_options *po, ec_plot_output **out, ec_error *err);

/**
 * Bars of a[i] ± a_conf[i] and b[i] ± b_conf[i] (conf may be NULL) for the n inputs, named series[0], [1], the
 * input with the largest a (by_b: b) on top.
 */
EC_API int ec_sensitivity_plot(const char *title, const char *xlabel, size_t n, const char *const *names,
                        const char *const series[2], const double *a, const double *a_conf, const double *b,
                        const double *b_conf, int by_b, const char *image, const ec_plot_options *po,
                        ec_plot_output **out, ec_error *err);

#ifdef __cplusplus
}
#endif
#endif
