using Splitwise.Inference.Codecs;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// Bytes a codec puts on the wire for a [rows, cols] activation, read off the real encoder (a header, then a fixed
/// number of bytes per row), so the simulator charges exactly what the fabric would send.
/// </summary>
public sealed class CodecSizes
{
    private readonly IActivationCodec _codec;
    private readonly Dictionary<int, (long Header, long PerRow)> _byCols = [];

    /// <exception cref="UnknownCodecException">no codec has that name.</exception>
    public CodecSizes(string codec) => _codec = ActivationCodecs.Get(codec);

    public string Codec => _codec.Name;

    public long Bytes(int rows, int cols)
    {
        if (!_byCols.TryGetValue(cols, out var size))
        {
            var one = _codec.Encode(new float[cols], 1, cols).LongLength;
            var two = _codec.Encode(new float[2 * cols], 2, cols).LongLength;
            size = (one - (two - one), two - one);
            _byCols[cols] = size;
        }

        return size.Header + rows * size.PerRow;
    }
}
