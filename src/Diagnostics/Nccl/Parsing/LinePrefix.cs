namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>NCCL's line prefix <c>host:pid:tid [cudaDev]</c> (the bracket is the device, not the rank).</summary>
internal static class LinePrefix
{
    public static bool TryParse(ReadOnlySpan<char> prefix, out ReadOnlySpan<char> host, out int pid)
    {
        host = default;
        pid = 0;
        var colon = prefix.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        host = prefix[..colon];
        if (host.Contains(' ') || host.Length > ScanBudget.MaxTokenChars)
        {
            return false;
        }

        return SpanText.TryLeadingInt(prefix[(colon + 1)..], out pid);
    }
}
