# One header for two numeric roles (N and C here: D = C/6N would be 1/6 everywhere) is refused.
$EFFCOMP fit --data data/epoch_chinchilla_svg_extracted_data.csv --columns 'N=Model Size,C=Model Size,L=loss' --starts single
