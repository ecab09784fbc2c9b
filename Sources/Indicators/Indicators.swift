// placeholder: the Indicators module
