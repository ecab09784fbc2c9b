// placeholder: the Pipeline module
