using Splitwise.Contracts.Errors;
using Splitwise.Inference.Decomposition;

namespace Splitwise.Inference.Tests.Decomposition;

/// <summary>
/// The batching rule without a clock: a lone step runs at once; steps that arrive while a batch runs
/// form the next batch (capped); past the waiting cap the caller gets a typed busy error.
/// </summary>
public sealed class StepBatcherTests
{
    /// <summary>A batch runner the test releases by hand: each batch waits on its own gate.</summary>
    private sealed class GatedRunner
    {
        public List<int[]> Batches { get; } = [];

        public List<TaskCompletionSource> Gates { get; } = [];

        public Task<IReadOnlyList<int>> Run(IReadOnlyList<int> steps)
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (Batches)
            {
                Batches.Add(steps.ToArray());
                Gates.Add(gate);
            }

            return gate.Task.ContinueWith(t =>
            {
                t.GetAwaiter().GetResult();
                return (IReadOnlyList<int>)steps.Select(s => s * 10).ToArray();
            }, TaskScheduler.Default);
        }
    }

    [Fact]
    public async Task A_lone_step_runs_at_once_and_later_arrivals_form_the_next_batch()
    {
        var runner = new GatedRunner();
        var batcher = new StepBatcher<int, int>(runner.Run, maxBatch: 2, maxWaiting: 8);

        var first = batcher.Submit(1);
        Assert.Equal([[1]], runner.Batches);
        var waiting = new[] { batcher.Submit(2), batcher.Submit(3), batcher.Submit(4) };
        Assert.Single(runner.Batches);

        runner.Gates[0].SetResult();
        Assert.Equal(10, await first);
        await WaitForBatches(runner, 2);
        Assert.Equal([2, 3], runner.Batches[1]);
        runner.Gates[1].SetResult();
        await WaitForBatches(runner, 3);
        Assert.Equal([4], runner.Batches[2]);
        runner.Gates[2].SetResult();

        Assert.Equal(new[] { 20, 30, 40 }, await Task.WhenAll(waiting));
        Assert.Equal((3L, 4L, 2), (batcher.Batches, batcher.Steps, batcher.Largest));
    }

    [Fact]
    public async Task Past_the_waiting_cap_the_caller_is_told_busy()
    {
        var runner = new GatedRunner();
        var batcher = new StepBatcher<int, int>(runner.Run, maxBatch: 4, maxWaiting: 2);

        var running = batcher.Submit(1);
        var queued = new[] { batcher.Submit(2), batcher.Submit(3) };

        Assert.Throws<SubBlockBusyException>(() => { _ = batcher.Submit(4); });
        runner.Gates[0].SetResult();
        await running;
        await WaitForBatches(runner, 2);
        runner.Gates[1].SetResult();
        Assert.Equal(new[] { 20, 30 }, await Task.WhenAll(queued));
        Assert.Equal(50, await RunAlone(batcher, runner, 5));
    }

    [Fact]
    public async Task A_failed_batch_fails_its_steps_only()
    {
        var calls = 0;
        var batcher = new StepBatcher<int, int>(steps =>
        {
            calls++;
            return calls == 1
                ? Task.FromException<IReadOnlyList<int>>(new InvalidOperationException("boom"))
                : Task.FromResult<IReadOnlyList<int>>(steps.ToArray());
        }, maxBatch: 4, maxWaiting: 4);

        await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.Submit(1));
        Assert.Equal(2, await batcher.Submit(2));
    }

    private static async Task<int> RunAlone(StepBatcher<int, int> batcher, GatedRunner runner, int step)
    {
        var task = batcher.Submit(step);
        await WaitForBatches(runner, runner.Batches.Count);
        runner.Gates[^1].SetResult();
        return await task;
    }

    /// <summary>The next batch starts on a thread-pool continuation; wait for it by count, not by time.</summary>
    private static async Task WaitForBatches(GatedRunner runner, int count)
    {
        for (var spin = 0; spin < 10_000_000; spin++)
        {
            lock (runner.Batches)
            {
                if (runner.Batches.Count >= count)
                    return;
            }

            await Task.Yield();
        }

        Assert.Fail($"batch {count} never started");
    }
}
