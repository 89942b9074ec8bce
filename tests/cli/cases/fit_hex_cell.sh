$EFFCOMP fit --data tests/data/hex_cell.csv
