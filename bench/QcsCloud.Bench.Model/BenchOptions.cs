namespace QcsCloud.Bench.Model;

/// <summary>What to measure. Defaults fit a few minutes of a shared 2-core machine at the paper configuration.</summary>
public sealed record BenchOptions
{
    public int Threads { get; init; } = 2;
    public string Config { get; init; } = "paper";
    public int[] Batches { get; init; } = [8];
    public int[] StepBatches { get; init; } = [8];
    public int Reps { get; init; } = 3;
    public int StepReps { get; init; } = 2;
    public int Warmup { get; init; } = 1;
    public int MemorySteps { get; init; } = 200;
    public string Python { get; init; } = "/usr/bin/python3";
    public bool SkipPyTorch { get; init; }
    public string OutDir { get; init; } = "bench/results";
    public string Name { get; init; } = "model";

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int[] Ints() => Next().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
            o = args[i] switch
            {
                "--threads" => o with { Threads = int.Parse(Next()) },
                "--config" => o with { Config = Next() },
                "--batches" => o with { Batches = Ints() },
                "--step-batches" => o with { StepBatches = Ints() },
                "--reps" => o with { Reps = int.Parse(Next()) },
                "--step-reps" => o with { StepReps = int.Parse(Next()) },
                "--warmup" => o with { Warmup = int.Parse(Next()) },
                "--memory-steps" => o with { MemorySteps = int.Parse(Next()) },
                "--python" => o with { Python = Next() },
                "--no-pytorch" => o with { SkipPyTorch = true },
                "--out" => o with { OutDir = Next() },
                "--name" => o with { Name = Next() },
                _ => throw new ArgumentException($"Unknown option {args[i]} (see bench/QcsCloud.Bench.Model/Program.cs)"),
            };
        }
        if (o.Config is not ("paper" or "tiny")) throw new ArgumentException($"--config must be paper or tiny, got {o.Config}");
        if (o.Threads < 1) throw new ArgumentException($"--threads ({o.Threads}) must be at least 1");
        return o;
    }
}
