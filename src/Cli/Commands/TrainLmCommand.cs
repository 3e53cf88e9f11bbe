using System.Text.Json;
using Splitwise.Inference.Formats;
using Splitwise.Inference.Models.Gpt2;
using Splitwise.Inference.Training;

namespace Splitwise.Cli.Commands;

/// <summary>Trains the bundled byte-level GPT-2 and writes it in Hugging Face layout.</summary>
public sealed class TrainLmCommand : ICliCommand
{
    public string Name => "train-lm";

    public string Summary => "train a byte-level GPT-2";

    public void Declare(CliSpec spec) => spec
        .Text("corpus", "training text (scripts/make-corpus.sh makes one)")
        .Text("out", "output model folder")
        .Text("init", "start from this model folder")
        .Double("minutes", "time budget (default 45)", min: 0)
        .Int("steps", "stop after this many steps instead of the time budget", min: 1)
        .Int("layers", "layers (default 6)", min: 1)
        .Int("heads", "heads (default 8)", min: 1)
        .Int("d-model", "model width (default 256)", min: 1)
        .Int("context", "context length (default 256)", min: 1)
        .Int("batch", "batch size (default 16)", min: 1)
        .Int("seed", "seed (default 1337)")
        .Int("threads", "TorchSharp threads (default: every core)", min: 1);

    public int Run(CliArgs args)
    {
        var corpusPath = args.Get("corpus") ?? throw new CliUsageException("--corpus FILE is required (scripts/make-corpus.sh makes one)");
        var outDir = args.Get("out") ?? throw new CliUsageException("--out DIR is required");
        // --init continues from a saved model (its config wins); the optimiser state starts fresh.
        using var init = args.Get("init") is { } initDir ? new SafetensorsFile(Path.Combine(initDir, "model.safetensors")) : null;
        var config = args.Get("init") is { } dir
            ? Gpt2Config.FromHfJson(File.ReadAllText(Path.Combine(dir, "config.json")))
            : new Gpt2Config(args.GetInt("layers", 6), args.GetInt("heads", 8), args.GetInt("d-model", 256), args.GetInt("context", 256), VocabSize: 256);
        var options = new TrainingOptions
        {
            TimeBudgetMinutes = args.GetDouble("minutes", 45),
            Steps = args.Get("steps") is null ? null : args.GetInt("steps", 0),
            Batch = args.GetInt("batch", 16),
            Context = config.NCtx,
            Seed = args.GetInt("seed", 1337),
        };
        TorchSharp.torch.set_num_threads(args.GetInt("threads", Environment.ProcessorCount));
        TorchSharp.torch.manual_seed(options.Seed);

        var corpus = File.ReadAllBytes(corpusPath);
        Console.WriteLine($"method: byte-level GPT-2 {config}, Adam(0.9, 0.95), lr {options.MaxLr} warm-up {options.WarmupSteps} then cosine to {options.MinLr}, batch {options.Batch}x{options.Context}, grad clip {options.GradClip}; corpus {corpusPath} ({corpus.Length} bytes), last {options.HeldOutFraction:P0} held out");
        using var model = init is null ? Gpt2Model.Random(config, options.Seed) : Gpt2Model.Load(config, init, trainable: true);
        if (init is not null)
            Console.WriteLine($"continuing from {init.Path}");
        var report = CliProgress.Run("train-lm", 1.0, quiet: false, progress => ByteLmTrainer.Train(model, corpus, options, Console.WriteLine, progress));

        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "config.json"), config.ToHfJson());
        var weights = model.Weights.Select(kv => KeyValuePair.Create(kv.Key, (TorchSharp.torch.Tensor)kv.Value));
        SafetensorsWriter.Write(Path.Combine(outDir, "model.safetensors"), weights, TensorDType.F32,
            new Dictionary<string, string> { ["format"] = "pt", ["tokenizer"] = "bytes" });
        var json = JsonSerializer.Serialize(new { config, report, threads = TorchSharp.torch.get_num_threads(), corpus = corpusPath, init = init?.Path });
        File.WriteAllText(Path.Combine(outDir, "training.json"), json);
        Console.WriteLine($"held-out bits per byte: {report.HeldOutBitsPerByte:F4} after {report.Steps} steps in {report.Minutes:F1} min");
        Console.WriteLine(json);
        return 0;
    }
}
