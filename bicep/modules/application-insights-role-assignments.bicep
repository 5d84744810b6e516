metadata name = 'Application Insights role assignments'
metadata description = 'Role assignments on an existing Application Insights component (Monitoring Metrics Publisher: Entra ID telemetry ingestion).'

import { roleAssignmentType } from 'types.bicep'

// ============== //
//   Parameters   //
// ============== //

@description('Required. Name of the existing Application Insights component.')
param applicationInsightsName string

@description('Required. Role assignments to create on the component.')
param roleAssignments roleAssignmentType[]

// ============= //
//   Resources   //
// ============= //

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(applicationInsights.id, assignment.principalId, assignment.roleDefinitionGuid)
    scope: applicationInsights
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
