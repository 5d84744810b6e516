metadata name = 'Storage role assignments'
metadata description = 'Data-plane role assignments on an existing storage account.'

import { roleAssignmentType } from 'types.bicep'

// ============== //
//   Parameters   //
// ============== //

@description('Required. Name of the existing storage account.')
param storageAccountName string

@description('Required. Role assignments to create on the account.')
param roleAssignments roleAssignmentType[]

// ============= //
//   Resources   //
// ============= //

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(storageAccount.id, assignment.principalId, assignment.roleDefinitionGuid)
    scope: storageAccount
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
