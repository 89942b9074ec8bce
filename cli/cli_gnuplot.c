/* cli_gnuplot.c — figures through gnuplot (see cli_gnuplot.h). */
#include "cli_gnuplot.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_util.h"
#include "ec_plot.h"
#include "ec_steps.h"

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
        int fd = mkstemp(tmp_img);
        if (fd < 0) {
            cli_error("cannot write '%s': %s", output, strerror(errno));
            return EXIT_FAILURE_RUN;
        }
        cli_temp_register(tmp_img);
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
    int efd = mkstemp(errfile);
    if (efd >= 0) {
        close(efd);
        cli_temp_register(errfile);
    }
    char cmd[1200];
    /* The scripts are UTF-8 (Greek letters, the minus sign): gnuplot reads them in a UTF-8
     * locale whatever the user's, or it warns (and a warning counts as a failure below). */
    /* errfile comes from TMPDIR: quoted for the shell, a ' written as '\'' */
    size_t at = (size_t)snprintf(cmd, sizeof cmd, "LC_ALL=C.UTF-8 gnuplot 2>'");
    for (const char *c = efd >= 0 ? errfile : "/dev/null"; *c && at + 6 < sizeof cmd; c++) {
        if (*c == '\'') {
            memcpy(cmd + at, "'\\''", 4);
            at += 4;
        } else {
            cmd[at++] = *c;
        }
    }
    snprintf(cmd + at, sizeof cmd - at, "'");
    fflush(stdout);
    void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN); /* a missing gnuplot must not kill us mid-write */
    FILE *gp = popen(cmd, "w");
    int rc = -1;
    if (gp) {
        ec_plot_write_inline(p, gp);
        rc = pclose(gp);
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
    int code = rc == -1 ? -1 : (WIFEXITED(rc) ? WEXITSTATUS(rc) : 128);
    struct stat st;
    if (code == 127 || !gp) {
        cli_error("gnuplot not found on PATH: install it (Debian: gnuplot-nox; 'make' does it via "
                  "scripts/install-deps.sh); the numeric results are unaffected");
        status = EXIT_FAILURE_RUN;
    } else if (code != 0 || gperr[0]) {
        /* gnuplot prints warnings and errors on stderr; any of them means the figure is not right. */
        size_t l = strlen(gperr);
        while (l && (gperr[l - 1] == '\n' || gperr[l - 1] == ' ')) gperr[--l] = '\0';
        cli_error("gnuplot failed (exit status %d): %s", code, gperr[0] ? gperr : "(no message)");
        status = EXIT_FAILURE_RUN;
    } else if (!dumb && (stat(tmp_img, &st) != 0 || st.st_size == 0)) {
        cli_error("gnuplot wrote no image for '%s'", output);
        status = EXIT_FAILURE_RUN;
    }
    if (!dumb) {
        if (status == EXIT_OK && rename(tmp_img, output) != 0) {
            cli_error("cannot write '%s': %s", output, strerror(errno));
            status = EXIT_FAILURE_RUN;
        }
        if (status != EXIT_OK) remove(tmp_img);
        else cli_note("wrote %s", output);
        cli_temp_forget(tmp_img);
    }
    if (status == EXIT_OK && po->save_script && !dumb) {
        /* Saved once the image is drawn, so a failed run leaves earlier scripts alone. The
         * saved script draws to the final name, not the temporary one, and like its .dat
         * files it names it without the folder: it is run from its own folder. */
        const char *slash_out = strrchr(output_given, '/');
        ec_plot *q = ec_plot_output_build(po, slash_out ? slash_out + 1 : output_given, &err);
        char prefix[1100];
        snprintf(prefix, sizeof prefix, "%s", output_given); /* beside the path given, link or not */
        char *dot = strrchr(prefix, '.'), *slash = strrchr(prefix, '/');
        if (dot && (!slash || dot > slash)) *dot = '\0';
        if (!q || ec_plot_save(q, prefix, &err) != EC_OK) {
            cli_error("%s", err.message);
            status = EXIT_FAILURE_RUN;
        } else {
            cli_note("wrote %s.gp and its .dat files", prefix);
        }
        ec_plot_free(q);
    }
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
