using TorchSharp;

namespace Splitwise.Inference.Formats;

/// <summary>
/// Meta/llama2.c apply RoPE to interleaved pairs (x0,x1),(x2,x3)...; Hugging Face rotates halves
/// (x_j, x_{j+d/2}). Hugging Face's convert_llama_weights_to_hf.py reorders the rows of q_proj and
/// k_proj within each head so that one rotate-half kernel gives the same attention scores:
/// <c>w.view(n_heads, head_dim / 2, 2, dim).transpose(1, 2).reshape(n_heads * head_dim, dim)</c>.
/// Rows never leave their head, so a head-aligned slice maps to the same head in both layouts.
/// </summary>
public static class RotaryPermutation
{
    /// <summary>The interleaved (llama2.c) row that becomes rotate-half (HF) row <paramref name="row"/>.</summary>
    public static long InterleavedRowOf(long row, int headSize)
    {
        long head = row / headSize, within = row % headSize, half = headSize / 2;
        // HF row (t * half + j) holds element t of pair j, i.e. interleaved row 2j + t.
        return head * headSize + 2 * (within % half) + within / half;
    }

    /// <summary>The rotate-half (HF) row that interleaved (llama2.c) row <paramref name="row"/> becomes.</summary>
    public static long RotateHalfRowOf(long row, int headSize)
    {
        long head = row / headSize, within = row % headSize, half = headSize / 2;
        return head * headSize + (within % 2) * half + within / 2;
    }

    /// <summary>Reorders the rows of an interleaved-RoPE projection [heads*headSize, in] for rotate-half RoPE.</summary>
    public static torch.Tensor ToRotateHalf(torch.Tensor weight, int heads)
    {
        long rows = weight.shape[0], columns = weight.shape[1];
        return weight.view(heads, rows / heads / 2, 2, columns).transpose(1, 2).reshape(rows, columns);
    }

    /// <summary>The inverse of <see cref="ToRotateHalf"/>: what llama2.c's export.py does to HF weights.</summary>
    public static torch.Tensor ToInterleaved(torch.Tensor weight, int heads)
    {
        long rows = weight.shape[0], columns = weight.shape[1];
        return weight.view(heads, 2, rows / heads / 2, columns).transpose(1, 2).reshape(rows, columns);
    }
}
