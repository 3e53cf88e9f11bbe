using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Splitwise.Inference.Formats;

/// <summary>
/// Row and column slices of a tensor stored contiguously (row-major) in a memory-mapped file,
/// converted to new fp32 CPU tensors. Shared by every <see cref="ITensorSource"/> over a mapped file.
/// </summary>
internal static unsafe class MappedTensorSlicer
{
    /// <param name="storedRow">
    /// Maps an exposed row to the row in the file, for sources that reorder rows on the fly
    /// (llama2.c q/k projections); null keeps rows as stored, copied as one block.
    /// </param>
    public static torch.Tensor ReadRows(
        MappedFile file, long dataOffset, TensorInfo info, long start, long count, Func<long, long>? storedRow = null)
    {
        if (info.Shape.Length == 0)
            throw new ArgumentException($"tensor '{info.Name}' is a scalar: it has no rows", nameof(info));
        CheckRange(info.Name, "rows", info.Shape[0], start, count);
        long rowLength = info.Shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        var shape = info.Shape.ToArray();
        shape[0] = count;
        var result = torch.empty(shape, torch.ScalarType.Float32);
        if (count == 0 || rowLength == 0) return result;

        float* destination = DataPointer(result);
        int itemSize = Fp32Conversion.ItemSize(info.DType);
        if (storedRow is null)
        {
            byte* source = file.At(dataOffset + start * rowLength * itemSize);
            Fp32Conversion.ToFloat(info.DType, source, destination, count * rowLength);
            return result;
        }
        for (long row = 0; row < count; row++)
        {
            byte* source = file.At(dataOffset + storedRow(start + row) * rowLength * itemSize);
            Fp32Conversion.ToFloat(info.DType, source, destination + row * rowLength, rowLength);
        }
        return result;
    }

    public static torch.Tensor ReadColumns(
        MappedFile file, long dataOffset, TensorInfo info, long start, long count, Func<long, long>? storedRow = null)
    {
        if (info.Shape.Length != 2)
            throw new ArgumentException(
                $"tensor '{info.Name}' has {info.Shape.Length} dimensions; column slices need exactly 2", nameof(info));
        long rows = info.Shape[0], columns = info.Shape[1];
        CheckRange(info.Name, "columns", columns, start, count);
        var result = torch.empty([rows, count], torch.ScalarType.Float32);
        if (count == 0 || rows == 0) return result;

        float* destination = DataPointer(result);
        int itemSize = Fp32Conversion.ItemSize(info.DType);
        // One short copy per row: only each row's span of the file is touched.
        for (long row = 0; row < rows; row++)
        {
            long fileRow = storedRow?.Invoke(row) ?? row;
            byte* source = file.At(dataOffset + (fileRow * columns + start) * itemSize);
            Fp32Conversion.ToFloat(info.DType, source, destination + row * count, count);
        }
        return result;
    }

    private static void CheckRange(string name, string what, long available, long start, long count)
    {
        if (start < 0 || count < 0 || start > available - count)
            throw new ArgumentOutOfRangeException(
                nameof(start), $"{what} [{start}, {start + count}) of tensor '{name}' are outside [0, {available})");
    }

    /// <summary>
    /// Address of a fresh contiguous fp32 CPU tensor's storage. TorchSharp exposes storage only as an
    /// int-sized span, so the address is taken from a one-element view, which works for any size.
    /// </summary>
    private static float* DataPointer(torch.Tensor tensor)
    {
        using var flat = tensor.view(-1);
        using var first = flat.narrow(0, 0, 1);
        return (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(first.bytes));
    }
}
