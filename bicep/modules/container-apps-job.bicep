metadata name = 'Container Apps job'
metadata description = 'A Manual-trigger job running the trainer image (`qcs`). The workflow starts one execution per job spec and overrides the container\'s args and env; the template holds the defaults.'

// ============== //
//   Parameters   //
// ============== //

@description('Required. Name of the job: 2-32 lower-case letters, digits and \'-\'.')
@minLength(2)
@maxLength(32)
param name string

@description('Required. Name of the container; the workflow\'s execution overrides refer to it.')
param containerName string

@description('Required. Location of the job.')
param location string

@description('Required. Resource id of the Container Apps environment.')
param environmentId string

@description('Required. Workload profile that runs the replicas: \'Consumption\' or the environment\'s GPU profile.')
param workloadProfileName string

@description('Required. Resource id of the user-assigned identity used for registry pulls and blob access.')
param identityId string

@description('Required. Login server of the registry pulled with that identity.')
param registryServer string

@description('Required. Container image.')
param image string

@description('Required. vCPUs per replica, as a decimal string (\'0.5\', \'4\', \'24\').')
param cpu string

@description('Required. Memory per replica, e.g. \'8Gi\'.')
param memory string

@description('Required. Seconds an execution may run before it is stopped.')
@minValue(60)
@maxValue(86400)
param replicaTimeoutSeconds int

@description('Required. Times a failed replica is retried. The trainer resumes from last.ckpt, so a retry continues.')
@minValue(0)
@maxValue(10)
param replicaRetryLimit int

@description('Optional. Environment variables of the container (names and plain values only; no secrets).')
param env { name: string, value: string }[] = []

@description('Optional. Tags of the job.')
param tags { *: string }?

// ============= //
//   Resources   //
// ============= //

resource job 'Microsoft.App/jobs@2025-07-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: workloadProfileName
    configuration: {
      triggerType: 'Manual'
      replicaTimeout: replicaTimeoutSeconds
      replicaRetryLimit: replicaRetryLimit
      manualTriggerConfig: {
        // One replica per execution: the workflow starts one execution per training job.
        parallelism: 1
        replicaCompletionCount: 1
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: containerName
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: env
        }
      ]
    }
  }
}

// =========== //
//   Outputs   //
// =========== //

@description('Resource id of the job (the workflow POSTs {id}/start).')
output resourceId string = job.id

@description('Name of the job.')
output name string = job.name
