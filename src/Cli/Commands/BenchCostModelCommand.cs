using System.Globalization;
using Splitwise.Cli.Bench;
using Splitwise.Testbed.Cost;

namespace Splitwise.Cli.Commands;

/// <summary>
/// Fits this machine's kernel calibration to <c>bench kernels</c> and shows how well the cost model predicts what was
/// measured: in sample (fitted on every shape) and cross-validated (fitted on the other shape only), per kernel.
/// </summary>
public sealed class BenchCostModelCommand : ICliCommand
{
    public string Name => "bench costmodel";

    public string Summary => "calibrate the cost model on bench kernels and validate it, predicted vs measured";

    public void Declare(CliSpec spec) => spec
        .Text("kernels", "a saved `bench kernels --json` file instead of measuring")
        .Text("models", "comma-separated shapes (default bundled,gpt2-small)")
        .Text("prefill", "comma-separated prefill lengths (default 64,256)")
        .Text("contexts", "comma-separated decode contexts (default 64 and half the context)")
        .Int("reps", "repetitions per kernel (default 15)", min: 1)
        .Int("warmup", "warm-up repetitions (default 3)", min: 0)
        .Text("out", "write the calibration JSON here")
        .Int("threads", "TorchSharp threads (default: every core)", min: 1)
        .Int("seed", "random weights seed (default 1)")
        .Json();

    public int Run(CliArgs args)
    {
        var threads = BenchOutput.SetThreads(args);
        var seed = args.GetInt("seed", 1);
        var saved = args.Get("kernels");
        var machine = MachineInfo.Current();
        BenchOutput.PrintMethod(
            $"""
             bench costmodel: predicted vs measured time of every kernel of bench kernels ({(saved is null ? "run now, same options as bench kernels" : "read from " + saved)}).
             model: time = overhead + max(matmul FLOPs / P + attention-core FLOPs (q k^T, p v) / Pa, bytes / B), with B = elementwise bandwidth for embedding and layer glue,
               cache bandwidth for calls whose bytes fit the fitted cache size, else memory bandwidth; overhead = per call + per torch op x the kernel's torch ops (counted
               from the code); fitted by least squares on ln(predicted / measured), coordinate descent.
             in sample: fitted on every measured kernel; cross: fitted on the other shape's kernels (and the shape-free weight-stream sweep) only, then predicting this
               shape's (the honest figure). The sweep's rows are fitted, never scored.
             host reference = the fitted matmul and memory rates (the biggest calls are plain GEMMs/GEMVs); carried to a device profile: attention-core and
               elementwise rates relative to them, and the overheads. Cross-check only (not used): {HostProbe.Method}.
             machine: {machine}
             """);

        var measurements = saved is null ? RunKernels(args, seed) : KernelBenchFile.Read(saved);
        var (gemm, stream) = HostProbe.Run(seed);
        Console.WriteLine($"host probes (cross-check only; this machine is shared, load {LoadAverage()}): GEMM {gemm / 1e9:F1} GFLOP/s, copy {stream / 1e9:F1} GB/s");

        var samples = KernelBenchFile.Samples(measurements);
        // The stream sweep is the machine's, not a shape's: it is in every fit and is not itself scored.
        var shapes = measurements.Select(m => m.Model).Where(m => m != StreamSweep.Model).Distinct().ToArray();
        var source = $"splitwise {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))} on {machine}";
        var all = KernelCalibrationFitter.Fit(samples, source);
        var cross = shapes.Length < 2 ? [] : shapes.ToDictionary(s => s, s => KernelCalibrationFitter.Fit(
            samples.Where((_, i) => measurements[i].Model != s).ToArray(), $"cross-validation: fitted without {s}"));
        PrintCalibration("fitted on all", all);
        foreach (var (shape, calibration) in cross)
            PrintCalibration($"fitted without {shape}", calibration);

        var rows = Rows(measurements, all, cross);
        PrintTable(rows);
        var inSample = shapes.ToDictionary(s => s, s => PredictionSummary.Of(rows.Where(r => r.Shape == s).Select(r => (r.InSampleMs, r.MeasuredMs)).ToArray()));
        var crossSummary = cross.Keys.ToDictionary(s => s, s => PredictionSummary.Of(rows.Where(r => r.Shape == s).Select(r => (r.CrossMs!.Value, r.MeasuredMs)).ToArray()));
        var overall = PredictionSummary.Of(rows.Where(r => r.Shape != StreamSweep.Model).Select(r => (r.InSampleMs, r.MeasuredMs)).ToArray());
        Console.WriteLine($"in sample, all: median |error| {overall.MedianAbsError:P1}, {overall.ShareWithin20:P0} within 20%");
        foreach (var s in shapes)
        {
            var line = $"{s}: in sample median |error| {inSample[s].MedianAbsError:P1}, {inSample[s].ShareWithin20:P0} within 20%";
            if (crossSummary.TryGetValue(s, out var c))
                line += $"; cross (fitted on the other shape) median |error| {c.MedianAbsError:P1}, {c.ShareWithin20:P0} within 20%";
            Console.WriteLine(line);
        }

        if (args.Get("out") is { } outPath)
        {
            File.WriteAllText(outPath, KernelCalibrationJson.Write(all));
            Console.WriteLine($"calibration written to {outPath}");
        }

        if (args.Json)
        {
            BenchOutput.PrintJson(new
            {
                bench = "costmodel", machine, threads, kernels_source = saved ?? "run now",
                host_probe = new { gemm_gflops = gemm / 1e9, stream_gbps = stream / 1e9 },
                calibration = all, in_sample_all = overall, in_sample = inSample, cross = crossSummary, rows,
            });
        }

        return 0;
    }

    private static List<CostModelRow> Rows(IReadOnlyList<KernelMeasurement> measurements, KernelCalibration all, IReadOnlyDictionary<string, KernelCalibration> cross)
    {
        var host = CostModel.Host(all);
        return measurements.Select(m => new CostModelRow(m.Model, m.Phase, m.Work.Kind, m.Variant, m.Work.Tokens, m.Work.Keys, m.MsPerCall.Median,
            host.Seconds(m.Work) * 1e3,
            cross.TryGetValue(m.Model, out var c) ? CostModel.Host(c).Seconds(m.Work) * 1e3 : null)).ToList();
    }

    private static void PrintTable(IEnumerable<CostModelRow> rows)
    {
        Console.WriteLine($"{"shape",-11} {"phase",-8} {"kind",-16} {"variant",-26} {"T",5} {"keys",5} {"measured",9} {"in-sample",9} {"err",7} {"cross",9} {"err",7}");
        foreach (var r in rows)
        {
            var crossText = r.CrossMs is { } c ? $"{BenchOutput.F(c),9} {Percent(c, r.MeasuredMs),7}" : $"{"-",9} {"-",7}";
            Console.WriteLine($"{r.Shape,-11} {r.Phase,-8} {r.Kind,-16} {r.Variant,-26} {r.Tokens,5} {r.Keys,5} {BenchOutput.F(r.MeasuredMs),9} " +
                              $"{BenchOutput.F(r.InSampleMs),9} {Percent(r.InSampleMs, r.MeasuredMs),7} {crossText}");
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Percent(double predicted, double measured) =>
        (100 * PredictionSummary.Error(predicted, measured)).ToString("+0;-0", CultureInfo.InvariantCulture) + "%";

    private static void PrintCalibration(string what, KernelCalibration c) =>
        Console.WriteLine($"{what}: matmul {c.MatmulFlopsPerSecond / 1e9:F1} GFLOP/s attention core {c.AttentionFlopsPerSecond / 1e9:F1} GFLOP/s, " +
                          $"memory {c.MemoryBytesPerSecond / 1e9:F1} GB/s cache {c.CacheBytesPerSecond / 1e9:F1} GB/s up to {c.CacheBytes >> 10} KiB, " +
                          $"elementwise {c.ElementwiseBytesPerSecond / 1e9:F1} GB/s; overhead {c.CallOverheadSeconds * 1e6:F2} us per call + {c.OpOverheadSeconds * 1e6:F2} us per torch op");

    private static List<KernelMeasurement> RunKernels(CliArgs args, int seed)
    {
        var reps = args.GetInt("reps", 15);
        var warmup = args.GetInt("warmup", 3);
        if (reps <= 0 || warmup < 0)
            throw new CliUsageException("--reps must be positive and --warmup not negative");
        var all = new List<KernelMeasurement>();
        foreach (var shapeName in BenchModel.ShapeNames(args))
        {
            using var model = BenchModel.RandomGpt2(shapeName, seed);
            var options = new KernelBenchOptions(BenchOutput.IntList(args, "prefill") ?? [64, 256],
                BenchOutput.IntList(args, "contexts") ?? [64, model.Shape.MaxSeqLen / 2], warmup, reps, seed);
            all.AddRange(new KernelBench(shapeName, model.Reader, options).Run(_ => { }));
        }

        all.AddRange(StreamSweep.Run(warmup, reps, seed, _ => { }));

        return all;
    }
}
