using System.Collections.Concurrent;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;

namespace Splitwise.Grains.Stages;

/// <summary>
/// Where each sub-block of one step ran, as the sub-blocks reported it (<see cref="SubBlockOutput.Tier"/>), gathered
/// from in-place calls and from far stages' replies. The trace is written from this, never from the plan: a sub-block
/// activated on the wrong tier shows where it is.
/// </summary>
public sealed class RanLedger
{
    private readonly ConcurrentDictionary<SubBlockId, Tier> _ran = new();

    public byte[] Add(SubBlockId id, SubBlockOutput output)
    {
        _ran[id] = output.Tier;
        return output.Data;
    }

    public void AddAll(IEnumerable<SubBlockRan>? ran)
    {
        foreach (var r in ran ?? [])
            _ran[r.Id] = r.Tier;
    }

    public IReadOnlyDictionary<SubBlockId, Tier> Tiers => _ran;

    public SubBlockRan[] ToArray() => _ran.Select(kv => new SubBlockRan(kv.Key, kv.Value)).ToArray();
}
