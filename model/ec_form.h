/**
 * ec_form.h — the catalogue of scaling-law forms.
 *
 * Each form is a const table entry, in the manner of GSL's
 * gsl_multifit_nlinear_fdf: a name, a formula, named parameters, the roles
 * of its independent variables, and one function that returns the
 * prediction at a point and, when asked, its gradient with respect to the
 * parameters (analytic, checked against finite differences in
 * tests/test_form.c). Fitting engines (solvers/) take a form plus data.
 *
 * Parameters are in natural units (A, not log A). Default starts, a default
 * start grid and default bounds come with each form; the engine may fit in
 * transformed coordinates to honour bounds.
 */
#ifndef EC_FORM_H
#define EC_FORM_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EC_FORM_MAX_PARAMS 8
#define EC_FORM_MAX_VARS 2

/** Most parameter quantities an ec_form's prep() writes. */
#define EC_FORM_PREP_MAX 4

typedef struct ec_form {
    const char *name;          /**< e.g. "saturating-power" */
    const char *formula;       /**< e.g. "y = E + A*x^(-alpha)" */
    const char *description;   /**< one line, with the reference when there is one */
    int n_params;
    const char *const *param_names;
    int n_vars;                /**< independent variables per point (1 or 2) */
    const ec_role *var_roles;  /**< their roles, e.g. {EC_ROLE_X} or {EC_ROLE_N, EC_ROLE_D} */
    ec_role y_role;            /**< role of the dependent variable (EC_ROLE_Y or EC_ROLE_L) */
    /**
     * Prediction at one point x[n_vars] for parameters p[n_params]; when
     * grad is not NULL, also ∂y/∂p into grad[n_params]. Returns NAN when the
     * prediction is undefined there (e.g. a negative base to a real power).
     */
    double (*eval)(const double *p, const double *x, double *grad);
    const double *start;       /**< default single start [n_params] */
    const double *lower;       /**< default lower bounds [n_params] (-INFINITY = none); a bound of 0 on a scale is open (> 0) */
    const double *upper;       /**< default upper bounds [n_params] (INFINITY = none) */
    const int *grid_count;     /**< default start grid: values per parameter [n_params] */
    const double *const *grid; /**< the values, grid[j][0..grid_count[j]-1] */
    int positive;              /**< 1 when every prediction inside the bounds is > 0 */
    unsigned fixed;            /**< bit j set: parameter j is held at its start (e.g. a reference year); --fix changes the value */
    /**
     * Optional (NULL: the fitter calls eval): the same prediction for a fit's inner loop, with
     * the logs of the data lx[j] = log x[j] taken once per data set and, when prep is not NULL,
     * quantities of the parameters alone (such as log Nc) taken once per evaluation by
     * prep(p, pc). eval_pre(p, pc, x, lx, grad) gives the same bits as eval(p, x, grad): eval
     * is the same code with the logs taken in place.
     */
    void (*prep)(const double *p, double pc[EC_FORM_PREP_MAX]);
    double (*eval_pre)(const double *p, const double *pc, const double *x, const double *lx, double *grad);
    /**
     * Optional (NULL: the fitter calls eval_pre point by point; set only beside eval_pre): the predictions of
     * n ≤ EC_FORM_BLOCK points at once, y[i] for the point x + i·n_vars with its logs lx + i·n_vars and, when
     * g is not NULL, ∂y/∂p_j into g[j·EC_FORM_BLOCK + i]; pc as for eval_pre. The exps and logs go through
     * the vector routines of ec_chinchilla.h (ec_vexp_each and its kin: libmvec on AVX2 and AVX-512) and
     * powers as exp(−α·log x), so the values are eval's to a relative error of about |α log x|·2⁻⁵³ plus a few
     * ulps (10⁻¹² at every grid start: test_eval_block), and each point's depend on its own x alone: the same
     * bits wherever it sits in a block, and whichever points are beside it. NAN wherever eval gives NAN.
     */
    void (*eval_block)(const double *p, const double *pc, size_t n, const double *x, const double *lx, double *y,
                       double *g);
} ec_form;

/** Most points an ec_form's eval_block takes at once, and the row length of its gradient block. */
#define EC_FORM_BLOCK 128

/** Number of forms in the catalogue, and form i (0 ≤ i < count), in a fixed order. */
EC_API size_t ec_form_count(void);
EC_API const ec_form *ec_form_at(size_t i);

/** Form by name, or NULL. */
EC_API const ec_form *ec_form_find(const char *name);

/** Index of a parameter by name, or -1. */
EC_API int ec_form_param_index(const ec_form *f, const char *name);

#ifdef __cplusplus
}
#endif
#endif
