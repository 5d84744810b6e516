metadata name = 'Blob container role assignments'
metadata description = 'Data-plane role assignments on one existing blob container: the narrowest scope a blob role can have.'

import { roleAssignmentType } from 'types.bicep'

// ============== //
//   Parameters   //
// ============== //

@description('Required. Name of the existing storage account.')
param storageAccountName string

@description('Required. Name of the existing container in its default blob service.')
param containerName string

@description('Required. Role assignments to create on the container.')
param roleAssignments roleAssignmentType[]

// ============= //
//   Resources   //
// ============= //

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource container 'containers' existing = {
      name: containerName
    }
  }
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(storageAccount::blobService::container.id, assignment.principalId, assignment.roleDefinitionGuid)
    scope: storageAccount::blobService::container
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

@description('Resource ids of the role assignments.')
output roleAssignmentIds string[] = [for (assignment, i) in roleAssignments: assignments[i].id]
