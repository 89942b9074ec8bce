/* fuzz_io.c — temporary files and splitting for the fuzz targets (fuzz_io.h). */
#include "fuzz_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_SLOTS 4

static char dir[64], paths[FUZZ_SLOTS][80];

static void remove_files(void)
{
    for (int i = 0; i < FUZZ_SLOTS; i++)
        if (paths[i][0]) unlink(paths[i]);
    if (dir[0]) rmdir(dir);
}

/* The inputs live in a folder of their own (mkdtemp), so that a relative path in one names nothing. */
const char *fuzz_file(int slot, const uint8_t *data, size_t n)
{
    if (slot < 0 || slot >= FUZZ_SLOTS) return NULL;
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%.40s/ecfuzz-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
        if (!mkdtemp(dir)) {
            dir[0] = '\0';
            return NULL;
        }
        atexit(remove_files);
    }
    snprintf(paths[slot], sizeof paths[slot], "%s/input%d", dir, slot);
    FILE *f = fopen(paths[slot], "wb");
    if (!f) return NULL;
    size_t w = n ? fwrite(data, 1, n, f) : 0;
    if (fclose(f) != 0 || w != n) return NULL;
    return paths[slot];
}

char *fuzz_text(const uint8_t *data, size_t n)
{
    char *s = malloc(n + 1);
    if (!s) return NULL;
    if (n) memcpy(s, data, n);
    s[n] = '\0';
    return s;
}

int fuzz_split(const uint8_t *data, size_t n, const char *sep, size_t *head, const uint8_t **tail, size_t *tail_n)
{
    size_t k = strlen(sep);
    for (size_t i = 0; i + k <= n; i++) {
        if (i > 0 && data[i - 1] != '\n') continue;
        if (memcmp(data + i, sep, k) != 0 || (i + k < n && data[i + k] != '\n')) continue;
        *head = i > 0 ? i - 1 : 0;
        size_t after = i + k < n ? i + k + 1 : n;
        *tail = data + after;
        *tail_n = n - after;
        return 1;
    }
    return 0;
}
