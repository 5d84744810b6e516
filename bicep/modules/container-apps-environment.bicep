metadata name = 'Container Apps environment'
metadata description = 'Workload-profile environment with the Consumption profile (staging) and one serverless GPU profile (training); logs go to Azure Monitor, not through a workspace key.'

// ============== //
//   Parameters   //
// ============== //

@description('Required. Name of the environment.')
param name string

@description('Required. Location of the environment. Serverless GPUs exist only in some regions.')
param location string

@description('Required. Workload profile name that the training job refers to.')
param gpuProfileName string

@description('Required. Serverless GPU workload profile type.')
@allowed([
  'Consumption-GPU-NC24-A100'
  'Consumption-GPU-NC8as-T4'
])
param gpuProfileType string

@description('Required. Resource id of the Log Analytics workspace that receives console and system logs.')
param workspaceId string

@description('Optional. Tags of the environment.')
param tags { *: string }?

// ============= //
//   Resources   //
// ============= //

resource environment 'Microsoft.App/managedEnvironments@2025-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    // 'azure-monitor' + a diagnostic setting: no workspace shared key in the template.
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
      {
        // Serverless GPU: scales to zero, billed per second of a running replica.
        name: gpuProfileName
        workloadProfileType: gpuProfileType
      }
    ]
  }
}

resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: environment
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

// =========== //
//   Outputs   //
// =========== //

@description('Resource id of the environment.')
output resourceId string = environment.id

@description('Name of the environment.')
output name string = environment.name
