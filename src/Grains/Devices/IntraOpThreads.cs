using static TorchSharp.torch;

namespace Splitwise.Grains.Devices;

/// <summary>
/// The intra-op (OpenMP / MKL) thread count of the thread that runs a grain's tensor work. libtorch keeps it
/// per thread, so each thread-pool thread is set once, on its first tensor work here. The fabric's
/// parallelism is its grains: a layer's sub-blocks run concurrently on the thread pool, and an OpenMP team
/// per thread on top of that oversubscribes the cores (team threads spin at barriers while the other
/// sub-blocks wait for a core). On a 2-core machine, `bench fabric --shape gpt2-small --intra-op 2` decoded through
/// the grains at 0.62x of the monolithic forward, `--intra-op 1` at 0.93x (README, Fabric).
/// Side effect: libtorch also takes the count as its default for threads that have not run an op yet.
/// </summary>
public static class IntraOpThreads
{
    [ThreadStatic]
    private static int t_applied;

    public static void ApplyToThisThread(int count)
    {
        if (count <= 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "intra-op threads must be positive");
        if (t_applied == count)
            return;
        set_num_threads(count);
        t_applied = count;
    }
}
