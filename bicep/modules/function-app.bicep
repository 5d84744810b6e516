metadata name = 'Function App (Flex Consumption)'
metadata description = 'The workflow host: .NET isolated on Flex Consumption, system-assigned identity, identity-based host storage and deployment container, no keys in settings.'

// ============== //
//   Parameters   //
// ============== //

@description('Required. Name of the Function App (globally unique host name).')
param name string

@description('Required. Name of the Flex Consumption plan.')
param planName string

@description('Required. Location of the plan and the app.')
param location string

@description('Required. Name of the storage account used as AzureWebJobsStorage (Durable Task hub) through the app\'s identity.')
param storageAccountName string

@description('Required. Blob endpoint of that account, ending in \'/\'.')
param storageBlobEndpoint string

@description('Required. Container that receives the deployment package.')
param deploymentContainerName string

@description('Required. Application Insights connection string (an identifier; ingestion is Entra ID authenticated).')
param applicationInsightsConnectionString string

@description('Optional. .NET version of the isolated worker.')
@allowed([
  '8.0'
  '9.0'
  '10.0'
])
param dotnetVersion string = '10.0'

@description('Optional. Highest number of instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Optional. Memory of one instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Required. Resource id of the Log Analytics workspace that receives the audit logs.')
param workspaceId string

@description('Optional. Client id of the API\'s Microsoft Entra app registration (app roles Runs.Submit, Runs.Read). Every request must carry a token for it; null leaves no identity provider, so every request is refused (401) until one is named.')
param apiClientId string?

@description('Optional. Application settings of the workflow, added to the host settings. Names and plain values only; no secrets.')
param appSettings { name: string, value: string }[] = []

@description('Optional. Tags of the plan and the app.')
param tags { *: string }?

// ============= //
//   Variables   //
// ============= //

var hostSettings = [
  // Identity-based host storage: the account name only, no connection string, no key.
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storageAccountName
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: applicationInsightsConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'Authorization=AAD'
  }
]

// ============= //
//   Resources   //
// ============= //

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // Flex Consumption: no FUNCTIONS_WORKER_RUNTIME, WEBSITE_RUN_FROM_PACKAGE or content-share settings.
      appSettings: concat(hostSettings, appSettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }
}

// Publishing goes through Entra ID (OIDC in the deploy workflow); basic FTP/SCM credentials are off.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// App Service Authentication in front of the API: a caller without a valid Entra ID token for the app registration
// gets 401 before any function runs; the functions check the app roles from X-MS-CLIENT-PRINCIPAL (and still need
// the function key).
resource authentication 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: apiClientId != null
        registration: {
          clientId: apiClientId ?? ''
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: apiClientId == null ? [] : ['api://${apiClientId}', apiClientId!]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}
// Audit trail: every log category (for blobs: reads, writes, deletes with the caller's identity) to Log Analytics.
resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
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

@description('Name of the Function App.')
output name string = site.name

@description('Resource id of the Function App.')
output resourceId string = site.id

@description('Default host name, e.g. <name>.azurewebsites.net.')
output defaultHostName string = site.properties.defaultHostName

@description('Object id of the app\'s system-assigned identity.')
output principalId string = site.identity.principalId
