metadata name = 'Job role assignments'
metadata description = 'Role assignments on one existing Container Apps job (the Function App\'s right to start it).'

import { roleAssignmentType } from 'types.bicep'

// ============== //
//   Parameters   //
// ============== //

@description('Required. Name of the existing job.')
param jobName string

@description('Required. Role assignments to create on the job.')
param roleAssignments roleAssignmentType[]

// ============= //
//   Resources   //
// ============= //

resource job 'Microsoft.App/jobs@2025-07-01' existing = {
  name: jobName
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(job.id, assignment.principalId, assignment.roleDefinitionGuid)
    scope: job
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
