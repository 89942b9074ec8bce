/* cli_gnuplot.c — figures through gnuplot (see cli_gnuplot.h). */
#include "cli_gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_util.h"
#include "ec_plot.h"
#include "ec_steps.h"

extern char **environ;

/*
 * 1 when the image file ends as a complete file of its format does: a PNG with its IEND chunk, an SVG with
 * </svg>, a PDF with %%EOF. gnuplot does not check its own writes: on a full disk it exits 0 with a truncated
 * image, which this catches before the image replaces anything.
 */
static int image_complete(const char *path, ec_plot_format fmt)
{
    char tail[64];
    FILE *fp = fopen(path, "rb");
    if (!fp) return 0;
    size_t n = 0;
    if (fseek(fp, 0, SEEK_END) == 0) {
        long size = ftell(fp);
        long from = size > (long)sizeof tail ? size - (long)sizeof tail : 0;
        if (size > 0 && fseek(fp, from, SEEK_SET) == 0) n = fread(tail, 1, sizeof tail, fp);
    }
    fclose(fp);
    if (fmt == EC_PLOT_PNG) {
        static const char iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', '\xAE', '\x42', '\x60', '\x82'};
        return n >= 12 && memcmp(tail + n - 12, iend, 12) == 0;
    }
    while (n && (tail[n - 1] == '\n' || tail[n - 1] == '\r' || tail[n - 1] == ' ')) n--;
    const char *end = fmt == EC_PLOT_SVG ? "</svg>" : "%%EOF";
    size_t k = strlen(end);
    return n >= k && memcmp(tail + n - k, end, k) == 0;
}

/*
 * Starts gnuplot reading its script from *gp, with its stderr in errpath and LC_ALL=C.UTF-8 (the scripts are
 * UTF-8, Greek letters and the minus sign: in another locale gnuplot warns, and a warning counts as a
 * failure). posix_spawnp rather than popen: no shell (TMPDIR needs no quoting), and the child's pid, which
 * the signal handler kills and waits for before it removes the temporary image (cli_child_register). 0, or
 * the errno (ENOENT: gnuplot is not on PATH).
 */
static int spawn_gnuplot(const char *errpath, FILE **gp, pid_t *pid)
{
    size_t n = 0;
    while (environ[n]) n++;
    char **env = malloc((n + 2) * sizeof *env);
    if (!env) return ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "LC_ALL=", 7) != 0) env[k++] = environ[i];
    env[k++] = (char *)"LC_ALL=C.UTF-8";
    env[k] = NULL;
    int fds[2];
    if (pipe(fds) != 0) {
        int e = errno;
        free(env);
        return e;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    posix_spawn_file_actions_addopen(&fa, 2, errpath, O_WRONLY | O_TRUNC, 0600);
    char *argv[] = {(char *)"gnuplot", NULL};
    sigset_t held;
    cli_signals_hold(&held); /* the pid is registered before a signal can ask for it */
    int e = posix_spawnp(pid, "gnuplot", &fa, NULL, argv, env);
    if (!e) cli_child_register(*pid);
    cli_signals_release(&held);
    posix_spawn_file_actions_destroy(&fa);
    free(env);
    close(fds[0]);
    if (e) {
        close(fds[1]);
        return e;
    }
    *gp = fdopen(fds[1], "w");
    if (!*gp) { /* gnuplot sees the end of its input at once and draws nothing */
        e = errno;
        close(fds[1]);
        waitpid(*pid, NULL, 0);
        cli_child_register(0);
        return e;
    }
    return 0;
}

/*
 * The saved form of the figure (save_script): PREFIX.NAME.dat files, then PREFIX.gp, PREFIX the image's path as
 * given without its extension (beside the path given, link or not), each written to a temporary file by
 * cli_out_open and not yet renamed (cli_out_commit_all renames them in that order). The script draws to the
 * final image name, not the temporary one, and like its .dat files names it without the folder: it is run from
 * its own folder. 0, or -1 with the message printed and nothing left.
 */
static int saved_script_open(const ec_plot_output *po, const char *output_given, char *prefix, size_t cap,
                             cli_outfile **files, size_t *n)
{
    const char *slash_out = strrchr(output_given, '/');
    ec_error err;
    ec_plot *q = ec_plot_output_build(po, slash_out ? slash_out + 1 : output_given, &err);
    if (!q) {
        cli_error("%s", err.message);
        return -1;
    }
    snprintf(prefix, cap, "%s", output_given);
    char *dot = strrchr(prefix, '.'), *slash = strrchr(prefix, '/');
    if (dot && (!slash || dot > slash)) *dot = '\0';
    size_t nt = ec_plot_n_tables(q);
    cli_outfile *o = calloc(nt + 1, sizeof *o);
    int rc = o ? 0 : -1;
    if (!o) cli_error("out of memory");
    for (size_t i = 0; !rc && i <= nt; i++) {
        char path[1400];
        if (ec_plot_saved_path(q, prefix, i, path, sizeof path) != EC_OK) {
            cli_error("the saved script's files beside '%s' would have names too long; give -o a shorter path", prefix);
            rc = -1;
            break;
        }
        if (cli_out_open(&o[i], path) != 0) {
            rc = -1;
            break;
        }
        /* a failed write leaves the stream's error flag, which cli_out_commit_all reports with its cause */
        int w = i < nt ? ec_plot_write_table(q, i, o[i].fp) : ec_plot_write_saved_script(q, prefix, o[i].fp);
        if (w == EC_ENOMEM) {
            cli_error("out of memory");
            rc = -1;
        }
    }
    ec_plot_free(q);
    if (rc) {
        for (size_t i = 0; o && i <= nt; i++) cli_out_abort(&o[i]);
        free(o);
        return -1;
    }
    *files = o;
    *n = nt + 1;
    return 0;
}

int cli_draw(const ec_plot_output *po)
{
    const char *output_given = po->image;
    int dumb = po->format == EC_PLOT_DUMB;
    /* Through a link to an image the image is replaced, not the link (as for every output). */
    char resolved[1100];
    const char *output = dumb ? "" : cli_out_target(output_given, resolved, sizeof resolved);
    char tmp_img[1100] = "", errfile[1100];
    const char *tmpdir = getenv("TMPDIR");
    snprintf(errfile, sizeof errfile, "%s/effcomp-gnuplot-XXXXXX", tmpdir && tmpdir[0] ? tmpdir : "/tmp");
    if (!dumb) {
        snprintf(tmp_img, sizeof tmp_img, "%s.tmpXXXXXX", output);
        sigset_t held; /* no signal between creating the file and registering it for removal */
        cli_signals_hold(&held);
        int fd = mkstemp(tmp_img), mk_errno = errno;
        if (fd >= 0) cli_temp_register(tmp_img);
        cli_signals_release(&held);
        if (fd < 0) {
            cli_error("cannot write '%s': %s", output, strerror(mk_errno));
            return EXIT_FAILURE_RUN;
        }
        cli_temp_mode(fd, output); /* the image keeps the permissions of the one it replaces */
        close(fd);
    }
    ec_error err;
    ec_plot *p = ec_plot_output_build(po, dumb ? NULL : tmp_img, &err);
    if (!p) {
        cli_error("%s", err.message);
        if (!dumb) remove(tmp_img);
        cli_temp_forget(tmp_img);
        return err.code == EC_ENOMEM ? EXIT_FAILURE_RUN : EXIT_BAD_INPUT;
    }
    int status = EXIT_OK;
    sigset_t held;
    cli_signals_hold(&held);
    int efd = mkstemp(errfile);
    if (efd >= 0) {
        close(efd);
        cli_temp_register(errfile);
    }
    cli_signals_release(&held);
    fflush(stdout);
    void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN); /* a gnuplot that stops reading must not kill us mid-write */
    FILE *gp = NULL;
    pid_t pid = 0;
    int spawn_errno = spawn_gnuplot(efd >= 0 ? errfile : "/dev/null", &gp, &pid);
    int rc = -1, fed = EC_OK;
    if (gp) {
        fed = ec_plot_write_inline(p, gp); /* a failure here means gnuplot stopped reading: it says why */
        if (fclose(gp) != 0 && fed == EC_OK) fed = EC_EIO;
        while (waitpid(pid, &rc, 0) < 0 && errno == EINTR) {
        }
        cli_child_register(0);
    }
    signal(SIGPIPE, old_pipe);
    ec_plot_free(p);
    char gperr[2048] = "";
    if (efd >= 0) {
        FILE *ef = fopen(errfile, "r");
        if (ef) {
            size_t n = fread(gperr, 1, sizeof gperr - 1, ef);
            gperr[n] = '\0';
            fclose(ef);
        }
        remove(errfile);
        cli_temp_forget(errfile);
    }
    int code = rc == -1 ? -1 : (WIFEXITED(rc) ? WEXITSTATUS(rc) : 128 + WTERMSIG(rc));
    /* Killed by a signal (the shell reports 128 + its number): e.g. SIGXFSZ past a file-size limit. */
    int sig = code > 128 && code < 128 + 65 ? code - 128 : 0;
    struct stat st;
    if (!gp && spawn_errno != ENOENT) {
        cli_error("cannot start gnuplot: %s; the numeric results are unaffected", strerror(spawn_errno));
        status = EXIT_FAILURE_RUN;
    } else if (code == 127 || !gp) {
        cli_error("gnuplot not found on PATH: install it (Debian: gnuplot-nox; 'make' does it via "
                  "scripts/install-deps.sh); the numeric results are unaffected");
        status = EXIT_FAILURE_RUN;
    } else if (code != 0 || gperr[0]) {
        /* gnuplot prints warnings and errors on stderr; any of them means the figure is not right. */
        size_t l = strlen(gperr);
        while (l && (gperr[l - 1] == '\n' || gperr[l - 1] == ' ')) gperr[--l] = '\0';
        if (sig && !gperr[0])
            cli_error("gnuplot was ended by signal %d (%s) drawing '%s'", sig, strsignal(sig), dumb ? "the figure" : output);
        else
            cli_error("gnuplot failed (exit status %d): %s", code, gperr[0] ? gperr : "(no message)");
        status = EXIT_FAILURE_RUN;
    } else if (fed != EC_OK) {
        cli_error("gnuplot stopped reading the figure's script before its end (no message)");
        status = EXIT_FAILURE_RUN;
    } else if (!dumb && (stat(tmp_img, &st) != 0 || st.st_size == 0 || !image_complete(tmp_img, po->format))) {
        /* gnuplot exits 0 when its own writes fail: ask the file system why, by writing to the file. */
        int why = cli_write_probe(tmp_img);
        int empty = stat(tmp_img, &st) == 0 && st.st_size == 0;
        cli_error("gnuplot wrote %s for '%s': %s; the previous file, if any, is unchanged", empty ? "no image" : "an incomplete image",
                  output, why ? strerror(why) : "the file system reports no error (cause unknown)");
        status = EXIT_FAILURE_RUN;
    }
    /* The saved script and its data (save_script) are written to temporary files once the image is drawn and
     * renamed just before it, so a failed run leaves the old image, script and data as they were. */
    cli_outfile *side = NULL;
    size_t n_side = 0;
    char prefix[1100] = "";
    if (status == EXIT_OK && po->save_script && !dumb &&
        saved_script_open(po, output_given, prefix, sizeof prefix, &side, &n_side) != 0)
        status = EXIT_FAILURE_RUN;
    if (!dumb) {
        int e = 0;
        /* The image is on disk before it replaces the old one, and the rename once its folder is synced. */
        if (status == EXIT_OK && (e = cli_sync_path(tmp_img)) != 0) {
            cli_error("cannot write '%s': %s", output, strerror(e));
            status = EXIT_FAILURE_RUN;
        }
        if (status == EXIT_OK && n_side && cli_out_commit_all(side, n_side) != 0) status = EXIT_FAILURE_RUN;
        if (status == EXIT_OK && rename(tmp_img, output) != 0) {
            cli_error("cannot write '%s': %s", output, strerror(errno));
            status = EXIT_FAILURE_RUN;
        } else if (status == EXIT_OK && (e = cli_sync_folder_of(output)) != 0) {
            cli_error("wrote '%s', but its folder could not be synced to disk: %s", output, strerror(e));
            status = EXIT_FAILURE_RUN;
        }
        if (status != EXIT_OK) remove(tmp_img);
        else cli_note("wrote %s", output);
        if (status == EXIT_OK && n_side) cli_note("wrote %s.gp and its .dat files", prefix);
        cli_temp_forget(tmp_img);
    }
    for (size_t i = 0; i < n_side; i++) cli_out_abort(&side[i]); /* what is left when the run failed */
    free(side);
    return status;
}

/* Image format from a file name's extension (png, svg, pdf); prints an error and returns -1. */
static int plot_format_of(const char *path, const char *what)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    static const char *const fmts[] = {"png", "svg", "pdf", NULL};
    int fmt = dot && (!slash || dot > slash) ? ec_choice_index(fmts, dot + 1) : -1;
    if (fmt < 0) cli_error("%s: '%s' should end in .png, .svg or .pdf", what, path);
    return fmt;
}

int cli_plot_check(const char *plot_path)
{
    if (!plot_path || !plot_path[0]) return EXIT_OK;
    if (plot_format_of(plot_path, "--plot") < 0) return EXIT_BAD_INPUT;
    char dir[1100];
    const char *slash = strrchr(plot_path, '/');
    if (!slash) snprintf(dir, sizeof dir, ".");
    else snprintf(dir, sizeof dir, "%.*s", slash == plot_path ? 1 : (int)(slash - plot_path), plot_path);
    if (access(dir, W_OK) != 0) {
        cli_error("--plot: cannot write '%s': %s (folder '%s')", plot_path, strerror(errno), dir);
        return EXIT_FAILURE_RUN;
    }
    return EXIT_OK;
}
