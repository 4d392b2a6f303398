using System.Runtime.CompilerServices;

namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>
/// Splits logs into lines and hands each to the parser its cheap prefix check selects. Lines are
/// spans over the caller's text or over <see cref="LineReader"/>'s buffer: nothing is allocated
/// unless a line carries a fact, and nothing but facts outlives its line.
/// </summary>
internal sealed class LogScanner(ScanFacts facts)
{
    /// <summary>Longer lines are scanned by their head only (NCCL's longest, the Trees line, is ~1 kB).</summary>
    public const int MaxLineChars = LineReader.BufferChars;

    private readonly LineReader reader = new();
    private string file = "";
    private int lineNumber;
    private ProcessState? section;
    private ProcessState? lastProcess;

    public ScanFacts Facts { get; } = facts;

    public void BeginFile(string name)
    {
        file = name;
        lineNumber = 0;
        section = null;
        lastProcess = null;
    }

    // Called once per log, so tiering would leave this loop in its on-stack-replacement build.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ScanText(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var newline = text.IndexOf('\n');
            if (newline < 0)
            {
                ScanLine(text);
                return;
            }

            ScanLine(text[..newline]);
            text = text[(newline + 1)..];
        }
    }

    /// <summary>Reads <paramref name="text"/> to its end, one buffer at a time.</summary>
    public void ScanReader(TextReader text) => reader.Scan(text, this);

    public void ScanLine(ReadOnlySpan<char> line)
    {
        lineNumber++;
        if (line.Length > MaxLineChars)
        {
            line = line[..MaxLineChars];
        }

        if (!line.IsEmpty && line[^1] == '\r')
        {
            line = line[..^1];
        }

        if (line.Length < 4)
        {
            return;
        }

        var context = new LineContext(file, lineNumber, line, Facts.Budget);
        if (line[0] == '-' && line.StartsWith("---- rank ", StringComparison.Ordinal))
        {
            BeginSection(line["---- rank ".Length..]);
            return;
        }

        if (line[0] == 'R' && line.StartsWith("RESULT ", StringComparison.Ordinal))
        {
            BenchmarkResultParser.Parse(context, Facts);
            return;
        }

        var tag = FindNcclTag(line);
        if (tag >= 0)
        {
            Facts.NcclLines++;
            var process = ProcessFor(line[..tag]);
            var message = line[(tag + "NCCL INFO ".Length)..];
            switch (line[tag + 5])
            {
                case 'W':
                    NcclWarnParser.Parse(message, process, context, Facts);
                    break;
                case 'T':
                    Facts.TraceLines++;
                    Facts.TraceEvidence ??= context.Keep();
                    break;
                default:
                    NcclInfoParser.Parse(message, process, context, Facts);
                    break;
            }

            return;
        }

        if (line.Contains("NCCL", StringComparison.Ordinal))
        {
            TorchWatchdogParser.Parse(context, this);
            return;
        }

        LauncherLineParser.Parse(context, Facts);
    }

    /// <summary>The process a <c>[rankN]</c> torch line belongs to.</summary>
    public ProcessState? ProcessForRank(int? rank)
    {
        if (section is not null)
        {
            return section;
        }

        return rank is { } r ? Track(Facts.FindOrAddRank(file, r)) : null;
    }

    /// <summary>Index of <c>NCCL INFO </c>, <c>NCCL WARN </c> or <c>NCCL TRACE</c> in the line, or -1.</summary>
    private static int FindNcclTag(ReadOnlySpan<char> line)
    {
        var offset = 0;
        while (true)
        {
            var i = line[offset..].IndexOf("NCCL ", StringComparison.Ordinal);
            if (i < 0)
            {
                return -1;
            }

            i += offset;
            var rest = line[(i + 5)..];
            if (rest.StartsWith("INFO ", StringComparison.Ordinal) || rest.StartsWith("WARN ", StringComparison.Ordinal)
                || rest.StartsWith("TRACE", StringComparison.Ordinal))
            {
                return i;
            }

            offset = i + 5;
        }
    }

    private void BeginSection(ReadOnlySpan<char> rest)
    {
        section = SpanText.TryLeadingInt(rest, out var rank) ? Track(Facts.FindOrAddRank(file, rank)) : null;
        lastProcess = null;
    }

    private ProcessState? ProcessFor(ReadOnlySpan<char> prefix)
    {
        if (section is not null)
        {
            if (section.Host is null && LinePrefix.TryParse(prefix, out var sectionHost, out var sectionPid))
            {
                section.Host = sectionHost.ToString();
                section.Pid = sectionPid;
            }

            return section;
        }

        if (!LinePrefix.TryParse(prefix, out var host, out var pid))
        {
            return null;
        }

        if (lastProcess is not null && lastProcess.Matches(host, pid))
        {
            return lastProcess;
        }

        lastProcess = Track(Facts.FindOrAdd(host, pid));
        return lastProcess;
    }

    private ProcessState? Track(ProcessState? process)
    {
        if (process is not null)
        {
            process.File ??= file;
            process.Files.Add(file);
        }

        return process;
    }
}
