/**
 * fuzz_dist.c — libFuzzer target of the distribution parser (ec_dist.h):
 * the input is one distribution's text ("lognormal(median=3, ci90=[1, 9],
 * lo=0.5)"). A distribution that parses is evaluated at a few points: its
 * quantile and log-quantile functions and its median, over the whole of
 * (0, 1) including the tails, where truncation and log-space code differ.
 */
#include <stdlib.h>
#include <string.h>

#include "ec_dist.h"
#include "fuzz_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) return 0;  /* the parser's text buffer is 512 bytes; longer inputs add nothing */
    char *text = fuzz_text(data, size);
    if (!text) return 0;
    ec_dist d;
    ec_error err;
    if (ec_dist_parse(text, &d, &err) == EC_OK) {
        static const double u[] = {1e-300, 1e-12, 0.001, 0.25, 0.5, 0.75, 0.999, 1 - 1e-12};
        volatile double s = 0;
        for (size_t i = 0; i < sizeof u / sizeof u[0]; i++)
            s += ec_dist_quantile(&d, u[i]) + ec_dist_log_quantile(&d, u[i]);
        s += ec_dist_median(&d) + ec_dist_is_fixed(&d);
        (void)s;
        ec_dist_clear(&d);
    }
    free(text);
    return 0;
}
