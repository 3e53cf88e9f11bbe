using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Inference.Codecs;
using Splitwise.Testbed.Cost;
using Splitwise.Testbed.Devices;
using static TorchSharp.torch;

namespace Splitwise.Grains.Tests.SubBlocks;

/// <summary>
/// A sub-block's gathered call (<see cref="ISubBlockGrain.Steps"/>, what a silo's SubBlockCalls sends for concurrent
/// sessions) gives each step what its own call gives, prompts and decode steps mixed, and is charged to the emulated
/// device as one computation.
/// </summary>
[Collection(FabricCollection.Name)]
public class SubBlockStepsTests(FabricCluster fabric)
{
    private const string Model = "batching";

    [Fact]
    public async Task GatheredStepsEqualTheCallsOneByOne()
    {
        await fabric.Plan(Model).SetPlan(PartitionPlans.AllOn(Tier.Edge, TinyModel.Dims, TinyModel.Spec));
        var ffn = fabric.SubBlock(Model, new SubBlockId(0, SubBlockKind.Ffn, 1));
        var inputs = new[] { Rows(1, 1), Rows(3, 2), Rows(1, 3) };
        var gathered = await ffn.Steps(SubBlockKind.Ffn, inputs.Select(x => new SubBlockStepCall(Guid.Empty, 0, x, 0)).ToArray());
        for (var i = 0; i < inputs.Length; i++)
            AssertClose((await ffn.Ffn(inputs[i])).Data, gathered.Data[i]);

        var heads = fabric.SubBlock(Model, new SubBlockId(1, SubBlockKind.AttentionHeads, 2));
        var together = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        var alone = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        int[] promptRows = [4, 2, 5];
        var prompts = promptRows.Select((r, i) => Rows(r, 10 + i)).ToArray();
        var positions = new int[3];
        for (var step = 0; step < 3; step++)
        {
            // Step 0: three prompts; then one new row each (decode), at each session's own position.
            var x = step == 0 ? prompts : [Rows(1, 20 + 3 * step), Rows(1, 21 + 3 * step), Rows(1, 22 + 3 * step)];
            var batch = await heads.Steps(SubBlockKind.AttentionHeads, together.Select((s, i) => new SubBlockStepCall(s, positions[i], x[i], 0)).ToArray());
            for (var i = 0; i < 3; i++)
            {
                AssertClose((await heads.Attend(alone[i], positions[i], x[i])).Data, batch.Data[i]);
                positions[i] += step == 0 ? promptRows[i] : 1;
            }
        }

        foreach (var s in together.Concat(alone))
            await heads.EndSession(s);
        Assert.Equal(0, (await heads.Locate()).Sessions);
        await Assert.ThrowsAsync<InvalidOperationException>(() => ffn.Steps(SubBlockKind.AttentionHeads, [new SubBlockStepCall(Guid.NewGuid(), 0, Rows(1, 1), 0)]));
    }

    [Fact]
    public async Task AGatheredCallIsChargedToTheEmulatedDeviceOnce()
    {
        await fabric.Plan(Model).SetPlan(PartitionPlans.AllOn(Tier.Edge, TinyModel.Dims, TinyModel.Spec));
        var ffn = fabric.SubBlock(Model, new SubBlockId(2, SubBlockKind.Ffn, 0));
        var steps = Enumerable.Range(0, 4).Select(i => new SubBlockStepCall(Guid.Empty, 0, Rows(1, 40 + i), 0)).ToArray();
        await ffn.Steps(SubBlockKind.Ffn, steps); // activation outside the measurement
        var host = new KernelCalibration(100e9, 20e9, 100e9, 10e9, 20e9, 20e9, 0, 10e9, 0, 0);
        var slow = host.HostProfile() with
        {
            Key = "slow",
            MatmulFp32 = Figure.Estimated(5, "GFLOP/s", "test device: 1/20 of the test host"),
            MemoryBandwidth = Figure.Estimated(1, "GB/s", "test device: 1/20 of the test host"),
        };
        fabric.Device.Reset();
        fabric.Device.Stretch = DeviceStretch.For(slow, host);
        try
        {
            Assert.Equal(4, (await ffn.Steps(SubBlockKind.Ffn, steps)).Data.Length);
            Assert.Equal(1, fabric.Device.Recorded.Calls);
        }
        finally
        {
            fabric.Device.Stretch = null;
        }
    }

    private static byte[] Rows(int rows, int seed) => TinyModel.EncodedRows(rows, seed);

    private static void AssertClose(byte[] expected, byte[] actual)
    {
        using var e = ActivationCodecs.Fp32.DecodeToTensor(expected);
        using var a = ActivationCodecs.Fp32.DecodeToTensor(actual);
        Assert.Equal(e.shape, a.shape);
        Assert.True(allclose(e, a, rtol: 1e-5, atol: 1e-5), $"max difference {(e - a).abs().max().item<float>()}");
    }
}
