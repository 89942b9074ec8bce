/* man_check.c — every option of every step type appears in its command's
 * section of the man page: man_check effcomp.1
 *
 * The options come from the library's registry (ec_step_type_at, each
 * type's groups and their ec_option_table rows), not from --help, so an
 * option that --help (and so `effcomp --man`) left out is found. A row
 * "drop_highest" must be the heading of an option (`.TP` then a line
 * `\fB\-\-drop\-highest\fR`) in the section that starts `.SH "EFFCOMP FIT"`
 * and ends at the next .SH: a mention in the prose or an example does not
 * count. Prints each missing option and exits 1; exits 0 when every one is
 * there. */
#include <effcomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The text of the section of command `name` (malloc'd), or NULL. */
static char *section(const char *page, const char *name)
{
    char head[128];
    size_t k = (size_t)snprintf(head, sizeof head, ".SH \"EFFCOMP ");
    for (const char *s = name; *s && k + 2 < sizeof head; s++) head[k++] = (char)(*s >= 'a' && *s <= 'z' ? *s - 32 : *s);
    head[k++] = '"';
    head[k] = '\0';
    const char *start = strstr(page, head);
    if (!start || (start != page && start[-1] != '\n')) return NULL;
    const char *end = strstr(start + k, "\n.SH ");
    size_t n = end ? (size_t)(end - start) : strlen(start);
    char *out = malloc(n + 1);
    if (!out) return NULL;
    memcpy(out, start, n);
    out[n] = '\0';
    return out;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: man_check effcomp.1\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    static char page[1 << 20];
    size_t n = fread(page, 1, sizeof page - 1, f);
    fclose(f);
    page[n] = '\0';
    int missing = 0;
    size_t checked = 0;
    for (size_t i = 0; i < ec_step_type_count(); i++) {
        const ec_step_type *t = ec_step_type_at(i);
        char *sec = section(page, t->name);
        if (!sec) {
            fprintf(stderr, "man_check: %s: no section for the step type '%s'\n", argv[1], t->name);
            missing++;
            continue;
        }
        for (size_t g = 0; g < t->n_groups; g++) {
            const ec_option_table *tab = t->groups[g].table();
            for (size_t r = 0; r < tab->n; r++) {
                char flag[256] = "\\-\\-";
                size_t k = strlen(flag);
                for (const char *s = tab->rows[r].name; *s && k + 3 < sizeof flag; s++) {
                    if (*s == '_' || *s == '-') {
                        flag[k++] = '\\';
                        flag[k++] = '-';
                    } else flag[k++] = *s;
                }
                flag[k] = '\0';
                /* The flag as a whole word (followed by neither a letter or digit nor another \-) in the
                 * heading of an option, a line "\fB...\fR" after .TP. */
                int found = 0;
                for (const char *p = strstr(sec, flag); p && !found; p = strstr(p + 1, flag)) {
                    char next = p[k];
                    const char *bol = p;
                    while (bol > sec && bol[-1] != '\n') bol--;
                    found = !((next >= 'a' && next <= 'z') || (next >= '0' && next <= '9') ||
                              (next == '\\' && p[k + 1] == '-')) &&
                            strncmp(bol, "\\fB", 3) == 0 && bol - sec >= 4 && strncmp(bol - 4, ".TP\n", 4) == 0;
                }
                checked++;
                if (!found) {
                    fprintf(stderr, "man_check: %s: option --%s of '%s' (group %s) is not in its section\n", argv[1],
                            tab->rows[r].name, t->name, tab->section);
                    missing++;
                }
            }
        }
        free(sec);
    }
    if (missing) return 1;
    printf("man_check: %zu options of %zu step types, each in its command's section\n", checked,
           ec_step_type_count());
    return 0;
}
