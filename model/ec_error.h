/**
 * ec_error.h — status codes and error messages for libeffcomp.
 *
 * The library never prints, exits or aborts. Every fallible function returns
 * an `int` status (0 = EC_OK, negative = failure) and fills an optional
 * `ec_error` with the code and a human-readable message that names the file,
 * line, column or option involved and, where it can, what to do about it.
 * Passing NULL for the error pointer is allowed; the code is still returned.
 */
#ifndef EC_ERROR_H
#define EC_ERROR_H

#include "ec_export.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Status codes. Negative values are failures; 0 is success. */
typedef enum ec_status {
    EC_OK = 0,
    EC_EINVAL = -1,   /**< invalid argument or option value */
    EC_ENOMEM = -2,   /**< out of memory */
    EC_EIO = -3,      /**< file cannot be opened or read */
    EC_EDATA = -4,    /**< input data malformed or unusable */
    EC_ENOCONV = -5,  /**< solver did not converge */
    EC_ENUMERIC = -6  /**< numerical failure (non-finite values) */
} ec_status;

/** Error record: the status code and a message (never longer than the buffer). */
typedef struct ec_error {
    int code;
    char message[1024];
} ec_error;

/** Clears an error record (code EC_OK, empty message). NULL is allowed. */
EC_API void ec_error_clear(ec_error *err);

/**
 * Records `code` and a printf-style message in `err` (if not NULL) and
 * returns `code`, so that callers can write `return ec_error_set(err, ...)`.
 */
EC_API int ec_error_set(ec_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/**
 * Progress callback of long computations (multi-start fits, bootstraps,
 * simulations, sweeps): `done` of `total` units finished. Called from
 * worker threads, one call at a time.
 */
typedef void (*ec_progress_fn)(size_t done, size_t total, void *user);

/** Short name of a status code ("invalid argument", "data error", ...). */
EC_API const char *ec_status_name(int code);

/**
 * Switches GSL's default error handler (which aborts) off. Idempotent; the
 * library calls it at every entry point that may reach GSL.
 */
EC_API void ec_gsl_quiet(void);

#ifdef __cplusplus
}
#endif
#endif
