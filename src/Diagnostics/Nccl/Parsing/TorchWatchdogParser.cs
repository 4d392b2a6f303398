namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>
/// PyTorch ProcessGroupNCCL lines: <c>Watchdog caught collective operation timeout: WorkNCCL(SeqNum=2,
/// OpType=ALLREDUCE, ..., Timeout(ms)=20000) ran for 20048 milliseconds before timing out.</c> and the
/// per-rank progress <c>last enqueued work: 2, last completed work: 1</c> (or <c>Last enqueued NCCL work: 1</c>).
/// </summary>
internal static class TorchWatchdogParser
{
    private const string Caught = "Watchdog caught collective operation timeout";

    public static void Parse(LineContext line, LogScanner scanner)
    {
        var text = line.Text;
        var work = text.IndexOf("WorkNCCL(", StringComparison.Ordinal);
        if (work >= 0 && text.Contains(Caught, StringComparison.Ordinal))
        {
            scanner.Facts.NcclLines++;
            ParseTimeout(text[work..], line, scanner);
            return;
        }

        if (text.Contains("enqueued", StringComparison.OrdinalIgnoreCase)
            && TryCounter(text, "last enqueued ", out var enqueued))
        {
            scanner.Facts.NcclLines++;
            var process = scanner.ProcessForRank(RankOf(text));
            if (process is null || process.ProgressEvidence is not null)
            {
                return;
            }

            process.LastEnqueued = enqueued;
            process.LastCompleted = TryCounter(text, "last completed ", out var completed) ? completed : null;
            process.ProgressEvidence = line.Keep();
        }
    }

    private static void ParseTimeout(ReadOnlySpan<char> work, LineContext line, LogScanner scanner)
    {
        if (!SpanText.TryLongAfter(work, "SeqNum=", StringComparison.Ordinal, out var seq))
        {
            return;
        }

        var op = SpanText.TokenAfter(work, "OpType=").TrimEnd(',');
        long timeout = SpanText.TryLongAfter(work, "Timeout(ms)=", StringComparison.Ordinal, out var t) ? t : 0;
        long? ranFor = SpanText.TryLongAfter(work, ") ran for ", StringComparison.Ordinal, out var r) ? r : null;
        scanner.Facts.AddWatchdog(scanner.ProcessForRank(RankOf(line.Text)), op, seq, timeout, ranFor, line);
    }

    /// <summary>"last enqueued work: 2" or "Last enqueued NCCL work: 2".</summary>
    private static bool TryCounter(ReadOnlySpan<char> text, string key, out long value)
    {
        value = 0;
        var at = text.IndexOf(key, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return false;
        }

        var rest = text[(at + key.Length)..];
        if (rest.StartsWith("NCCL ", StringComparison.Ordinal))
        {
            rest = rest["NCCL ".Length..];
        }

        return rest.StartsWith("work: ", StringComparison.Ordinal) && SpanText.TryLeadingLong(rest["work: ".Length..], out value);
    }

    /// <summary>"[rank0]:" at the start of the line, else "[Rank 0]" anywhere.</summary>
    private static int? RankOf(ReadOnlySpan<char> text)
    {
        if (text.StartsWith("[rank", StringComparison.Ordinal) && SpanText.TryLeadingInt(text["[rank".Length..], out var rank))
        {
            return rank;
        }

        return SpanText.TryIntAfter(text, "[Rank ", out rank) ? rank : null;
    }
}
