using System.Text.Json.Nodes;
using QcsCloud.ContainerAppsEmulator;

// The emulator as a process (local mode's "Azure-like" launcher): settings from the command line and environment
// (Emulator__Port, Emulator__TrainerCommand, Emulator__Environment__QCS_STORAGE_CONNECTION_STRING, Emulator__Faults__...).
// Prints one JSON line {endpoint, thumbprint, token} (also written to --info-file) and runs until SIGTERM/Ctrl+C.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var options = configuration.GetSection(EmulatorOptions.Section).Get<EmulatorOptions>() ?? new EmulatorOptions();
await using var emulator = new ContainerAppsJobsEmulator(options);
await emulator.StartAsync();
var info = new JsonObject
{
    ["endpoint"] = emulator.Endpoint.AbsoluteUri,
    ["thumbprint"] = emulator.CertificateThumbprint,
    ["token"] = emulator.Token,
    ["trainJobId"] = ContainerAppsJobsEmulator.JobId(options.Jobs[0]),
    ["stageJobId"] = ContainerAppsJobsEmulator.JobId(options.Jobs[^1]),
}.ToJsonString();
Console.WriteLine(info);
if (configuration["info-file"] is { Length: > 0 } file) await File.WriteAllTextAsync(file, info);

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
try { await Task.Delay(Timeout.Infinite, stop.Token); }
catch (OperationCanceledException) { }
return 0;
