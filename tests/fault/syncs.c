/*
 * syncs.c — an LD_PRELOAD shim for tests/fault/syncs.sh: logs every fsync (with the path of its
 * descriptor) and rename to the file named by EC_SYNC_LOG, one line each, so that the test can
 * check that an output is synced before it is renamed over the old one and its folder after.
 * With EC_SYNC_FAIL=1 every fsync of a regular file fails with EIO (a disk that cannot keep what
 * it was given), which must leave the old output as it was.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void log_line(const char *what, const char *a, const char *b)
{
    const char *path = getenv("EC_SYNC_LOG");
    if (!path) return;
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd < 0) return;
    char line[8300];
    int n = snprintf(line, sizeof line, "%s %s%s%s\n", what, a, b ? " " : "", b ? b : "");
    if (n > 0) (void)!write(fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    close(fd);
}

int fsync(int fd)
{
    static int (*real)(int);
    if (!real) *(void **)&real = dlsym(RTLD_NEXT, "fsync");
    char link[64], path[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    path[n > 0 ? n : 0] = '\0';
    struct stat st;
    int dir = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
    log_line(dir ? "fsync-folder" : "fsync", path, NULL);
    const char *fail = getenv("EC_SYNC_FAIL");
    if (fail && fail[0] == '1' && !dir) {
        errno = EIO;
        return -1;
    }
    return real(fd);
}

int rename(const char *from, const char *to)
{
    static int (*real)(const char *, const char *);
    if (!real) *(void **)&real = dlsym(RTLD_NEXT, "rename");
    log_line("rename", from, to);
    return real(from, to);
}
