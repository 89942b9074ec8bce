/* realpath(). */
#define _XOPEN_SOURCE 700
#include "cli_util.h"

#include "ec_kv.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int cli_quiet = 0;
const char *cli_error_where = NULL;

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("effcomp: error: ", stderr);
    if (cli_error_where) fprintf(stderr, "%s: ", cli_error_where);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_note(const char *fmt, ...)
{
    if (cli_quiet) return;
    va_list ap;
    fputs("effcomp: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_error_lines(const char *msg)
{
    const char *p = msg;
    do {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        cli_error("%.*s", len, p);
        p = nl ? nl + 1 : NULL;
    } while (p && *p);
}

int cli_exit_for(int code)
{
    switch (code) {
    case EC_OK: return EXIT_OK;
    case EC_EINVAL:
    case EC_EDATA:
    case EC_EIO: return EXIT_BAD_INPUT;
    case EC_ENOCONV: return EXIT_NO_CONVERGE;
    default: return EXIT_FAILURE_RUN;
    }
}

/* The canonical form of a path whose last component may not exist yet: the real
 * path of its folder, then its last component. 0 when the folder cannot be resolved. */
int cli_canonical_path(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX], real[PATH_MAX];
    const char *base = slash ? slash + 1 : path;
    if (slash) {
        size_t len = slash == path ? 1 : (size_t)(slash - path);
        if (len >= sizeof dir) return 0;
        memcpy(dir, path, len);
        dir[len] = '\0';
    } else {
        strcpy(dir, ".");
    }
    if (!realpath(dir, real)) return 0;
    return snprintf(out, cap, "%s/%s", real, base) < (int)cap;
}

/* 1 when a and b name the same regular file (existing or to be created). */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if ((ea && !S_ISREG(sa.st_mode)) || (eb && !S_ISREG(sb.st_mode))) return 0; /* devices, pipes, folders */
    if (ea && eb) return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (ea != eb) return 0;
    char ca[PATH_MAX + 256], cb[PATH_MAX + 256];
    if (cli_canonical_path(a, ca, sizeof ca) && cli_canonical_path(b, cb, sizeof cb)) return strcmp(ca, cb) == 0;
    return strcmp(a, b) == 0;
}

int cli_check_paths(const char *cmd, const cli_path *inputs, int n_inputs, const cli_path *outputs, int n_outputs)
{
    for (int k = 0; k < n_outputs; k++) {
        const char *out = outputs[k].path;
        if (!out || !out[0]) continue;
        for (int i = 0; i < n_inputs; i++) {
            const char *in = inputs[i].path;
            if (in && in[0] && same_file(out, in)) {
                cli_error("%s: %s '%s' is the same file as %s '%s': writing it would destroy the input; "
                          "choose another output path",
                          cmd, outputs[k].option, out, inputs[i].option, in);
                return EXIT_BAD_INPUT;
            }
        }
        for (int j = 0; j < k; j++) {
            const char *other = outputs[j].path;
            if (other && other[0] && same_file(out, other)) {
                cli_error("%s: %s '%s' and %s '%s' are the same file: one result would overwrite the other; "
                          "give them different paths",
                          cmd, outputs[j].option, other, outputs[k].option, out);
                return EXIT_BAD_INPUT;
            }
        }
    }
    return EXIT_OK;
}

const char *cli_out_target(const char *path, char *buf, size_t len)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode)) return path;
    char real[PATH_MAX];
    if (!realpath(path, real) || stat(real, &st) != 0 || !S_ISREG(st.st_mode) || strlen(real) >= len) return path;
    memcpy(buf, real, strlen(real) + 1);
    return buf;
}

/* ---------- temporary files removed on SIGINT / SIGTERM ---------- */

#define MAX_TEMPS 16
static char *volatile temps[MAX_TEMPS];
static volatile pid_t child; /* gnuplot while it draws, else 0 */

static void on_signal(int sig)
{
    /* A child still writing would create its file again after the unlink (gnuplot opens the image by
     * name): it is stopped, and waited for, first. kill and waitpid are async-signal-safe. */
    pid_t c = child;
    if (c > 0) {
        kill(c, SIGKILL);
        waitpid(c, NULL, 0);
    }
    for (int k = 0; k < MAX_TEMPS; k++)
        if (temps[k]) unlink(temps[k]); /* async-signal-safe */
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_temp_register(char *path)
{
    static int installed;
    if (!installed) {
        installed = 1;
        /* Past a file-size limit (ulimit -f) a write fails with EFBIG, reported with the file's name,
         * instead of SIGXFSZ ending the process with the temporary files left behind. */
        signal(SIGXFSZ, SIG_IGN);
        /* A signal the caller ignores (nohup's SIGHUP, SIGINT for `cmd &`) stays ignored. */
        const int sigs[3] = {SIGINT, SIGTERM, SIGHUP};
        for (int k = 0; k < 3; k++) {
            struct sigaction old, sa;
            if (sigaction(sigs[k], NULL, &old) != 0 || old.sa_handler == SIG_IGN) continue;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = on_signal;
            sigemptyset(&sa.sa_mask);
            sigaction(sigs[k], &sa, NULL);
        }
    }
    for (int k = 0; k < MAX_TEMPS; k++)
        if (!temps[k]) {
            temps[k] = path;
            return;
        }
}

void cli_child_register(pid_t pid)
{
    child = pid;
}

void cli_signals_hold(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

void cli_signals_release(const sigset_t *old)
{
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

void cli_temp_forget(const char *path)
{
    for (int k = 0; k < MAX_TEMPS; k++)
        if (temps[k] == path) temps[k] = NULL;
}

void cli_temp_mode(int fd, const char *target)
{
    struct stat old_st;
    if (stat(target, &old_st) == 0 && S_ISREG(old_st.st_mode)) {
        (void)fchmod(fd, old_st.st_mode & 07777);
    } else {
        mode_t mask = umask(0);
        umask(mask);
        (void)fchmod(fd, 0666 & ~mask);
    }
}

int cli_out_open(cli_outfile *o, const char *path_given)
{
    memset(o, 0, sizeof *o);
    /* A link to a regular file: the file is written (temporary file and rename beside it), the
     * link stays, and a failed run leaves the old content. */
    char resolved[PATH_MAX];
    const char *path = cli_out_target(path_given, resolved, sizeof resolved);
    struct stat st;
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* A device or pipe (e.g. /dev/stdout), or a dangling link: write through it. */
        o->fp = fopen(path, "w");
        if (!o->fp) {
            cli_error("cannot write '%s': %s", path_given, strerror(errno));
            return -1;
        }
        o->path = strdup(path_given); /* for messages; no temporary file (tmp stays NULL) */
        return 0;
    }
    size_t len = strlen(path) + 16;
    o->path = strdup(path);
    o->tmp = malloc(len);
    if (!o->path || !o->tmp) {
        cli_error("out of memory");
        cli_out_abort(o);
        return -1;
    }
    snprintf(o->tmp, len, "%s.tmpXXXXXX", path);
    /* No signal between creating the temporary file and registering it for removal. */
    sigset_t held;
    cli_signals_hold(&held);
    int fd = mkstemp(o->tmp);
    int mk_errno = errno;
    if (fd >= 0) cli_temp_register(o->tmp);
    cli_signals_release(&held);
    errno = mk_errno;
    if (fd < 0) {
        const char *slash = strrchr(path, '/');
        if (errno == ENOENT && slash && slash != path)
            cli_error("cannot write '%s': the folder '%.*s' does not exist; create it first (mkdir -p '%.*s')", path,
                      (int)(slash - path), path, (int)(slash - path), path);
        else
            cli_error("cannot write '%s': %s", path, strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        cli_out_abort(o);
        return -1;
    }
    cli_temp_mode(fd, path);
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        cli_error("cannot write '%s': %s", path, strerror(errno));
        close(fd);
        cli_out_abort(o);
        return -1;
    }
    return 0;
}

void cli_out_abort(cli_outfile *o)
{
    if (o->fp) fclose(o->fp);
    if (o->tmp) remove(o->tmp);
    cli_temp_forget(o->tmp);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
}

int cli_out_write(cli_outfile *o, const char *text)
{
    errno = 0;
    if (fputs(text, o->fp) != EOF) return 0;
    if (!o->err) o->err = errno ? errno : EIO;
    return -1;
}

int cli_sync_path(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return errno;
    int e = fsync(fd) != 0 ? errno : 0;
    close(fd);
    return e == EINVAL || e == EROFS ? 0 : e; /* a file system that cannot sync this kind of file */
}

int cli_sync_folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX];
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path) >= (int)sizeof dir)
        return ENAMETOOLONG;
    return cli_sync_path(dir);
}

int cli_write_probe(const char *path)
{
    int fd = open(path, O_WRONLY | O_APPEND);
    if (fd < 0) return errno;
    static const char zeros[65536];
    int e = 0;
    for (int k = 0; k < 16 && !e; k++)
        if (write(fd, zeros, sizeof zeros) < 0) e = errno;
    if (!e && fsync(fd) != 0 && errno != EINVAL) e = errno;
    close(fd);
    return e;
}

/* Flushes, syncs (a file to be renamed over another must be on disk first) and closes o's stream; on failure
 * prints why (naming the file) and returns -1. */
static int out_finish(cli_outfile *o, const char *shown)
{
    int err = 0, earlier = ferror(o->fp);
    if (fflush(o->fp) != 0) err = errno;
    if (!err && o->tmp && fsync(fileno(o->fp)) != 0 && errno != EINVAL && errno != EROFS) err = errno;
    if (!err && o->err) err = o->err;
    if (fclose(o->fp) != 0 && !err) err = errno;
    if (!err && earlier && o->tmp) err = cli_write_probe(o->tmp); /* a write failed earlier: ask why again */
    if (!err && earlier) err = EIO;                                /* the cause is gone */
    o->fp = NULL;
    if (err) cli_error("cannot write '%s': %s", shown, strerror(err));
    return err ? -1 : 0;
}

/* Renames o's temporary file over its target and releases o; on failure prints why and
 * returns -1 (o is left for the caller to abort). */
static int out_install(cli_outfile *o)
{
    if (o->tmp && rename(o->tmp, o->path) != 0) {
        cli_error("cannot write '%s': %s", o->path, strerror(errno));
        return -1;
    }
    /* The rename itself is on disk once the folder is synced. The new file is in place by now, so a failure
     * here is reported (exit 1) but nothing is removed. */
    int e = o->tmp ? cli_sync_folder_of(o->path) : 0;
    if (e) cli_error("wrote '%s', but its folder could not be synced to disk: %s", o->path, strerror(e));
    cli_temp_forget(o->tmp);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
    return e ? -1 : 0;
}

int cli_out_commit(cli_outfile *o)
{
    cli_outfile none = {0};
    return cli_out_commit_pair(o, &none);
}

int cli_out_commit_all(cli_outfile *o, size_t n)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        if (o[i].fp && out_finish(&o[i], o[i].path ? o[i].path : "output")) bad = 1;
    for (size_t i = 0; i < n && !bad; i++) bad = out_install(&o[i]) != 0;
    if (bad)
        for (size_t i = 0; i < n; i++) cli_out_abort(&o[i]);
    return bad ? -1 : 0;
}

int cli_out_commit_pair(cli_outfile *a, cli_outfile *b)
{
    /* b (the replicates) first: a failure between the two renames then leaves the old JSON,
     * which does not describe a file it did not write. */
    cli_outfile both[2] = {*b, *a};
    memset(a, 0, sizeof *a);
    memset(b, 0, sizeof *b);
    return cli_out_commit_all(both, 2);
}

void cli_progress(const char *phase, size_t done, size_t total, void *user)
{
    (void)user;
    static int tty = -1;
    if (tty < 0) tty = isatty(STDERR_FILENO) && !cli_quiet;
    if (!tty) return;
    size_t step = total / 100 ? total / 100 : 1;
    if (done % step == 0 || done == total)
        fprintf(stderr, "\r%s %zu/%zu%s", phase, done, total, done == total ? "\n" : "");
}

void cli_fprint_double(FILE *fp, double x)
{
    char buf[40];
    fputs(ec_format_double(x, buf, sizeof buf), fp);
}

void cli_print_common_flags(FILE *out)
{
    fputs("\nEvery command also takes:\n"
          "  -q, --quiet        no notes on stderr, errors only (the option quiet=0|1)\n"
          "  --set NAME=VALUE   set any option by its name\n"
          "  -h, --help         this text\n",
          out);
}
