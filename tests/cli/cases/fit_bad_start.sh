$EFFCOMP fit --data data/epoch_chinchilla_svg_extracted_data.csv --columns "N=Model Size,C=Training FLOP,L=loss" --starts single --start "a=1,b=2"
