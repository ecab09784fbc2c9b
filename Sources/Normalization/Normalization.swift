// placeholder: the Normalization module
