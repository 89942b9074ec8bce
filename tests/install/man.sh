#!/bin/sh
# The man page effcomp(1) as installed (tests/install/install.sh) against
# the program: man.sh PREFIX MAN_CHECK
# - every command `effcomp --help` lists has its section, and every option
#   its `effcomp help CMD` shows (also those of run, sweep, merge, analyze,
#   report and plot, which parse their own) is in that section;
# - every option row of every step type is there (man_check, from the
#   library's tables);
# - the page is what `effcomp --man` prints now (it cannot be stale);
# - groff, when installed, formats it without a warning.
set -eu
P=$1 CHECK=$2
MAN=$P/share/man/man1/effcomp.1 EC=$P/bin/effcomp
status=0
"$EC" --man | cmp -s - "$MAN" || { echo "man: $MAN is not what 'effcomp --man' prints" >&2; status=1; }
cmds=$("$EC" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ && $1 != "help" { print $1 } /^$/ { on = 0 }')
[ -n "$cmds" ] || { echo "man: no commands in 'effcomp --help'" >&2; exit 1; }
n=0
for c in $cmds; do
    C=$(echo "$c" | tr a-z A-Z)
    sec=$(awk -v h=".SH \"EFFCOMP $C\"" '$0 == h { on = 1; next } on && /^\.SH / { on = 0 } on' "$MAN")
    [ -n "$sec" ] || { echo "man: no section for '$c'" >&2; status=1; continue; }
    for opt in $("$EC" help "$c" | grep -oE '(^|[ ,])--[a-z][a-z0-9-]*' | sed 's/^[ ,]//' | sort -u); do
        roff=$(printf '%s' "$opt" | sed 's/-/\\-/g')
        n=$((n + 1))
        printf '%s\n' "$sec" | grep -qF -- "$roff" || { echo "man: '$c' option $opt is not in its section" >&2; status=1; }
    done
done
"$CHECK" "$MAN" || status=1
if command -v groff >/dev/null 2>&1; then
    w=$(groff -man -ww -z "$MAN" 2>&1) || true
    [ -z "$w" ] || { echo "man: groff: $w" >&2; status=1; }
fi
[ $status -eq 0 ] && echo "man: $(echo "$cmds" | wc -w) commands, $n options of their --help, each in its section"
exit $status
