using System.Diagnostics;
using Splitwise.Testbed.Load;

namespace Splitwise.Cli.Load;

/// <summary>
/// Drives a target with a workload. Open loop: each request starts at its arrival time, at most
/// <paramref name="concurrency"/> in flight (a request waits for a slot, and that wait counts in its latency). Closed loop
/// (<paramref name="closed"/>): <paramref name="concurrency"/> workers send back to back, each request's arrival being
/// when its worker sent it (what capacity and external tools such as autocannon measure). A request that runs past
/// <paramref name="timeout"/> is cancelled and counted as a timeout; <paramref name="duration"/> stops new requests.
/// </summary>
public sealed class LoadRunner(ILoadTarget target, PromptText prompts, int concurrency, TimeSpan timeout, bool closed, TimeSpan? duration)
{
    public async Task<List<RequestResult>> Run(IReadOnlyList<LoadRequest> requests, Action<double> progress, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var results = new RequestResult?[requests.Count];
        var done = 0;
        void Finished(RequestResult r)
        {
            results[r.Index] = r;
            progress(Interlocked.Increment(ref done));
        }

        bool TimeLeft() => duration is not { } d || clock.Elapsed < d;
        if (closed)
        {
            var next = -1;
            var workers = Enumerable.Range(0, concurrency).Select(async _ =>
            {
                int i;
                while (TimeLeft() && (i = Interlocked.Increment(ref next)) < requests.Count && !cancellationToken.IsCancellationRequested)
                    Finished(await One(i, requests[i], clock, clock.Elapsed.TotalSeconds, cancellationToken));
            });
            await Task.WhenAll(workers);
        }
        else
        {
            using var slots = new SemaphoreSlim(concurrency);
            var running = new List<Task>();
            for (var i = 0; i < requests.Count && !cancellationToken.IsCancellationRequested; i++)
            {
                var wait = requests[i].ArrivalSeconds - clock.Elapsed.TotalSeconds;
                if (wait > 0)
                    await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken);
                if (!TimeLeft())
                    break;
                var (index, request) = (i, requests[i]);
                running.Add(Task.Run(async () =>
                {
                    await slots.WaitAsync(cancellationToken);
                    try
                    {
                        Finished(await One(index, request, clock, request.ArrivalSeconds, cancellationToken));
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, cancellationToken));
            }

            await Task.WhenAll(running);
        }

        return results.OfType<RequestResult>().ToList();
    }

    private async Task<RequestResult> One(int index, LoadRequest request, Stopwatch clock, double arrival, CancellationToken outer)
    {
        var start = clock.Elapsed.TotalSeconds;
        double? first = null;
        var tokens = 0;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
        cancel.CancelAfter(timeout);
        try
        {
            await foreach (var _ in target.Generate(prompts.Make(request.PromptTokens, index), request.OutputTokens, cancel.Token))
            {
                first ??= clock.Elapsed.TotalSeconds;
                tokens++;
            }

            return new RequestResult(index, request.PromptTokens, request.OutputTokens, arrival, start, first, clock.Elapsed.TotalSeconds, tokens, RequestResult.Ok, null);
        }
        catch (OperationCanceledException) when (!outer.IsCancellationRequested)
        {
            return new RequestResult(index, request.PromptTokens, request.OutputTokens, arrival, start, first, clock.Elapsed.TotalSeconds, tokens, RequestResult.TimedOut, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new RequestResult(index, request.PromptTokens, request.OutputTokens, arrival, start, first, clock.Elapsed.TotalSeconds, tokens, RequestResult.Failed, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
