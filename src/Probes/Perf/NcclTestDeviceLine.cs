namespace ControlPlane.Probes.Perf;

/// <summary>Reads "Rank  0 Group  0 Pid   5736 on host device  0 [0000:01:00] NVIDIA GeForce RTX 5090 D".</summary>
internal static class NcclTestDeviceLine
{
    private const string Expected = "'Rank <n> Group <n> Pid <n> on <host> device <n> [<bus id>] <name>'";

    public static NcclTestDevice Parse(string comment, string fileName, int lineNumber)
    {
        var words = ProbeText.Tokens(comment);
        var open = comment.IndexOf('[', StringComparison.Ordinal);
        var close = comment.IndexOf(']', StringComparison.Ordinal);
        if (words.Length < 11
            || words[2] != "Group" || words[4] != "Pid" || words[6] != "on" || words[8] != "device"
            || !ProbeText.TryInt(words[1], out var rank)
            || !ProbeText.TryInt(words[3], out var group)
            || !ProbeText.TryInt(words[5], out var pid)
            || !ProbeText.TryInt(words[9], out var device)
            || open < 0 || close < open)
        {
            throw new ProbeParseException(fileName, lineNumber, Expected, comment);
        }

        var name = comment[(close + 1)..].Trim();
        if (name.Length == 0)
        {
            throw new ProbeParseException(fileName, lineNumber, "the GPU name after the bus id", "");
        }

        return new NcclTestDevice(rank, group, pid, words[7], device, comment[(open + 1)..close], name);
    }
}
