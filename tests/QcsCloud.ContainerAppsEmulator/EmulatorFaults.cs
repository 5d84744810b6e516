namespace QcsCloud.ContainerAppsEmulator;

/// <summary>
/// Failures the emulator injects, each one a thing ARM or Container Apps really does. Counters are consumed one per
/// matching request, so a test says "the next start fails with 500, after having created the execution".
/// </summary>
public sealed class EmulatorFaults
{
    private readonly object gate = new();

    /// <summary>Status of the next failing starts (500, 429, 503, 409...).</summary>
    public int StartFailureStatus { get; set; } = 500;

    /// <summary>How many next starts answer <see cref="StartFailureStatus"/>.</summary>
    public int StartFailures { get; set; }

    /// <summary>Whether a failing start still created the execution (the answer was lost, not the work).</summary>
    public bool StartFailureCreatesExecution { get; set; }

    /// <summary>A start's execution stays Processing, its operation in progress (202 on its Location), this long.</summary>
    public TimeSpan SlowStart { get; set; }

    /// <summary>Answer a start with 200 <c>{name, id}</c> instead of 202 + Location.</summary>
    public bool StartAnswersOk { get; set; }

    /// <summary>How many next executions are stopped by the platform (SIGTERM, status Stopped) after <see cref="PreemptAfter"/>.</summary>
    public int Preemptions { get; set; }

    public TimeSpan PreemptAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>401 or 403 for every request while set (an expired credential, a missing role assignment).</summary>
    public int? DenyStatus { get; set; }

    /// <summary>Consumes one injected start failure, if any is left.</summary>
    internal bool TakeStartFailure()
    {
        lock (gate)
        {
            if (StartFailures <= 0) return false;
            StartFailures--;
            return true;
        }
    }

    /// <summary>Consumes one injected preemption, if any is left.</summary>
    internal bool TakePreemption()
    {
        lock (gate)
        {
            if (Preemptions <= 0) return false;
            Preemptions--;
            return true;
        }
    }
}
