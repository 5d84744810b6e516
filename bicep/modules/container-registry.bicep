metadata name = 'Container registry'
metadata description = 'Registry of the trainer image; pulls by managed identity only (admin user and anonymous pull off).'

import { roleAssignmentType } from 'types.bicep'

// ============== //
//   Parameters   //
// ============== //

@description('Required. Registry name: 5-50 letters and digits, globally unique.')
@minLength(5)
@maxLength(50)
param name string

@description('Required. Location of the registry.')
param location string

@description('Optional. Registry SKU.')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param sku string = 'Basic'

@description('Optional. Role assignments on the registry (AcrPull for the jobs\' identity).')
param roleAssignments roleAssignmentType[] = []

@description('Required. Resource id of the Log Analytics workspace that receives the audit logs.')
param workspaceId string

@description('Optional. Tags of the registry.')
param tags { *: string }?

// ============= //
//   Resources   //
// ============= //

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

// Audit trail: every log category (for blobs: reads, writes, deletes with the caller's identity) to Log Analytics.
resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: registry
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

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(registry.id, assignment.principalId, assignment.roleDefinitionGuid)
    scope: registry
    properties: {
      principalId: assignment.principalId
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleDefinitionGuid)
      principalType: assignment.?principalType ?? 'ServicePrincipal'
      description: assignment.?description
    }
  }
]

// =========== //
//   Outputs   //
// =========== //

@description('Registry name.')
output name string = registry.name

@description('Registry resource id.')
output resourceId string = registry.id

@description('Login server of the registry (the host part of its image names).')
output loginServer string = registry.properties.loginServer
