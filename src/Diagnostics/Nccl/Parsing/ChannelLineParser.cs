namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary><c>Channel 00/0 : 0[0] -> 1[1] via P2P/CUMEM</c> (also <c>[send] via NET/Socket/0</c>).</summary>
internal static class ChannelLineParser
{
    private const string Via = " via ";

    // A process uses a handful of paths (P2P, SHM, NET, NVLS, CollNet); more are junk lines.
    private const int MaxPathsPerProcess = 32;

    public static void Parse(ReadOnlySpan<char> message, ProcessState? process, LineContext line)
    {
        var at = message.IndexOf(Via, StringComparison.Ordinal);
        if (at < 0 || process is null)
        {
            return;
        }

        var via = ScanBudget.Clip(message[(at + Via.Length)..].Trim());
        if (via.IsEmpty)
        {
            return;
        }

        var use = process.FindChannel(via);
        if (use is null)
        {
            if (process.Channels.Count >= MaxPathsPerProcess
                || !line.Budget.TryTake(128 + ScanBudget.StringCost(via.Length))
                || line.Keep() is not { } first)
            {
                return;
            }

            use = new ChannelUse(via.ToString(), ViaClassifier.Classify(via), first);
            process.Channels.Add(use);
        }

        use.Count++;
        AddPeers(message[..at], use, line.Budget);
    }

    private static void AddPeers(ReadOnlySpan<char> head, ChannelUse use, ScanBudget budget)
    {
        // "Channel 00/0 : 0[0] -> 1[1]" (the bracket is the peer's device)
        var colon = head.IndexOf(" : ", StringComparison.Ordinal);
        var arrow = head.IndexOf("-> ", StringComparison.Ordinal);
        if (colon < 0 || arrow < colon)
        {
            return;
        }

        if (SpanText.TryLeadingInt(head[(colon + 3)..], out var from))
        {
            use.Ranks.Add(from, budget);
        }

        if (SpanText.TryLeadingInt(head[(arrow + 3)..], out var to))
        {
            use.Ranks.Add(to, budget);
        }
    }
}
