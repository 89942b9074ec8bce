#!/usr/bin/env python3
"""bench/csv_gen.py OUT [MEGABYTES] — writes a numeric CSV like Epoch's Chinchilla data.

Columns: Model Size, Training Tokens, Training FLOP, loss (C = 6 N D, loss from the
Chinchilla law with 1% noise), every value printed as Python's shortest round-trip repr,
as the bundled file's values are (e.g. 6795600349.289497, 9.993852799709755e+18). Rows are
written until the file holds MEGABYTES (default 200) times 10^6 bytes. The same seed gives
the same file. Standard library only."""
import random
import sys


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: csv_gen.py OUT [MEGABYTES]")
    target = int(float(sys.argv[2] if len(sys.argv) == 3 else 200) * 1e6)
    rng = random.Random(20240417)
    size = 0
    with open(sys.argv[1], "w", newline="") as fp:
        head = "Model Size,Training Tokens,Training FLOP,loss\n"
        fp.write(head)
        size += len(head)
        lines = []
        while size < target:
            n = 10 ** rng.uniform(7.5, 10.5)
            d = 10 ** rng.uniform(9.0, 12.0)
            c = 6.0 * n * d
            loss = (1.69 + 406.4 / n ** 0.34 + 410.7 / d ** 0.28) * (1.0 + 0.01 * rng.gauss(0.0, 1.0))
            line = "%r,%r,%r,%r\n" % (n, d, c, loss)
            lines.append(line)
            size += len(line)
            if len(lines) == 65536:
                fp.write("".join(lines))
                lines = []
        fp.write("".join(lines))


if __name__ == "__main__":
    main()
