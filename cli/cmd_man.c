/* cmd_man.c — `effcomp --man`: the man page effcomp(1) in roff, one section
 * per command, made from the same usage functions (and so the same option
 * tables) that `effcomp CMD --help` prints. The build runs it to write
 * effcomp.1 (cmake/EffcompInstall.cmake), so the page and --help cannot
 * drift apart; tests/install/man_check.c checks that every option row of
 * every step type appears in its command's section.
 *
 * Each command's --help text is captured in memory and turned into roff by
 * the shape of its lines, which every usage function shares:
 *   "usage: ..." and the lines indented under it   the synopsis (no fill)
 *   a line at column 0 ending in ':'                a subsection (.SS)
 *   "  -x, --name VALUE   help" and deeper lines    an option (.TP)
 *   other lines indented by two                     an example (no fill)
 *   other lines at column 0                         filled text
 * Every '-' is written as \- (a minus sign that can be copied into a shell),
 * '\\' as \e and a character beyond ASCII as \[uXXXX]; a line that would
 * start with '.' or '\'' gets \& first.
 *
 * The --help text is cli_usage's: the command's usage and, after it, the rows
 * of its option tables that the usage leaves to another command's help
 * ("fit options: as for 'effcomp fit'") or shows as a positional argument
 * (plot's RESULT.json), so that a command's section (and its --help) holds
 * every option the command takes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "cli_command.h"
#include "commands.h"
#include "ec_step.h"
#include "ec_version.h"

/* Writes text with roff's special characters escaped (see the top). */
static void put_roff(FILE *out, const char *s, size_t n)
{
    if (n && (s[0] == '.' || s[0] == '\'')) fputs("\\&", out);
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b == '-') fputs("\\-", out);
        else if (b == '\\') fputs("\\e", out);
        else if (b >= 0xC0 && b < 0xF8) { /* UTF-8 (the usage texts' dashes, Greek letters): groff's \[uXXXX] */
            int more = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;
            unsigned long cp = b & (0x3Fu >> more);
            int k = 0;
            while (k < more && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
                cp = cp << 6 | ((unsigned char)s[++i] & 0x3Fu);
                k++;
            }
            fprintf(out, "\\[u%04lX]", cp);
        } else if (b < 0x80) fputc(b, out);
    }
}

static size_t indent_of(const char *line)
{
    size_t k = 0;
    while (line[k] == ' ') k++;
    return k;
}

enum { M_TEXT, M_USAGE, M_OPTION, M_EXAMPLE };

/* One line of a usage text, given the mode of the lines before it; returns the new mode. */
static int man_line(FILE *out, const char *line, int mode)
{
    size_t len = strlen(line), ind = indent_of(line);
    const char *body = line + ind;
    size_t blen = len - ind;
    if (blen == 0) {
        if (mode == M_USAGE || mode == M_EXAMPLE) fputs(".fi\n", out);
        fputs(".PP\n", out);
        return M_TEXT;
    }
    if (strncmp(line, "usage: ", 7) == 0 || (mode == M_USAGE && ind > 2)) {
        if (mode != M_USAGE) fputs(".nf\n", out);
        put_roff(out, line, len);
        fputc('\n', out);
        return M_USAGE;
    }
    if (mode == M_USAGE || mode == M_EXAMPLE) {
        if (mode == M_EXAMPLE && ind > 2) { /* an example's continuation */
            put_roff(out, line, len);
            fputc('\n', out);
            return M_EXAMPLE;
        }
        fputs(".fi\n", out);
        mode = M_TEXT;
    }
    if (ind == 2 && body[0] == '-') { /* an option: the flag, two or more spaces, the help */
        size_t flen = cli_flag_len(body);
        const char *gap = body[flen] ? body + flen : NULL;
        fputs(".TP\n\\fB", out);
        put_roff(out, body, flen);
        fputs("\\fR\n", out);
        if (gap) {
            gap += indent_of(gap);
            put_roff(out, gap, strlen(gap));
            fputc('\n', out);
        }
        return M_OPTION;
    }
    if (mode == M_OPTION && ind > 2) { /* the help of an option, continued */
        put_roff(out, body, blen);
        fputc('\n', out);
        return M_OPTION;
    }
    if (ind == 0 && body[blen - 1] == ':' && blen < 72) {
        fputs(".SS \"", out);
        put_roff(out, body, blen - 1);
        fputs("\"\n", out);
        return M_TEXT;
    }
    if (ind >= 2) {
        fputs(".nf\n", out);
        put_roff(out, line, len);
        fputc('\n', out);
        return M_EXAMPLE;
    }
    if (mode == M_OPTION) fputs(".PP\n", out);
    put_roff(out, body, blen);
    fputc('\n', out);
    return M_TEXT;
}

/* A usage text (its lines), as roff; the text is left as it was. */
static void man_text(FILE *out, char *text)
{
    int mode = M_TEXT;
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        mode = man_line(out, line, mode);
        if (nl) *nl = '\n'; /* the text is the caller's again */
        line = nl ? nl + 1 : NULL;
    }
    if (mode == M_USAGE || mode == M_EXAMPLE) fputs(".fi\n", out);
}

/* Captures what `effcomp CMD --help` prints (cli_usage). NULL when out of memory. */
static char *capture(const cli_command *c)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f) return NULL;
    cli_usage(c, f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

int cmd_man(FILE *out)
{
    fprintf(out, ".\\\" effcomp(1), written by 'effcomp --man' from the commands' --help; do not edit.\n"
                 ".TH EFFCOMP 1 \"\" \"effcomp %s\" \"User Commands\"\n"
                 ".nh\n"
                 ".SH NAME\n"
                 "effcomp \\- compute\\-efficiency modelling of AI models: scaling\\-law fits with uncertainty\n"
                 ".SH SYNOPSIS\n"
                 ".B effcomp\n"
                 ".I COMMAND\n"
                 "[options]\n"
                 ".br\n"
                 ".B effcomp help\n"
                 ".I COMMAND\n"
                 ".br\n"
                 ".B effcomp\n"
                 "\\-\\-help | \\-\\-version\n"
                 ".SH DESCRIPTION\n"
                 "effcomp fits scaling laws to published training runs and models the compute efficiency of AI "
                 "models: compute\\-optimal allocation, projections of larger models, claims of efficiency, trends, "
                 "Monte Carlo simulations of the frontier and sweeps over scenarios. Every option of a command is a "
                 "row of its option table: it can be given as \\-\\-name value, \\-\\-name=value or \\-\\-set "
                 "name=value, and under the same name in a scenario file (\\fBeffcomp run\\fR).\n"
                 ".SH COMMANDS\n",
            EC_VERSION_STRING);
    for (size_t i = 0; i < cli_command_count(); i++) {
        const cli_command *c = cli_command_at(i);
        fputs(".TP\n\\fB", out);
        put_roff(out, c->name, strlen(c->name));
        fputs("\\fR\n", out);
        for (const char *s = c->summary; *s;) { /* the summary's own line breaks and indents go */
            const char *nl = strchr(s, '\n');
            size_t n = nl ? (size_t)(nl - s) : strlen(s);
            put_roff(out, s, n);
            fputc(nl ? ' ' : '\n', out);
            s += n;
            while (*s == '\n' || *s == ' ') s++;
        }
    }
    for (size_t i = 0; i < cli_command_count(); i++) {
        const cli_command *c = cli_command_at(i);
        char *text = capture(c);
        if (!text) {
            cli_error("--man: out of memory");
            return EXIT_FAILURE_RUN;
        }
        fputs(".SH \"EFFCOMP ", out);
        for (const char *s = c->name; *s; s++) fputc(*s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s, out);
        fputs("\"\n", out);
        man_text(out, text);
        free(text);
    }
    fputs(".SH \"EXIT STATUS\"\n"
          ".TP\n0\nsuccess\n"
          ".TP\n1\nthe run failed (e.g. an output file could not be written)\n"
          ".TP\n2\nbad command line, option value or input data; no result is written\n"
          ".TP\n3\nthe run finished but not as asked (e.g. a fit did not converge); the results are still written\n"
          ".SH \"SEE ALSO\"\n"
          "The user guide (docs/user\\-guide.md), the parameter reference (docs/parameters.md), the methods "
          "(docs/methods.md) and the library API (docs/library.md) in the source tree; pkg\\-config name and "
          "CMake package: effcomp.\n",
          out);
    return EXIT_OK;
}
