namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary><c>Channel 00/0 : 0[0] -> 1[1] via P2P/CUMEM</c> (also <c>[send] via NET/Socket/0</c>).</summary>
internal static class ChannelLineParser
{
    private const string Via = " via ";

    public static void Parse(ReadOnlySpan<char> message, ProcessState? process, LineContext line)
    {
        var at = message.IndexOf(Via, StringComparison.Ordinal);
        if (at < 0 || process is null)
        {
            return;
        }

        var via = message[(at + Via.Length)..].Trim();
        if (via.IsEmpty)
        {
            return;
        }

        var use = process.FindChannel(via);
        if (use is null)
        {
            use = new ChannelUse(via.ToString(), ViaClassifier.Classify(via), line.ToEvidence());
            process.Channels.Add(use);
        }

        use.Count++;
        AddPeers(message[..at], use);
    }

    private static void AddPeers(ReadOnlySpan<char> head, ChannelUse use)
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
            use.Ranks.Add(from);
        }

        if (SpanText.TryLeadingInt(head[(arrow + 3)..], out var to))
        {
            use.Ranks.Add(to);
        }
    }
}
