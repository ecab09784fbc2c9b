// placeholder: the Connectors module
