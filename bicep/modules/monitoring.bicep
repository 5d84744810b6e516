metadata name = 'Monitoring'
metadata description = 'Log Analytics workspace and workspace-based Application Insights with local (key) authentication disabled.'

// ============== //
//   Parameters   //
// ============== //

@description('Required. Name of the Log Analytics workspace.')
param workspaceName string

@description('Required. Name of the Application Insights component.')
param applicationInsightsName string

@description('Required. Location of both resources.')
param location string

@description('Optional. Days the workspace keeps logs.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Optional. Tags of both resources.')
param tags { *: string }?

// ============= //
//   Resources   //
// ============= //

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      // Readers need Azure RBAC, never the workspace key.
      disableLocalAuth: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Telemetry is sent with Entra ID tokens (Monitoring Metrics Publisher), not the instrumentation key.
    DisableLocalAuth: true
  }
}

// =========== //
//   Outputs   //
// =========== //

@description('Resource id of the Log Analytics workspace.')
output workspaceId string = workspace.id

@description('Resource id of the Application Insights component.')
output applicationInsightsId string = applicationInsights.id

@description('Application Insights connection string. An identifier, not a secret: local authentication is disabled, ingestion needs an Entra ID token.')
output applicationInsightsConnectionString string = applicationInsights.properties.ConnectionString
