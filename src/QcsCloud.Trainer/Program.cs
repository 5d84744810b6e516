using System.CommandLine;
using QcsCloud.Trainer.Cli;
using QcsCloud.Trainer.Commands.Evaluate;
using QcsCloud.Trainer.Commands.ImportWeights;
using QcsCloud.Trainer.Commands.Explain;
using QcsCloud.Trainer.Commands.Pack;
using QcsCloud.Trainer.Commands.Predict;
using QcsCloud.Trainer.Commands.Synth;
using QcsCloud.Trainer.Commands.Train;

namespace QcsCloud.Trainer;

/// <summary>The <c>qcs</c> entry point: registers the commands, nothing else.</summary>
public static class Program
{
    public static RootCommand CreateRoot(CliServices services)
    {
        var root = new RootCommand("qcs: train, evaluate and run QCS facial expression recognition models")
        {
            TrainCommand.Create(services),
            EvaluateCommand.Create(services),
            PredictCommand.Create(services),
            ImportWeightsCommand.Create(services),
            SynthCommand.Create(services),
            PackCommand.Create(services),
            ExplainCommand.Create(services),
        };
        return root;
    }

    public static async Task<int> Main(string[] args)
    {
        using var stopping = new CancellationTokenSource();
        var registrations = new List<IDisposable>();
        try
        {
            var services = QcsCli.ForProcess(stopping, registrations);
            return await QcsCli.InvokeAsync(CreateRoot(services), args, services);
        }
        finally
        {
            foreach (var r in registrations) r.Dispose();
        }
    }
}
