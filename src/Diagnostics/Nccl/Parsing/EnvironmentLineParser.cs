namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>
/// <c>NCCL_P2P_DISABLE set by environment to 1</c> (integer parameters end the value with a period) and
/// <c>NCCL_IB_HCA set to mlx5_0</c> (the form NCCL uses for a few string variables).
/// </summary>
internal static class EnvironmentLineParser
{
    private const string ByEnvironment = " set by environment to ";
    private const string SetTo = " set to ";

    // NCCL has a few hundred variables; more distinct names in one process are junk lines.
    private const int MaxSettingsPerProcess = 128;

    public static void Parse(ReadOnlySpan<char> message, ProcessState process, LineContext line)
    {
        var at = message.IndexOf(ByEnvironment, StringComparison.Ordinal);
        var marker = ByEnvironment.Length;
        if (at < 0)
        {
            at = message.IndexOf(SetTo, StringComparison.Ordinal);
            marker = SetTo.Length;
        }

        if (at <= 0)
        {
            return;
        }

        var name = message[..at];
        if (name.Contains(' ') || name.Length > ScanBudget.MaxTokenChars)
        {
            return;
        }

        var value = message[(at + marker)..].Trim();
        if (value.EndsWith('.'))
        {
            value = value[..^1];
        }

        value = ScanBudget.Clip(value);
        var lookup = process.Environment.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.ContainsKey(name) || process.Environment.Count >= MaxSettingsPerProcess
            || !line.Budget.TryTake(96 + ScanBudget.StringCost(name.Length) + ScanBudget.StringCost(value.Length))
            || line.Keep() is not { } evidence)
        {
            return;
        }

        var key = name.ToString();
        process.Environment[key] = new EnvSetting(key, value.ToString(), evidence);
    }
}
