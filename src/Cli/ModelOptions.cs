using Splitwise.Contracts;
using Splitwise.Inference.Models;

namespace Splitwise.Cli;

/// <summary>The options every model-using command shares: --model, --tokenizer, --threads, --granularity.</summary>
public static class ModelOptions
{
    public static void Declare(CliSpec spec) => spec
        .Text("model", "model folder (default: the bundled model)")
        .Text("tokenizer", "tokenizer folder (default: the model's)")
        .Int("threads", "TorchSharp threads (default: every core)", min: 1)
        .Int("head-groups", "attention head groups per layer (default 4)", min: 1)
        .Int("ffn-slices", "FFN slices per layer (default 4)", min: 1)
        .Flag("split-ffn", "split the FFN's up and down projections into separate sub-blocks");

    public static LoadedModel Open(CliArgs args)
    {
        TorchSharp.torch.set_num_threads(args.GetInt("threads", Environment.ProcessorCount));
        return ModelLoader.Open(args.Get("model") ?? ModelLoader.LocateBundled(), args.Get("tokenizer"));
    }

    /// <summary>"--head-groups G --ffn-slices S [--split-ffn]"; defaults to the fabric's 4 and 4.</summary>
    public static DecompositionSpec Spec(CliArgs args, TransformerShape shape)
    {
        var groups = args.GetInt("head-groups", Math.Min(4, shape.NKvHead));
        var spec = DecompositionSpec.WithHeadGroups(shape.NKvHead, groups, args.GetInt("ffn-slices", 4), args.Has("split-ffn"));
        spec.Validate(shape.NKvHead, shape.DFf);
        return spec;
    }
}
