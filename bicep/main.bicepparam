using 'main.bicep'

// Defaults for the deploy workflow; override on the command line, e.g. gpu=A100 trainerImage=<image>.
param name = 'qcscloud'
param gpu = 'T4'
param trainJobTimeoutHours = 12
param trainJobRetryLimit = 1
param tags = {
  project: 'QcsCloud'
}
