namespace ControlPlane.Diagnostics.Tests.Nccl.Streaming;

/// <summary>
/// A reader that makes its text up as it is read, never holding more than one line: lines come from
/// <paramref name="nextLine"/> (given the line's index) until <paramref name="totalChars"/> characters
/// have been produced, each followed by <paramref name="newline"/>. Every <paramref name="sampleEveryChars"/>
/// characters it forces a collection and records the managed heap, so a test sees what the reader's
/// consumer keeps while it reads.
/// </summary>
internal sealed class GeneratedLogReader(
    Func<long, string> nextLine, long totalChars, long sampleEveryChars, string newline = "\n") : TextReader
{
    private string line = "";
    private int position;
    private long lineIndex;
    private readonly long every = sampleEveryChars;
    private long nextSample = sampleEveryChars;

    public long Produced { get; private set; }

    public long PeakHeapBytes { get; private set; }

    public int Samples { get; private set; }

    public override int Peek() => Produced >= totalChars ? -1 : 0;

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var written = 0;
        while (written < buffer.Length && Produced < totalChars)
        {
            if (position == line.Length)
            {
                line = nextLine(lineIndex++) + newline;
                position = 0;
            }

            var n = (int)Math.Min(Math.Min(buffer.Length - written, line.Length - position), totalChars - Produced);
            line.AsSpan(position, n).CopyTo(buffer[written..]);
            position += n;
            written += n;
            Produced += n;
        }

        if (Produced >= nextSample)
        {
            nextSample += every;
            Samples++;
            PeakHeapBytes = Math.Max(PeakHeapBytes, GC.GetTotalMemory(forceFullCollection: true));
        }

        return written;
    }
}
