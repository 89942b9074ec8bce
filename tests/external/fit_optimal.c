/* fit_optimal.c — a program outside effcomp's build that uses only the
 * public header: a fit of the bundled Chinchilla data with a bootstrap, then
 * an optimal-with-intervals step on the fit in memory, both set by name.
 * Checks the numbers against Epoch AI's published refit (Besiroglu et al.
 * 2024: E = 1.8172, A = 482... for this data the Huber fit gives alpha =
 * 0.34731, beta = 0.36717) and the allocation formula, prints them and
 * exits 0, or 1 naming what is wrong. Usage: fit_optimal DATA.csv */
#include <effcomp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int fail(const char *what, const ec_error *err)
{
    fprintf(stderr, "fit_optimal: %s: %s\n", what, err ? err->message : "");
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fit_optimal DATA.csv\n");
        return 2;
    }
    ec_error err;
    ec_step *fit = ec_step_new("fit", &err);
    if (!fit) return fail("new fit step", &err);
    const char *keys[][2] = {{"data", argv[1]},         {"columns", "N=Model Size,C=Training FLOP,L=loss"},
                             {"drop_highest", "5"},      {"bootstrap", "400"},
                             {"seed", "42"}};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (ec_step_set(fit, keys[k][0], keys[k][1], &err) != EC_OK) return fail(keys[k][0], &err);
    ec_result *fr;
    if (ec_step_run(fit, &fr, &err) != EC_OK) return fail("fit", &err);
    const ec_law *law = ec_result_law(fr);
    double alpha, beta;
    ec_result_value(fr, "p.alpha", &alpha, &err);
    ec_result_value(fr, "p.beta", &beta, &err);
    if (fabs(alpha - 0.34731) > 1e-4 || fabs(beta - 0.36717) > 1e-4) {
        fprintf(stderr, "fit_optimal: alpha %.6g, beta %.6g: not Epoch's 0.34731, 0.36717\n", alpha, beta);
        return 1;
    }
    ec_step *opt = ec_step_new("optimal", &err);
    if (!opt || ec_step_bind(opt, "fit", fr, "@fit", &err) || ec_step_set(opt, "compute", "1e25", &err))
        return fail("optimal step", &err);
    ec_result *or;
    if (ec_step_run(opt, &or, &err) != EC_OK) return fail("optimal", &err);
    double N, lo, hi;
    ec_result_value(or, "N", &N, &err);
    ec_result_value(or, "N_lo95", &lo, &err);
    ec_result_value(or, "N_hi95", &hi, &err);
    ec_chin_law c = ec_chin_law_from(law->p);
    double Nf, Df;
    ec_optimal_allocation(&c, 1e25, &Nf, &Df);
    if (fabs(N - Nf) > 1e-12 * Nf || !(lo < N && N < hi)) {
        fprintf(stderr, "fit_optimal: N* %.6g [%.6g, %.6g], formula %.6g\n", N, lo, hi, Nf);
        return 1;
    }
    printf("alpha %.5f beta %.5f; at 1e25 FLOP N* = %.4g [%.4g, %.4g] from %zu replicates\n", alpha, beta, N, lo, hi,
           law->n_reps);
    ec_result_free(or);
    ec_step_free(opt);
    ec_result_free(fr);
    ec_step_free(fit);
    return 0;
}
