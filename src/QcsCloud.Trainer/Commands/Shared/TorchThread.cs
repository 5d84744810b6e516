namespace QcsCloud.Trainer.Commands.Shared;

/// <summary>
/// Runs a verb's Torch work on one dedicated thread: TorchSharp dispose scopes, <c>no_grad</c> and
/// <c>set_num_threads</c> are per thread, and a long run must not hold a thread-pool thread.
/// </summary>
public static class TorchThread
{
    public static Task<T> RunAsync<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
