using System.CommandLine;

namespace Splitwise.ChatSample;

/// <summary>What the sample asks of the fabric: --model, --edge-layers, --codec, --prompt, --tokens.</summary>
public sealed record ChatOptions(string Model, int EdgeLayers, string Codec, string Prompt, int Tokens)
{
    /// <summary>The model the hosts serve when given none (models/kjv-gpt2-6x256).</summary>
    public const string BundledModel = "kjv-gpt2-6x256";

    /// <summary>Adds the sample's options to its command; the returned function reads them from a parse result.</summary>
    public static Func<ParseResult, ChatOptions> Declare(Command command)
    {
        var model = new Option<string>("--model") { Description = "the model the hosts serve", DefaultValueFactory = _ => BundledModel };
        var edgeLayers = NonNegative(new Option<int>("--edge-layers") { Description = "layers on the edge", DefaultValueFactory = _ => 3 });
        // The codec names of src/Inference/Codecs/ActivationCodecs (the sample references the client SDK only).
        var codec = new Option<string>("--codec") { Description = "activation codec across the link", DefaultValueFactory = _ => "int8" };
        codec.AcceptOnlyFromAmong("fp32", "fp16", "int8", "int4");
        var prompt = new Option<string>("--prompt") { Description = "the prompt", DefaultValueFactory = _ => "In the beginning" };
        var tokens = NonNegative(new Option<int>("--tokens") { Description = "tokens to generate", DefaultValueFactory = _ => 24 });
        foreach (var option in new Option[] { model, edgeLayers, codec, prompt, tokens })
            command.Add(option);
        return r => new ChatOptions(r.GetValue(model)!, r.GetValue(edgeLayers), r.GetValue(codec)!, r.GetValue(prompt)!, r.GetValue(tokens));
    }

    private static Option<int> NonNegative(Option<int> option)
    {
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && int.TryParse(r.Tokens[0].Value, out var v) && v < 0)
                r.AddError($"{option.Name} must be >= 0, got {v}");
        });
        return option;
    }
}
