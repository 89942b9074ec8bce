/**
 * ec_law.h — a fitted law: the one type every analysis takes.
 *
 * A law is a form of the catalogue with its parameters, and what is known of
 * their uncertainty: the covariance of the parameters (asymptotic, from the
 * fit) and the fit's bootstrap replicates (joint draws of all parameters,
 * never independent draws of each). It also records where it came from (the
 * fit result's file and checksum, the replicates file and its checksum, the
 * seed that drew the replicates), so that every result computed from it can
 * say so.
 *
 *     ec_law *law = ec_law_new(ec_form_find("chinchilla"), p, &err);
 *     ec_law_set_replicates(law, boot->samples, boot->replicates, boot->converged, &err);
 *     ec_band band;
 *     ec_law_band(law, EC_LAW_VALUE, xs, n, 0.95, 0, y, lo, hi, &band, &err);
 *
 * A law is set up once (ec_law_new, ec_law_set_covariance,
 * ec_law_set_replicates: the per-replicate constants of the compute-optimal
 * allocation are computed then) and is read-only afterwards, so any number
 * of threads may analyse one law at the same time.
 *
 * Bands. A band at level λ around a derived quantity q(p, x) (a prediction,
 * the loss at the compute-optimal allocation, N* or D*) is:
 *   - with replicates: the percentile interval of q over the replicates
 *     (ec_interval.h), replicates where q is not finite left out and counted;
 *   - without replicates but with a covariance: the delta method,
 *     var q ≈ ∇q ᵀ Σ ∇q with ∇q from the form's analytic gradient (for the
 *     prediction) or central differences (the other quantities), and for a
 *     quantity that is positive the interval q·exp(∓ z sd(q)/q) (normal in
 *     log q: scaling quantities span decades and never cross 0), otherwise
 *     q ∓ z sd(q);
 *   - with neither: no band (NAN), said so in the method.
 */
#ifndef EC_LAW_H
#define EC_LAW_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_error.h"
#include "ec_form.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Per-replicate constants of a chinchilla law's compute-optimal allocation (see ec_efficiency.h). */
typedef struct ec_chin_const {
    double E, A, B, alpha, beta;
    double G;        /**< (αA/(βB))^(1/(α+β)) */
    double eN, eD;   /**< β/(α+β), α/(α+β): N* = G (C/6)^eN, D* = (C/6)^eD / G */
    double K, gamma; /**< L*(C) = E + K (C/6)^(−γ): γ = αβ/(α+β), K = A G^(−α) + B G^β */
    double lG, lK;   /**< log G, log K */
    double lA, lB, lbeta, lalpha; /**< log A, log B, log β, log α */
} ec_chin_const;

/** The constants of one parameter vector (E, A, B, alpha, beta). */
EC_API void ec_chin_const_of(const double *p, ec_chin_const *c);

/** The columns of ec_law.reps_cols: fields of each replicate's ec_chin_const. */
typedef enum ec_chin_col {
    EC_COL_E, EC_COL_A, EC_COL_B, EC_COL_ALPHA, EC_COL_BETA, EC_COL_LG, EC_COL_EN, EC_COL_K, EC_COL_GAMMA, EC_N_COLS
} ec_chin_col;

/**
 * The two terms of a chinchilla law's replicates on grids of their logs (ec_law_terms_of): t1[j * n + r] =
 * A_r e^(−α_r x_j) at x_j = x0 + j h (x = ln N, j < gx), t2[j * n + r] = B_r e^(−β_r y_j) at y_j = y0 + j h (y =
 * ln D, j < gy), each computed in double and rounded to float; g1[r] = α_r² h²/8 and g2[r] = β_r² h²/8. Each term
 * is convex in its log with second derivative α² (β²) times itself, so between two grid points it lies below their
 * chord and above it by at most g times the larger of the two: bounds on every replicate's loss without an exp.
 */
typedef struct ec_law_terms {
    double x0, y0, h;
    size_t gx, gy, n;
    float *t1, *t2, *g1, *g2;
    struct ec_law_squares *squares; /**< what ec_law_terms_square makes, per step square of the grids */
} ec_law_terms;

/**
 * The replicates that can hold a band's tail anywhere in one step square of the term grids (ec_law_terms_square):
 * over the square [x_j, x_j+1] × [y_k, y_k+1] each replicate's loss lies between LO_r = E + the smaller ends of its
 * two terms (each monotone in its log) less the margin of ec_law_terms_bounds, and HI_r = E + the larger ends plus
 * it; with t_lo the need_lo-th smallest HI, a replicate whose LO_r is above it
 * is above need_lo others at every point of the square, so the need_lo smallest losses anywhere there are those of
 * the entries 0..n_lo-1 (LO_r <= t_lo); alike the need_hi largest, of entries n_lo..n_lo+n_hi-1 (HI_r >= the
 * need_hi-th largest LO). Per entry the replicate and its tables' values at the square's corners, for
 * ec_law_square_bounds.
 */
typedef struct ec_law_square {
    size_t j, k;              /**< the square: ln N in [x0 + j h, x0 + (j+1) h), ln D likewise from y0 */
    size_t need_lo, need_hi;  /**< the counts of smallest and largest losses it holds */
    size_t n_lo, n_hi;        /**< its entries for each end */
    unsigned *rep;            /**< per entry, the replicate */
    float *a0, *a1, *b0, *b1, *fE, *g1, *g2; /**< per entry: t1 at j, j+1, t2 at k, k+1, E, g1, g2 */
} ec_law_square;

/** A fitted law. Read the fields; change them only through the functions here. */
typedef struct ec_law {
    const ec_form *form;
    double p[EC_FORM_MAX_PARAMS];          /**< the parameters, in the form's order */
    int has_cov;                           /**< 1 when cov is set */
    double cov[EC_FORM_MAX_PARAMS * EC_FORM_MAX_PARAMS]; /**< covariance of p, row-major, stride EC_FORM_MAX_PARAMS
                                                            (fixed parameters: rows and columns 0) */
    size_t n_reps;                         /**< usable (converged) bootstrap replicates */
    size_t reps_skipped;                   /**< replicates left out because they did not converge */
    double *reps;                          /**< n_reps × form->n_params, row-major; NULL when none */
    ec_chin_const chin;                    /**< the constants of p (chinchilla form only) */
    ec_chin_const *reps_chin;              /**< the constants of each replicate (chinchilla form only) */
    double *reps_cols;                     /**< some of them by column, for loops over the replicates:
                                                reps_cols[j * n_reps + r] with j an ec_chin_col (with reps_chin) */
    const float *reps_colsf;               /**< E, A, B, alpha, beta of reps_cols rounded to float, by column (in
                                                reps_cols' allocation), for estimates checked against a bound */
    double reps_alpha_max, reps_beta_max;  /**< the largest |alpha| and |beta| of the replicates */
    /* Provenance ("" / 0 when unknown). */
    char source[1024];                     /**< the result file the law was read from */
    char source_sha256[65];
    char reps_file[1024];                  /**< the replicates file read */
    char reps_sha256[65];
    int has_seed;
    unsigned long long seed;               /**< the seed that drew the replicates */
    int converged;                         /**< 0 when the fit behind the law did not converge, else 1 */
    double data_max_C, data_max_N;         /**< the largest compute and size among the fitted points (NAN: unknown),
                                                for how far a projection lies beyond the data */
    struct ec_law_cache *cache;            /**< with the chinchilla replicates: what ec_law_terms_of makes once */
} ec_law;

/** A new law of form `f` with parameters p[0..n_params-1]. NULL with EC_EINVAL (no form, a non-finite
 *  parameter, named) or EC_ENOMEM. */
EC_API ec_law *ec_law_new(const ec_form *f, const double *p, ec_error *err);

/** A deep copy (replicates included). NULL when out of memory. */
EC_API ec_law *ec_law_copy(const ec_law *law, ec_error *err);

/** Frees a law. NULL is allowed. */
EC_API void ec_law_free(ec_law *law);

/** Sets the covariance of the parameters (stride EC_FORM_MAX_PARAMS). EC_EINVAL when not finite. */
EC_API int ec_law_set_covariance(ec_law *law, const double *cov, ec_error *err);

/**
 * Sets the bootstrap replicates from `rows` parameter vectors (samples,
 * rows × n_params, form order), keeping the rows with converged[r] != 0
 * (all when converged is NULL) and counting the others in reps_skipped.
 * Every kept value must be finite (EC_EDATA naming the row and parameter).
 * Replaces earlier replicates. EC_ENOMEM.
 */
EC_API int ec_law_set_replicates(ec_law *law, const double *samples, size_t rows, const unsigned char *converged,
                          ec_error *err);

/**
 * The replicates' term tables of a chinchilla law with 256 to 16384 replicates (ec_law_terms), made at the
 * EC_LAW_TERMS_AFTER-th call (872 bytes a replicate, 3.5 MB for 4000, a millisecond or two to make: for
 * callers that ask for many bands of one law, as a sweep's cells do) and kept with the law; NULL before that, for
 * another form, fewer replicates, a term not finite on the grids, or out of memory. Safe to call from several threads
 * at once (one of them makes the tables).
 */
EC_API const ec_law_terms *ec_law_terms_of(const ec_law *law);
#define EC_LAW_TERMS_AFTER 64

/**
 * Bounds lo[r] <= loss_r <= hi[r] on every replicate's loss E + A e^(−α lN) + B e^(−β lD) (as the full path computes
 * it in double) from the law's term tables T (ec_law_terms_of), without an exp; lo and hi: room for T->n floats each,
 * not overlapping the tables. -1 (nothing set) when lN or lD is off the tables' grids.
 */
EC_API int ec_law_terms_bounds(const ec_law *law, const ec_law_terms *T, double lN, double lD, float *lo, float *hi);

/**
 * The square of ec_law_terms T holding (lN, lD), for the need_lo smallest and need_hi largest losses (ec_law_square),
 * made at the EC_LAW_SQUARE_AFTER-th call for that square and kept with T (about 32 bytes an entry, some 15 kB for
 * 4000 replicates; at most EC_LAW_SQUARES_BYTES for all). NULL before that, off the grids, for other counts than the
 * square was made for, when an end would hold more than a quarter of the replicates, a bound is not finite, or out
 * of memory or room. Safe to call from several threads at once.
 */
EC_API const ec_law_square *ec_law_terms_square(const ec_law *law, const ec_law_terms *T, double lN, double lD,
                                                size_t need_lo, size_t need_hi);
#define EC_LAW_SQUARE_AFTER 4
#define EC_LAW_SQUARES_BYTES ((size_t)64 << 20)

/**
 * ec_law_terms_bounds on a square's entries: lo[i] <= loss <= hi[i] for entry i's replicate at (lN, lD), i <
 * n_lo + n_hi, as ec_law_terms_bounds computes them for that replicate. -1 (nothing set) when (lN, lD) is not in the
 * square.
 */
EC_API int ec_law_square_bounds(const ec_law_square *S, const ec_law_terms *T, double lN, double lD, float *lo,
                                float *hi);

/** The form's prediction at x[form->n_vars] for the law's parameters. */
EC_API double ec_law_eval(const ec_law *law, const double *x);

/** What a band is drawn around (ec_law_band). */
typedef enum ec_law_quantity {
    EC_LAW_VALUE = 0,   /**< the form's prediction at x (n_vars values per point) */
    EC_LAW_CURVE = 1,   /**< the reference curve at compute x (one value per point): L*(C) for chinchilla,
                             y(C) for one-variable forms of compute (ec_reference_curve) */
    EC_LAW_NSTAR = 2,   /**< N*(C) of a chinchilla law */
    EC_LAW_DSTAR = 3    /**< D*(C) of a chinchilla law */
} ec_law_quantity;

/** How a band was obtained. */
typedef enum ec_band_method {
    EC_BAND_NONE = 0,       /**< no replicates and no covariance: no band */
    EC_BAND_REPLICATES = 1, /**< percentiles over the bootstrap replicates */
    EC_BAND_DELTA = 2       /**< the delta method from the covariance */
} ec_band_method;

/** "none", "bootstrap percentile" or "delta method". */
EC_API const char *ec_band_method_name(ec_band_method m);

/** The value of quantity q for parameters p (constants c for chinchilla quantities, else NULL). */
EC_API double ec_law_quantity_at(const ec_form *f, const double *p, const ec_chin_const *c, ec_law_quantity q,
                          const double *x);

/** A band's outcome. */
typedef struct ec_band {
    ec_band_method method;
    size_t replicates;     /**< replicates used (method REPLICATES) */
    size_t failed_max;     /**< the most replicates left out at any point (not finite there) */
} ec_band;

/**
 * Value and band of quantity q at n points (xs: n × (n_vars for
 * EC_LAW_VALUE, else 1)) into y, lo and hi (lo and hi may be NULL for values
 * only). `threads` > 1 spreads the points over OpenMP threads (0: OpenMP's
 * default, 1: none); results do not depend on it. A point with fewer than 2
 * finite replicate values gets NAN ends. EC_EINVAL for a chinchilla
 * quantity of another form, EC_ENOMEM.
 */
EC_API int ec_law_band(const ec_law *law, ec_law_quantity q, const double *xs, size_t n, double level, int threads,
                double *y, double *lo, double *hi, ec_band *band, ec_error *err);

#ifdef __cplusplus
}
#endif
#endif
