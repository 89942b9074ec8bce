$EFFCOMP compare --data $DATA/epoch_chinchilla_svg_extracted_data.csv --forms chinchilla,nope
