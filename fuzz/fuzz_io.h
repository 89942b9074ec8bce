/**
 * fuzz_io.h — what the libFuzzer targets in fuzz/ share: effcomp's readers
 * take paths, so each input (or each part of one) is written to a temporary
 * file of its own, rewritten in place for every input, and removed at exit.
 *
 * An input may hold several parts, separated by a line that is exactly
 * `sep` (e.g. "--- replicates"): fuzz_split() finds it, so that one input
 * drives a reader and the file it refers to, and the fuzzer mutates both.
 */
#ifndef EC_FUZZ_IO_H
#define EC_FUZZ_IO_H

#include <stddef.h>
#include <stdint.h>

/** Path of temporary file `slot` (0..3) holding data[0..n); NULL if it cannot be written. */
const char *fuzz_file(int slot, const uint8_t *data, size_t n);

/** A NUL-terminated copy of data[0..n) (free()); NULL when out of memory. */
char *fuzz_text(const uint8_t *data, size_t n);

/**
 * Where the line `sep` (followed by '\n' or the end) starts in data[0..n),
 * after a '\n' or at 0: sets *head to the bytes before it (without its '\n'),
 * *tail to the bytes after its line and returns 1; returns 0 when there is none.
 */
int fuzz_split(const uint8_t *data, size_t n, const char *sep, size_t *head, const uint8_t **tail, size_t *tail_n);

#endif
