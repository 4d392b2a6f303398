namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>
/// <c>NCCL WARN Cuda failure 101 'invalid device ordinal'</c> (older NCCL omits the number), and the
/// warnings that no network interface matched (<c>Bootstrap : no socket interface found</c>,
/// <c>NET/Socket : No usable listening interface found</c>).
/// </summary>
internal static class NcclWarnParser
{
    private const string CudaFailure = "Cuda failure ";

    public static void Parse(ReadOnlySpan<char> message, ProcessState? process, LineContext line, ScanFacts facts)
    {
        if (process is not null && MnnvlLineParser.ParseWarn(message, process, line))
        {
            return;
        }

        if (!message.StartsWith(CudaFailure, StringComparison.Ordinal))
        {
            if (facts.NoSocketInterfaceEvidence is null
                && (message.Contains("no socket interface found", StringComparison.OrdinalIgnoreCase)
                    || message.Contains("No usable listening interface found", StringComparison.OrdinalIgnoreCase)))
            {
                facts.NoSocketInterfaceEvidence = line.Keep();
            }

            return;
        }

        var rest = message[CudaFailure.Length..];
        int? code = SpanText.TryLeadingInt(rest, out var parsed) ? parsed : null;
        var open = rest.IndexOf('\'');
        var text = open < 0 ? rest[SpanText.LeadingDigits(rest)..] : rest[(open + 1)..];
        var close = text.LastIndexOf('\'');
        text = (close < 0 ? text : text[..close]).Trim();
        facts.AddCudaFailure(process, code, text, line);
    }
}
