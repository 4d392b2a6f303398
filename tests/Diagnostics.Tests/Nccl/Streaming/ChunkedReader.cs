namespace ControlPlane.Diagnostics.Tests.Nccl.Streaming;

/// <summary>A reader over a string that hands out at most a few characters per read, as a pipe or socket may.</summary>
internal sealed class ChunkedReader(string text, int seed, int maxChunk) : TextReader
{
    private readonly Random random = new(seed);
    private int position;

    public override int Peek() => position < text.Length ? text[position] : -1;

    public override int Read() => position < text.Length ? text[position++] : -1;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var n = Math.Min(Math.Min(buffer.Length, random.Next(1, maxChunk + 1)), text.Length - position);
        text.AsSpan(position, n).CopyTo(buffer);
        position += n;
        return n;
    }
}
