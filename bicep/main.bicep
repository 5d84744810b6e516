metadata name = 'QcsCloud'
metadata description = 'Everything QcsCloud runs on in Azure: a data storage account and the Function App\'s own host account, the workflow Function App (Flex Consumption), a registry, monitoring, and a Container Apps environment with a serverless GPU training job and a CPU staging job. Identities and roles, no keys.'

targetScope = 'resourceGroup'

import { builtInRoles as roles, jobOperatorRoleGuid } from 'modules/roles.bicep'

// ============== //
//   Parameters   //
// ============== //

@description('Required. Base name of every resource: 3-12 lower-case letters and digits.')
@minLength(3)
@maxLength(12)
param name string

@description('Optional. Location of every resource. Serverless GPUs exist only in some regions (e.g. swedencentral, westus3, australiaeast).')
param location string = resourceGroup().location

@description('Optional. GPU of the training job\'s serverless workload profile: A100 (NC24-A100, 24 vCPU, 220 GiB) or T4 (NC8as-T4, 8 vCPU, 56 GiB).')
@allowed([
  'A100'
  'T4'
])
param gpu string = 'T4'

@description('Optional. Trainer image by digest, <registryLoginServer>/qcs-trainer@sha256:<digest> (output registryLoginServer; a tag can be moved, so a tag is refused). Null means a placeholder (Docker Hub ubuntu:24.04, exits at once) until the deploy workflow has pushed the first image and redeployed with it.')
param trainerImage string?

@description('Optional. vCPUs per training replica. Defaults to all the GPU profile offers.')
@minValue(1)
@maxValue(24)
param trainJobCpu int?

@description('Optional. Memory per training replica in GiB. Defaults to all the GPU profile offers.')
@minValue(2)
@maxValue(220)
param trainJobMemoryGiB int?

@description('Optional. Hours one training execution may run before Container Apps stops it.')
@minValue(1)
@maxValue(24)
param trainJobTimeoutHours int = 12

@description('Optional. Retries of a failed training replica (each resumes from last.ckpt).')
@minValue(0)
@maxValue(5)
param trainJobRetryLimit int = 1

@description('Optional. Hours one staging (`qcs pack`) execution may run.')
@minValue(1)
@maxValue(24)
param stageJobTimeoutHours int = 2

@description('Optional. Retries of a failed staging replica.')
@minValue(0)
@maxValue(5)
param stageJobRetryLimit int = 1

@description('Optional. Client id of the API\'s Microsoft Entra app registration, which defines the app roles Runs.Submit and Runs.Read (output apiAppRoles). Every API request needs a token for it; null refuses every request (401) until it is named.')
param apiClientId string?

@description('Optional. Server-side cap: training jobs one run may make (Qcs:Limits:MaxJobsPerRun).')
@minValue(1)
@maxValue(1000)
param maxJobsPerRun int = 100

@description('Optional. Server-side cap: the largest maxConcurrentJobs a plan may ask for (Qcs:Limits:MaxConcurrentJobs).')
@minValue(1)
@maxValue(256)
param maxConcurrentJobs int = 16

@description('Optional. Server-side cap: the largest gpuHourBudget a plan may ask for; every plan must state one (Qcs:Limits).')
@minValue(1)
@maxValue(100000)
param maxGpuHourBudget int = 200

@description('Optional. Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Optional. Tags of every resource.')
param tags { *: string }?

// ============= //
//   Variables   //
// ============= //

var suffix = uniqueString(resourceGroup().id, name)

// Serverless GPU profiles: one GPU per replica; the replica may use up to the profile's vCPU and memory.
var gpuProfiles = {
  A100: {
    type: 'Consumption-GPU-NC24-A100'
    cpu: 24
    memoryGiB: 220
  }
  T4: {
    type: 'Consumption-GPU-NC8as-T4'
    cpu: 8
    memoryGiB: 56
  }
}
var gpuProfile = gpuProfiles[gpu]
var gpuProfileName = 'gpu-${toLower(gpu)}'

var trainCpu = trainJobCpu ?? gpuProfile.cpu
var trainMemoryGiB = trainJobMemoryGiB ?? gpuProfile.memoryGiB
var checkedTrainCpu = trainCpu > gpuProfile.cpu
  ? fail('trainJobCpu (${trainCpu}) exceeds the ${gpu} profile\'s ${gpuProfile.cpu} vCPUs per replica')
  : trainCpu
var checkedTrainMemoryGiB = trainMemoryGiB > gpuProfile.memoryGiB
  ? fail('trainJobMemoryGiB (${trainMemoryGiB}) exceeds the ${gpu} profile\'s ${gpuProfile.memoryGiB} GiB per replica')
  : trainMemoryGiB
var checkedName = toLower(name) == name
  ? name
  : fail('name (${name}) must be lower-case: it becomes part of storage and registry names')

// Container names match QcsCloud.Core BlobLayout. Who may read or write each one (README, "Who can do what"): the
// jobs' grants come from QcsCloud.Trainer JobStorageAccess, the app's from QcsCloud.Workflow QcsStorage.RequiredAccess;
// the deployment tests check the two agree. 'write' is Storage Blob Data Contributor, 'read' Storage Blob Data Reader.
var dataContainers = [
  {
    name: 'datasets'
    jobs: 'read'
    app: 'read'
  }
  {
    name: 'staging'
    jobs: 'write'
    app: 'read'
  }
  {
    name: 'checkpoints'
    jobs: 'write'
    app: 'write'
  }
  {
    name: 'reports'
    jobs: 'write'
    app: 'write'
  }
]
var containerNames = [for container in dataContainers: container.name]

// The Functions package lives in the host's own account, which the jobs have no role on: a compromised trainer
// cannot replace the app's code, its host blobs or its Durable Task hub.
var deploymentContainerName = 'app-package'

// Placeholder so the jobs exist before the first trainer image is pushed: a Docker Hub short name (no registry
// host), whose default command (bash, no input) exits at once. deploy.yml pushes the trainer image, then redeploys
// with trainerImage; every later deployment passes the image in use back.
var placeholderImage = 'ubuntu:24.04'
var image = trainerImage ?? placeholderImage
var checkedImage = image == placeholderImage || contains(image, '@sha256:')
  ? image
  : fail('trainerImage (${image}) must name its digest, <registryLoginServer>/qcs-trainer@sha256:<digest>: a tag can be moved')

var storageAccountName = take('st${checkedName}${suffix}', 24)
var hostStorageAccountName = take('stfn${checkedName}${suffix}', 24)
var applicationInsightsName = 'appi-${checkedName}'
var jobContainerName = 'qcs'
var trainJobName = 'job-${checkedName}-train'
var stageJobName = 'job-${checkedName}-stage'

// Built-in role GUIDs: `roles` (modules/roles.bicep, least privilege for each identity), shared with
// bootstrap/deploy-identity.bicep, which lets the deploy identity assign exactly those and the job operator role.

// ============= //
//   Resources   //
// ============= //

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-${checkedName}'
    applicationInsightsName: applicationInsightsName
    location: location
    retentionInDays: logRetentionDays
    tags: tags
  }
}

module storage 'modules/storage-account.bicep' = {
  name: 'storage'
  params: {
    name: storageAccountName
    location: location
    containerNames: containerNames
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module hostStorage 'modules/storage-account.bicep' = {
  name: 'host-storage'
  params: {
    name: hostStorageAccountName
    location: location
    containerNames: [
      deploymentContainerName
    ]
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module jobsIdentity 'modules/managed-identity.bicep' = {
  name: 'jobs-identity'
  params: {
    name: 'id-${checkedName}-jobs'
    location: location
    tags: tags
  }
}

module registry 'modules/container-registry.bicep' = {
  name: 'registry'
  params: {
    name: take('cr${checkedName}${suffix}', 50)
    location: location
    roleAssignments: [
      {
        principalId: jobsIdentity.outputs.principalId
        roleDefinitionGuid: roles.acrPull
        principalType: 'ServicePrincipal'
        description: 'Trainer and staging jobs pull the trainer image.'
      }
    ]
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module environment 'modules/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  params: {
    name: 'cae-${checkedName}'
    location: location
    gpuProfileName: gpuProfileName
    gpuProfileType: gpuProfile.type
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module trainJob 'modules/container-apps-job.bicep' = {
  name: 'train-job'
  params: {
    name: trainJobName
    containerName: jobContainerName
    location: location
    environmentId: environment.outputs.resourceId
    workloadProfileName: gpuProfileName
    identityId: jobsIdentity.outputs.resourceId
    registryServer: registry.outputs.loginServer
    image: checkedImage
    cpu: string(checkedTrainCpu)
    memory: '${checkedTrainMemoryGiB}Gi'
    replicaTimeoutSeconds: trainJobTimeoutHours * 3600
    replicaRetryLimit: trainJobRetryLimit
    env: [
      {
        name: 'AZURE_CLIENT_ID'
        value: jobsIdentity.outputs.clientId
      }
    ]
    tags: tags
  }
  // AcrPull is assigned inside the registry module, so the job (which uses its login server) waits for it.
}

module stageJob 'modules/container-apps-job.bicep' = {
  name: 'stage-job'
  params: {
    name: stageJobName
    containerName: jobContainerName
    location: location
    environmentId: environment.outputs.resourceId
    workloadProfileName: 'Consumption'
    identityId: jobsIdentity.outputs.resourceId
    registryServer: registry.outputs.loginServer
    image: checkedImage
    cpu: '2'
    memory: '4Gi'
    replicaTimeoutSeconds: stageJobTimeoutHours * 3600
    replicaRetryLimit: stageJobRetryLimit
    env: [
      {
        name: 'AZURE_CLIENT_ID'
        value: jobsIdentity.outputs.clientId
      }
    ]
    tags: tags
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    name: 'func-${checkedName}-${suffix}'
    planName: 'plan-${checkedName}'
    location: location
    storageAccountName: hostStorage.outputs.name
    storageBlobEndpoint: hostStorage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    workspaceId: monitoring.outputs.workspaceId
    apiClientId: apiClientId
    // What the workflow binds: QcsCloud.Workflow StorageOptions (Qcs:Storage) and JobLauncherOptions (Qcs:Jobs).
    appSettings: [
      {
        name: 'Qcs__Storage__AccountName'
        value: storage.outputs.name
      }
      {
        name: 'Qcs__Storage__BlobServiceUri'
        value: storage.outputs.blobEndpoint
      }
      {
        name: 'Qcs__Jobs__Kind'
        value: 'ContainerApps'
      }
      {
        name: 'Qcs__Jobs__ContainerApps__TrainJobResourceId'
        value: trainJob.outputs.resourceId
      }
      {
        name: 'Qcs__Jobs__ContainerApps__StageJobResourceId'
        value: stageJob.outputs.resourceId
      }
      {
        // The container the launcher overrides (args, env); an override replaces it whole, hence the image.
        name: 'Qcs__Jobs__ContainerApps__ContainerName'
        value: jobContainerName
      }
      {
        name: 'Qcs__Jobs__ContainerApps__Image'
        value: checkedImage
      }
      {
        // The identity the app calls ARM with: empty = its system-assigned identity, which holds the job operator role.
        name: 'Qcs__Jobs__ContainerApps__ArmManagedIdentityClientId'
        value: ''
      }
      {
        // The jobs' identity, only passed on: overrides must keep AZURE_CLIENT_ID so the trainer's
        // DefaultAzureCredential picks it. The app itself does not have this identity.
        name: 'Qcs__Jobs__ContainerApps__JobsManagedIdentityClientId'
        value: jobsIdentity.outputs.clientId
      }
      // Server-side caps (QcsCloud.Workflow LimitsOptions, Qcs:Limits): refused with a 400 naming the cap.
      {
        name: 'Qcs__Limits__MaxJobsPerRun'
        value: string(maxJobsPerRun)
      }
      {
        name: 'Qcs__Limits__MaxConcurrentJobs'
        value: string(maxConcurrentJobs)
      }
      {
        name: 'Qcs__Limits__MaxGpuHourBudget'
        value: string(maxGpuHourBudget)
      }
      {
        // Every plan states its GPU-hour budget in Azure (also the default there; explicit so the setting is visible).
        name: 'Qcs__Limits__RequireGpuHourBudget'
        value: 'true'
      }
      {
        // The device column of the preview's step-time table (StepCalibration): the GPU profile's kind.
        name: 'Qcs__Limits__Device'
        value: gpu
      }
    ]
    tags: tags
  }
}

// The host's own account: the Functions host, its Durable Task hub (queues, tables, blobs) and the package.
// Ordered after the account through the Function App, which uses its outputs.
module hostStorageRoles 'modules/storage-role-assignments.bicep' = {
  name: 'host-storage-roles'
  params: {
    storageAccountName: hostStorageAccountName
    roleAssignments: [
      {
        principalId: functionApp.outputs.principalId
        roleDefinitionGuid: roles.blobDataContributor
        principalType: 'ServicePrincipal'
        description: 'Functions host and Durable Task blobs (leases, large messages); the deployment package.'
      }
      {
        principalId: functionApp.outputs.principalId
        roleDefinitionGuid: roles.queueDataContributor
        principalType: 'ServicePrincipal'
        description: 'Durable Task queues.'
      }
      {
        principalId: functionApp.outputs.principalId
        roleDefinitionGuid: roles.tableDataContributor
        principalType: 'ServicePrincipal'
        description: 'Durable Task history and instance tables.'
      }
    ]
  }
}

// The data account as a whole: only a user delegation key for the workflow (read-only report links).
module storageRoles 'modules/storage-role-assignments.bicep' = {
  name: 'storage-roles'
  params: {
    storageAccountName: storageAccountName
    roleAssignments: [
      {
        principalId: functionApp.outputs.principalId
        roleDefinitionGuid: roles.blobDelegator
        principalType: 'ServicePrincipal'
        description: 'Workflow signs read-only user delegation SAS links to reports.'
      }
    ]
  }
}

// Per container: jobs read datasets and write staging, checkpoints and reports; the app reads or writes what it needs.
module containerRoles 'modules/blob-container-role-assignments.bicep' = [
  for container in dataContainers: {
    name: 'container-roles-${container.name}'
    params: {
      storageAccountName: storageAccountName
      containerName: container.name
      roleAssignments: [
        {
          principalId: jobsIdentity.outputs.principalId
          roleDefinitionGuid: container.jobs == 'write' ? roles.blobDataContributor : roles.blobDataReader
          principalType: 'ServicePrincipal'
          description: 'Trainer and staging jobs (${container.jobs}).'
        }
        {
          principalId: functionApp.outputs.principalId
          roleDefinitionGuid: container.app == 'write' ? roles.blobDataContributor : roles.blobDataReader
          principalType: 'ServicePrincipal'
          description: 'Workflow (${container.app}).'
        }
      ]
    }
    // Ordered after the containers through the Function App, whose settings name the data account.
  }
]

module insightsRoles 'modules/application-insights-role-assignments.bicep' = {
  name: 'insights-roles'
  params: {
    applicationInsightsName: applicationInsightsName
    roleAssignments: [
      {
        principalId: functionApp.outputs.principalId
        roleDefinitionGuid: roles.metricsPublisher
        principalType: 'ServicePrincipal'
        description: 'Function App telemetry with Entra ID.'
      }
    ]
  }
  // Ordered after monitoring through the Function App, which uses its connection string.
}

// Created once per stack by an Owner (bootstrap/deploy-identity.bicep): the deploy identity may assign it but, having
// no roleDefinitions/write, can neither create nor widen it.
resource jobOperatorRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  name: jobOperatorRoleGuid(resourceGroup().id, checkedName)
}

module jobRoles 'modules/job-role-assignments.bicep' = [
  for jobName in [trainJobName, stageJobName]: {
    name: 'job-roles-${jobName}'
    params: {
      jobName: jobName
      roleAssignments: [
        {
          principalId: functionApp.outputs.principalId
          roleDefinitionGuid: jobOperatorRole.name
          principalType: 'ServicePrincipal'
          description: 'Workflow starts executions, reads their status and stops them.'
        }
      ]
    }
    // The Function App's principal id already orders this after both jobs (its settings name them).
  }
]

// =========== //
//   Outputs   //
// =========== //

@description('Storage account name (az storage blob upload-batch --account-name).')
output storageAccountName string = storage.outputs.name

@description('Name of the Function App\'s own storage account (host, Durable Task hub, package); jobs have no role on it.')
output hostStorageAccountName string = hostStorage.outputs.name

@description('Blob endpoint of the storage account.')
output storageBlobEndpoint string = storage.outputs.blobEndpoint

@description('Registry name (az acr login --name).')
output registryName string = registry.outputs.name

@description('Registry login server; trainer images are <loginServer>/qcs-trainer:<tag>.')
output registryLoginServer string = registry.outputs.loginServer

@description('Function App name.')
output functionAppName string = functionApp.outputs.name

@description('Base URL of the workflow HTTP API.')
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}/api'

@description('Resource id of the GPU training job.')
output trainJobResourceId string = trainJob.outputs.resourceId

@description('Name of the GPU training job.')
output trainJobName string = trainJob.outputs.name

@description('Resource id of the CPU staging job.')
output stageJobResourceId string = stageJob.outputs.resourceId

@description('Name of the CPU staging job.')
output stageJobName string = stageJob.outputs.name

@description('Client id of the jobs\' user-assigned identity (not a secret).')
output jobsIdentityClientId string = jobsIdentity.outputs.clientId

@description('App roles the API\'s app registration must define (apiClientId); the functions check them.')
output apiAppRoles string[] = [
  'Runs.Submit'
  'Runs.Read'
]

@description('GPU workload profile type of the training job.')
output gpuProfileType string = gpuProfile.type

@description('Image the jobs run now; the deploy workflow passes it back on the next deployment so a redeploy never reverts it.')
output trainerImage string = checkedImage
