$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --form saturating-power --columns "x=Training FLOP,y=loss" --starts file:tests/data/no_such_starts.csv
