namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary><c>NCCL_P2P_DISABLE set by environment to 1</c> (some variables end the value with a period).</summary>
internal static class EnvironmentLineParser
{
    private const string Marker = " set by environment to ";

    public static void Parse(ReadOnlySpan<char> message, ProcessState process, LineContext line)
    {
        var at = message.IndexOf(Marker, StringComparison.Ordinal);
        if (at <= 0)
        {
            return;
        }

        var name = message[..at];
        if (name.Contains(' '))
        {
            return;
        }

        var value = message[(at + Marker.Length)..].Trim();
        if (value.EndsWith('.'))
        {
            value = value[..^1];
        }

        var key = name.ToString();
        if (!process.Environment.ContainsKey(key))
        {
            process.Environment[key] = new EnvSetting(key, value.ToString(), line.ToEvidence());
        }
    }
}
