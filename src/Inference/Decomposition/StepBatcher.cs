using Splitwise.Contracts.Errors;

namespace Splitwise.Inference.Decomposition;

/// <summary>
/// Continuous batching without a timer: a step submitted while no batch runs starts one at once (a lone
/// session waits for nothing); steps submitted while a batch runs wait, and the next batch takes every
/// step waiting when it starts, up to <see cref="MaxBatch"/>. More than <see cref="MaxWaiting"/> waiting
/// steps is refused with <see cref="SubBlockBusyException"/>, so memory stays bounded. A batch that
/// throws fails each of its steps with that exception; the others run on.
/// </summary>
/// <param name="run">runs one batch; returns one result per step, in order.</param>
/// <param name="between">awaited after a batch's results are set and before the next batch is taken (e.g. a yield to
/// the caller's scheduler, so that calls queued there while the batch ran submit their steps first); null: none.</param>
public sealed class StepBatcher<TStep, TResult>(Func<IReadOnlyList<TStep>, Task<IReadOnlyList<TResult>>> run, int maxBatch, int maxWaiting, Func<Task>? between = null)
{
    private readonly Lock _gate = new();
    private readonly Queue<(TStep Step, TaskCompletionSource<TResult> Done)> _waiting = new();
    private bool _running;

    public int MaxBatch { get; } = maxBatch > 0 ? maxBatch : throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, "at least 1");

    public int MaxWaiting { get; } = maxWaiting >= 0 ? maxWaiting : throw new ArgumentOutOfRangeException(nameof(maxWaiting), maxWaiting, "not negative");

    /// <summary>Batches started so far (counters, not a list: a grain's batcher runs for the life of its activation).</summary>
    public long Batches { get; private set; }

    /// <summary>Steps in the batches started so far.</summary>
    public long Steps { get; private set; }

    /// <summary>The largest batch started so far.</summary>
    public int Largest { get; private set; }

    /// <summary>Several steps at once: they wait together, so a batch starting now takes them all (up to the cap).</summary>
    public Task<TResult>[] SubmitMany(IReadOnlyList<TStep> steps)
    {
        var done = new TaskCompletionSource<TResult>[steps.Count];
        lock (_gate)
        {
            if (_running && _waiting.Count + steps.Count > MaxWaiting)
                throw new SubBlockBusyException($"{_waiting.Count} steps already wait for a batch, {steps.Count} more would pass the cap of {MaxWaiting}");
            for (var i = 0; i < steps.Count; i++)
            {
                done[i] = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Enqueue((steps[i], done[i]));
            }

            if (_running)
                return done.Select(d => d.Task).ToArray();
            _running = true;
        }

        _ = Drain();
        return done.Select(d => d.Task).ToArray();
    }

    public Task<TResult> Submit(TStep step)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_running && _waiting.Count >= MaxWaiting)
                throw new SubBlockBusyException($"{_waiting.Count} steps already wait for a batch (cap {MaxWaiting})");
            _waiting.Enqueue((step, done));
            if (_running)
                return done.Task;
            _running = true;
        }

        _ = Drain();
        return done.Task;
    }

    private async Task Drain()
    {
        while (true)
        {
            (TStep Step, TaskCompletionSource<TResult> Done)[] batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _running = false;
                    return;
                }

                batch = new (TStep, TaskCompletionSource<TResult>)[Math.Min(MaxBatch, _waiting.Count)];
                for (var i = 0; i < batch.Length; i++)
                    batch[i] = _waiting.Dequeue();
                Batches++;
                Steps += batch.Length;
                Largest = Math.Max(Largest, batch.Length);
            }

            try
            {
                var results = await run(batch.Select(b => b.Step).ToArray());
                if (results.Count != batch.Length)
                    throw new InvalidOperationException($"a batch of {batch.Length} steps returned {results.Count} results");
                for (var i = 0; i < batch.Length; i++)
                    batch[i].Done.SetResult(results[i]);
            }
            catch (Exception e)
            {
                foreach (var b in batch)
                    b.Done.TrySetException(e);
            }

            if (between is not null)
                await between();
        }
    }
}
