using System.Diagnostics;
using Splitwise.Inference.Evaluation;
using Splitwise.Inference.Models.Gpt2;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Splitwise.Inference.Training;

public sealed record TrainingReport(
    int Steps, double Minutes, double FinalTrainLoss, double HeldOutBitsPerByte, long TrainBytes, long HeldOutBytes);

/// <summary>
/// Trains a byte-vocabulary GPT-2 on a corpus: the last <see cref="TrainingOptions.HeldOutFraction"/>
/// of the bytes is held out (never trained on) and measured at the end in bits per byte.
/// </summary>
public static class ByteLmTrainer
{
    /// <param name="progress">called after each step with the share of the budget (steps or minutes) spent, for a progress bar.</param>
    public static TrainingReport Train(Gpt2Model model, byte[] corpus, TrainingOptions options, Action<string> log, Action<double>? progress = null)
    {
        var (train, heldOut) = CorpusSplit.Split(corpus, options.HeldOutFraction);
        if (train.Length < options.Context + 1 || heldOut.Length < options.Context)
            throw new ArgumentException($"corpus of {corpus.Length} bytes is too small for context {options.Context}");

        var random = new Random((int)options.Seed);
        var parameters = model.Weights.Values.ToList();
        using var optimizer = optim.Adam(parameters, lr: options.MaxLr, beta1: 0.9, beta2: 0.95);
        var clock = Stopwatch.StartNew();
        float loss = float.NaN;
        var step = 0;
        for (; !options.Done(step, clock.Elapsed); step++)
        {
            var lr = options.LearningRate(step, options.Progress(step, clock.Elapsed));
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = lr;
            loss = Step(model, optimizer, parameters, train.Span, options, random);
            progress?.Invoke(options.Steps is { } steps ? (step + 1.0) / steps : clock.Elapsed.TotalMinutes / options.TimeBudgetMinutes);
            if (step % options.EvalEvery == 0)
            {
                var bpb = BitsPerByte.Measure(model, heldOut.Span, options.Context, maxWindows: 16);
                log($"step {step} lr {lr:E2} loss {loss:F4} held-out(16 windows) {bpb:F3} bpb {clock.Elapsed.TotalMinutes:F1} min");
            }
        }

        var minutes = clock.Elapsed.TotalMinutes;
        var heldOutBpb = BitsPerByte.Measure(model, heldOut.Span, options.Context);
        return new TrainingReport(step, minutes, loss, heldOutBpb, train.Length, heldOut.Length);
    }

    private static float Step(
        Gpt2Model model, optim.Optimizer optimizer, IReadOnlyList<TorchSharp.Modules.Parameter> parameters,
        ReadOnlySpan<byte> train, TrainingOptions options, Random random)
    {
        using var scope = NewDisposeScope();
        var (x, y) = Batch(train, options.Batch, options.Context, random);
        optimizer.zero_grad();
        var logits = model.Forward(x);
        var loss = cross_entropy(logits.reshape(-1, logits.shape[^1]), y.reshape(-1));
        loss.backward();
        nn.utils.clip_grad_norm_(parameters, options.GradClip);
        optimizer.step();
        return loss.item<float>();
    }

    private static (Tensor X, Tensor Y) Batch(ReadOnlySpan<byte> train, int batch, int context, Random random)
    {
        var x = new long[batch * context];
        var y = new long[batch * context];
        for (var b = 0; b < batch; b++)
        {
            var start = random.Next(0, train.Length - context - 1);
            for (var i = 0; i < context; i++)
            {
                x[b * context + i] = train[start + i];
                y[b * context + i] = train[start + i + 1];
            }
        }

        return (tensor(x).reshape(batch, context), tensor(y).reshape(batch, context));
    }
}
