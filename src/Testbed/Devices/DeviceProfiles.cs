namespace Splitwise.Testbed.Devices;

/// <summary>
/// The emulated devices, one table. None of these devices is attached to this machine: the figures are public numbers
/// (datasheets, benchmarks, papers), each marked peak / effective / estimated with its source, so that every simulated
/// time or joule can be traced back to where it came from. Where a source gives only a peak, the effective value is
/// our estimate (a stated fraction of the peak) and is marked Estimated.
/// </summary>
public static class DeviceProfiles
{
    // Radio: none of the papers' edge devices publishes its modem power, so all edge devices share the LTE power model of
    // Huang et al., "A Close Examination of Performance and Power Characteristics of 4G LTE Networks", MobiSys 2012,
    // doi:10.1145/2307636.2307658: P_up = 438.39 mW/Mbps * t_up + 1288.04 mW, P_down = 51.97 mW/Mbps * t_down + 1288.04 mW.
    // Evaluated at a 5 Mbit/s uplink and a 20 Mbit/s downlink (typical of the 5G/LTE traces in ../shared/data/net) and
    // used as constants: the cost model charges power x time per state, not per bit.
    private static readonly Figure LteTransmit = Figure.Estimated(3.48, "W",
        "Huang et al. MobiSys 2012 LTE model, 1.288 W + 0.438 W/Mbps x 5 Mbit/s uplink");

    private static readonly Figure LteReceive = Figure.Estimated(2.33, "W",
        "Huang et al. MobiSys 2012 LTE model, 1.288 W + 0.052 W/Mbps x 20 Mbit/s downlink");

    private static readonly Figure Wired = Figure.Estimated(0, "W", "cloud server on a wired network: its NIC power is part of idle/active power");

    public static DeviceProfile JetsonOrinNx16 { get; } = new(
        "orin-nx", "NVIDIA Jetson Orin NX 16GB (GPU, MAXN 25 W mode)",
        // Peak: 1024 CUDA cores x 2 FLOP x 918 MHz = 1,880 GFLOP/s (NVIDIA Jetson Orin NX Series Data Sheet, DS-10712-001).
        MatmulFp32: Figure.Estimated(1130, "GFLOP/s", "60% of the 1,880 GFLOP/s peak (1024 CUDA cores x 2 x 918 MHz, NVIDIA DS-10712-001); 60% = our assumption for cuBLAS SGEMM on large matrices"),
        // Peak: 32 Ampere tensor cores x 256 dense FP16 FLOP/clock x 918 MHz = 7,520 GFLOP/s (GA10x tensor core rate, NVIDIA Ampere GA102 whitepaper).
        MatmulFp16: Figure.Estimated(3760, "GFLOP/s", "50% of 7,520 GFLOP/s dense FP16 tensor peak (32 tensor cores x 256 FLOP/clk x 918 MHz; NVIDIA DS-10712-001, GA102 whitepaper); 50% = our assumption"),
        MemoryBandwidth: Figure.Estimated(72, "GB/s", "70% of the 102.4 GB/s peak of 128-bit LPDDR5 (NVIDIA DS-10712-001); 70% = our assumption for a streaming kernel"),
        MemoryCapacity: Figure.Estimated(13, "GiB", "16 GB LPDDR5 shared by CPU and GPU (NVIDIA DS-10712-001) minus ~2 GiB for Linux (L4T) and the CUDA context: our estimate"),
        IdlePower: Figure.Estimated(5, "W", "module + carrier idle; NVIDIA gives only the 10/15/25 W power modes (DS-10712-001): our estimate"),
        ActivePower: Figure.Peak(25, "W", "MAXN power budget of the 16GB module, 25 W (NVIDIA DS-10712-001)"),
        RadioTransmitPower: LteTransmit,
        RadioReceivePower: LteReceive);

    public static DeviceProfile RaspberryPi5 { get; } = new(
        "rpi5", "Raspberry Pi 5 8GB (4x Cortex-A76 2.4 GHz, CPU only)",
        // Peak: 4 cores x 2.4 GHz x 16 FP32 FLOP/clock (two 128-bit NEON FMA pipes, Arm Cortex-A76 Software Optimization Guide) = 153.6 GFLOP/s.
        MatmulFp32: Figure.Estimated(60, "GFLOP/s", "2x the 30.249 GFLOP/s FP64 HPL result of a Pi 5 8GB at 2.4 GHz (github.com/geerlingguy/top500-benchmark/issues/18): NEON does twice the FP32 lanes; peak 153.6"),
        MatmulFp16: Figure.Estimated(60, "GFLOP/s", "same as FP32: FP16 GEMM kernels for Armv8.2 are not what PyTorch/OpenBLAS ship, so FP16 weights are widened to FP32 to multiply (our assumption)"),
        MemoryBandwidth: Figure.Estimated(10, "GB/s", "~60% of the 17.1 GB/s peak of 32-bit LPDDR4X-4267 (Raspberry Pi 5 product brief): our estimate"),
        MemoryCapacity: Figure.Estimated(7, "GiB", "8 GB LPDDR4X (product brief) minus ~1 GiB for Raspberry Pi OS: our estimate"),
        IdlePower: Figure.Effective(3, "W", "wall power of an idle Pi 5 8GB, ~2.7-3.3 W (geerlingguy/sbc-reviews issue 21; CNX Software Pi 5 2GB vs 8GB comparison, 2024)"),
        ActivePower: Figure.Effective(11, "W", "wall power during HPL on all 4 cores, 11 W (github.com/geerlingguy/top500-benchmark/issues/18)"),
        RadioTransmitPower: LteTransmit,
        RadioReceivePower: LteReceive);

    public static DeviceProfile GalaxyS23 { get; } = new(
        "s23", "Samsung Galaxy S23 (Snapdragon 8 Gen 2 for Galaxy, Adreno 740 GPU)",
        // Qualcomm publishes no FLOP rate; public die analyses give Adreno 740 1536 FP32 ALUs at 719 MHz (Galaxy clock): 2,209 GFLOP/s peak.
        MatmulFp32: Figure.Estimated(880, "GFLOP/s", "40% of ~2,209 GFLOP/s (1536 ALUs x 2 x 719 MHz; unofficial Adreno 740 figures, Wikipedia 'Adreno'); 40% = our assumption for a thermally limited phone GPU"),
        MatmulFp16: Figure.Estimated(1770, "GFLOP/s", "40% of ~4,418 GFLOP/s (Adreno FP16 runs at twice the FP32 rate); our assumption as for FP32"),
        MemoryBandwidth: Figure.Estimated(40, "GB/s", "60% of the 67.2 GB/s peak of 64-bit LPDDR5X-8400 (Snapdragon 8 Gen 2 product brief: LPDDR5X up to 4200 MHz): our estimate"),
        MemoryCapacity: Figure.Estimated(4, "GiB", "8 GB LPDDR5X (Samsung S23 spec sheet) of which Android lets one app hold about half before the low-memory killer: our estimate"),
        IdlePower: Figure.Estimated(1, "W", "screen-off, radio-idle phone draws well under 1 W; 1 W covers a screen-on, app-in-foreground idle: our estimate"),
        ActivePower: Figure.Estimated(8, "W", "sustained SoC power of a Snapdragon 8 Gen 2 under GPU load is ~7-9 W in public phone reviews: our estimate, not measured here"),
        RadioTransmitPower: LteTransmit,
        RadioReceivePower: LteReceive);

    public static DeviceProfile CloudA100 { get; } = new(
        "a100", "Cloud server, one NVIDIA A100 80GB SXM (GPU board power only)",
        MatmulFp32: Figure.Estimated(17500, "GFLOP/s", "90% of the 19.5 TFLOP/s FP32 peak (NVIDIA A100 Tensor Core GPU datasheet); 90% = our assumption for cuBLAS SGEMM (TF32 disabled)"),
        MatmulFp16: Figure.Estimated(218000, "GFLOP/s", "70% of the 312 TFLOP/s dense FP16 tensor peak (NVIDIA A100 datasheet); 70% = our assumption for large cuBLAS HGEMM"),
        MemoryBandwidth: Figure.Estimated(1730, "GB/s", "85% of the 2,039 GB/s HBM2e peak (NVIDIA A100 80GB SXM datasheet): our estimate for a streaming kernel"),
        MemoryCapacity: Figure.Estimated(79, "GiB", "80 GiB HBM2e (NVIDIA A100 datasheet) minus ~1 GiB for the CUDA context: our estimate"),
        IdlePower: Figure.Estimated(55, "W", "idle SXM A100 board power as nvidia-smi typically shows (~50-60 W): our estimate; host CPU excluded"),
        ActivePower: Figure.Peak(400, "W", "A100 80GB SXM max TDP 400 W (NVIDIA A100 datasheet); host CPU excluded"),
        RadioTransmitPower: Wired,
        RadioReceivePower: Wired);

    public static IReadOnlyList<DeviceProfile> All { get; } = [JetsonOrinNx16, RaspberryPi5, GalaxyS23, CloudA100];

    public static IReadOnlyList<DeviceProfile> Edge { get; } = [JetsonOrinNx16, RaspberryPi5, GalaxyS23];

    /// <summary>The profile named <paramref name="key"/> (orin-nx, rpi5, s23, a100).</summary>
    /// <exception cref="ArgumentException">no such profile; the message lists the known keys.</exception>
    public static DeviceProfile Get(string key) =>
        All.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown device '{key}'; known: {string.Join(", ", All.Select(p => p.Key))}");
}
