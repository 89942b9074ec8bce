#include "ec_error.h"

#include <gsl/gsl_errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

void ec_error_clear(ec_error *err)
{
    if (err) {
        err->code = EC_OK;
        err->message[0] = '\0';
    }
}

int ec_error_set(ec_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

const char *ec_status_name(int code)
{
    switch (code) {
    case EC_OK: return "success";
    case EC_EINVAL: return "invalid argument";
    case EC_ENOMEM: return "out of memory";
    case EC_EIO: return "input/output error";
    case EC_EDATA: return "data error";
    case EC_ENOCONV: return "no convergence";
    case EC_ENUMERIC: return "numerical failure";
    default: return "unknown error";
    }
}

static void gsl_handler_off(void)
{
    gsl_set_error_handler_off();
}

void ec_gsl_quiet(void)
{
    /* Once per process: the solvers call this from OpenMP threads, and GSL's handler is one
     * global pointer, so concurrent writes of it would be a data race. */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, gsl_handler_off);
}
