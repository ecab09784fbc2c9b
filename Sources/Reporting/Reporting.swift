// placeholder: the Reporting module
