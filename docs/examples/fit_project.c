/* fit_project.c — a fit and projections through the installed libeffcomp.
 *
 *     cc -std=c99 -o fit_project fit_project.c $(pkg-config --cflags --libs effcomp)
 *     ./fit_project data/epoch_chinchilla_svg_extracted_data.csv
 *
 * (or with CMake: docs/examples/CMakeLists.txt, find_package(effcomp)).
 * Three steps, every option set by name as on the command line:
 *   1. fit: Epoch AI's refit of Chinchilla Approach 3 (Besiroglu et al. 2024):
 *      the 5 highest-loss points dropped, Huber loss (delta 1e-3) in log space
 *      from Hoffmann et al.'s 4500-start grid, and a 200-replicate bootstrap;
 *   2. project on that fit, in memory: the compute-optimal model at 1e27 FLOP,
 *      with the bootstrap's 95% band of its loss;
 *   3. project with Epoch's published maximum-likelihood law given inline:
 *      compute-optimal at 1e27 and 1e28 FLOP, and a 10T model at 20 tokens
 *      per parameter.
 * It prints one "name value" line per number (tests/install/consumers.sh checks
 * them against the published values) and exits 0, or prints the library's
 * message and exits 1. */
#include <effcomp.h>
#include <stdio.h>

#define N_(a) (sizeof(a) / sizeof((a)[0]))

/*
 * One step: a new step of type `kind` in *st (the caller frees it), bound to
 * `fit` when not NULL (the fit in memory), options keys[i][0] = keys[i][1]
 * set by name, run; then its named outputs `names` printed as
 * "prefix.name value". Returns the result, or NULL after printing the
 * library's message.
 */
static ec_result *stage(const char *prefix, const char *kind, const char *const (*keys)[2], size_t n_keys,
                        const ec_result *fit, const char *const *names, size_t n_names, ec_step **st)
{
    ec_error err;
    ec_result *r = NULL;
    int rc = (*st = ec_step_new(kind, &err)) ? EC_OK : err.code;
    if (rc == EC_OK && fit) rc = ec_step_bind(*st, "fit", fit, "@fit", &err);
    for (size_t i = 0; rc == EC_OK && i < n_keys; i++) rc = ec_step_set(*st, keys[i][0], keys[i][1], &err);
    if (rc == EC_OK) rc = ec_step_run(*st, &r, &err);
    for (size_t i = 0; rc == EC_OK && i < n_names; i++) {
        double v;
        rc = ec_result_value(r, names[i], &v, &err);
        if (rc == EC_OK) printf("%s.%s %.10g\n", prefix, names[i], v);
    }
    if (rc == EC_OK) return r;
    fprintf(stderr, "fit_project: %s: %s\n", prefix, err.message);
    ec_result_free(r);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fit_project DATA.csv (the bundled data/epoch_chinchilla_svg_extracted_data.csv)\n");
        return 2;
    }
    /* 1. The fit. */
    const char *const fit_keys[][2] = {{"data", argv[1]},
                                       {"columns", "N=Model Size,C=Training FLOP,L=loss"},
                                       {"drop_highest", "5"},
                                       {"loss", "huber"},
                                       {"delta", "1e-3"},
                                       {"bootstrap", "200"},
                                       {"seed", "42"}};
    const char *const fit_names[] = {"p.E", "p.A", "p.B", "p.alpha", "p.beta", "objective", "se.alpha"};
    /* 2. A projection on the fit in memory (bound, not read back from a file). */
    const char *const proj_keys[][2] = {{"sizes", "compute=1e27"}, {"policies", "compute-optimal"}};
    const char *const proj_names[] = {"N", "D", "compute", "loss", "loss_lo95", "loss_hi95"};
    /* 3. Projections from Epoch's published maximum-likelihood law, inline. Rows: sizes x policies, the
     * policies varying fastest (row 0: 1e27 compute-optimal, 2: 1e28 compute-optimal, 5: 10T at 20). */
    const char *const mle_keys[][2] = {{"form", "chinchilla"},
                                       {"params", "E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854"},
                                       {"sizes", "compute=1e27;compute=1e28;10T"},
                                       {"policies", "compute-optimal;tokens-per-param=20"}};
    const char *const mle_names[] = {"row.0.N", "row.0.D", "row.0.loss",    "row.2.N",
                                     "row.2.D", "row.2.loss", "row.5.compute", "row.5.loss"};

    ec_step *fit = NULL, *proj = NULL, *mle = NULL;
    ec_result *fr = stage("fit", "fit", fit_keys, N_(fit_keys), NULL, fit_names, N_(fit_names), &fit);
    ec_result *pr = fr ? stage("project", "project", proj_keys, N_(proj_keys), fr, proj_names, N_(proj_names), &proj)
                       : NULL;
    ec_result *mr = pr ? stage("mle", "project", mle_keys, N_(mle_keys), NULL, mle_names, N_(mle_names), &mle) : NULL;
    int status = mr ? 0 : 1;
    ec_result_free(mr);
    ec_result_free(pr);
    ec_step_free(mle);
    ec_step_free(proj);
    ec_result_free(fr); /* after the step bound to it */
    ec_step_free(fit);
    return status;
}
