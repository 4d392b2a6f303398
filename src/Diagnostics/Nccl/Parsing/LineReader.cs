namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>
/// Splits a <see cref="TextReader"/> into lines as spans over one reused buffer: nothing is
/// allocated per line, and a line longer than the buffer is scanned by its head and the rest
/// skipped (a log with no newline at all still costs one buffer). Line numbers match
/// <see cref="TextReader.ReadLine"/>'s for '\n' and '\r\n' endings.
/// </summary>
internal sealed class LineReader
{
    public const int BufferChars = 64 * 1024;

    private readonly char[] buffer = new char[BufferChars];

    public void Scan(TextReader reader, LogScanner scanner)
    {
        var start = 0;
        var end = 0;
        var skipping = false;
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf('\n');
            if (newline >= 0)
            {
                if (!skipping)
                {
                    scanner.ScanLine(buffer.AsSpan(start, newline));
                }

                skipping = false;
                start += newline + 1;
                continue;
            }

            if (start > 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                // A line longer than the buffer: its head is the line, the rest is skipped up to the next newline.
                if (!skipping)
                {
                    scanner.ScanLine(buffer);
                    skipping = true;
                }

                end = 0;
            }

            var read = reader.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                if (end > 0 && !skipping)
                {
                    scanner.ScanLine(buffer.AsSpan(0, end));
                }

                return;
            }

            end += read;
        }
    }
}
