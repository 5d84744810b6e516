metadata name = 'Storage account'
metadata description = 'The one storage account: dataset, staging, checkpoint, report and Functions deployment containers, with shared-key access off.'

// ============== //
//   Parameters   //
// ============== //

@description('Required. Storage account name: 3-24 lower-case letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Location of the account.')
param location string

@description('Required. Blob containers to create.')
@minLength(1)
param containerNames string[]

@description('Optional. Days deleted blobs and containers can be restored.')
@minValue(1)
@maxValue(365)
param deleteRetentionDays int = 7

@description('Required. Resource id of the Log Analytics workspace that receives the audit logs.')
param workspaceId string

@description('Optional. Tags of the account.')
param tags { *: string }?

// ============= //
//   Resources   //
// ============= //

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    // Identity only: no account keys, no SAS signed with them (docs/architecture.md, "Configuration").
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storageAccount
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
  }
}

// Audit trail: every log category (for blobs: reads, writes, deletes with the caller's identity) to Log Analytics.
resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: blobService
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

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

// =========== //
//   Outputs   //
// =========== //

@description('Storage account name.')
output name string = storageAccount.name

@description('Storage account resource id.')
output resourceId string = storageAccount.id

@description('Blob endpoint, e.g. https://<name>.blob.<suffix>/.')
output blobEndpoint string = storageAccount.properties.primaryEndpoints.blob
