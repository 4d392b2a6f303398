namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>
/// What NCCL's network layer opened: <c>NET/IB : Using [0]mlx5_0:1/IB [1]mlx5_1:1/RoCE [RO]; OOB eth0:10.0.0.1&lt;0&gt;</c>
/// (also <c>NET/IBext_v9</c>), <c>NET/IB : No device found.</c>, <c>NET/Socket : Using [0]eth0:10.0.0.1&lt;0&gt;</c>
/// and <c>Bootstrap: Using eth0:10.0.0.1&lt;0&gt;</c>.
/// </summary>
internal static class NetLineParser
{
    private const string Separator = " : ";

    public static void ParseNet(ReadOnlySpan<char> message, ProcessState process, LineContext line, ScanFacts facts)
    {
        var plugin = message["NET/".Length..];
        var separator = plugin.IndexOf(Separator, StringComparison.Ordinal);
        if (separator < 0)
        {
            return;
        }

        var rest = plugin[(separator + Separator.Length)..];
        plugin = plugin[..separator];
        if (plugin.StartsWith("Socket", StringComparison.Ordinal))
        {
            if (rest.StartsWith("Using ", StringComparison.Ordinal))
            {
                AddIndexed(rest, facts.AddInterface);
            }

            return;
        }

        if (!plugin.StartsWith("IB", StringComparison.Ordinal))
        {
            return;
        }

        if (rest.StartsWith("No device found", StringComparison.Ordinal))
        {
            process.RdmaDeviceFound ??= false;
            process.NoRdmaDeviceEvidence ??= line.Keep();
        }
        else if (rest.StartsWith("Using ", StringComparison.Ordinal))
        {
            var oob = rest.IndexOf("OOB ", StringComparison.Ordinal);
            var devices = oob < 0 ? rest : rest[..oob];
            if (AddIndexed(devices, facts.AddRdmaDevice) > 0)
            {
                process.RdmaDeviceFound = true;
            }

            if (oob >= 0)
            {
                facts.AddInterface(NameBeforeColon(rest[(oob + "OOB ".Length)..]));
            }
        }
    }

    /// <summary><c>Bootstrap: Using eth0:10.0.0.1&lt;0&gt;</c> or <c>Bootstrap : Using [0]ib0:…</c>.</summary>
    public static void ParseBootstrap(ReadOnlySpan<char> address, ScanFacts facts)
    {
        if (address.StartsWith('['))
        {
            var close = address.IndexOf(']');
            address = close < 0 ? default : address[(close + 1)..];
        }

        facts.AddInterface(NameBeforeColon(address));
    }

    /// <summary>Adds the name of every <c>[N]name:…</c> item; returns how many there were.</summary>
    private static int AddIndexed(ReadOnlySpan<char> list, Action<ReadOnlySpan<char>> add)
    {
        var found = 0;
        while (true)
        {
            var open = list.IndexOf('[');
            if (open < 0 || open + 1 >= list.Length)
            {
                return found;
            }

            list = list[(open + 1)..];
            var digits = SpanText.LeadingDigits(list);
            if (digits > 0 && digits < list.Length && list[digits] == ']')
            {
                add(NameBeforeColon(list[(digits + 1)..]));
                found++;
            }
        }
    }

    private static ReadOnlySpan<char> NameBeforeColon(ReadOnlySpan<char> item)
    {
        var end = item.IndexOfAny(':', ' ', '<');
        return end < 0 ? item : item[..end];
    }
}
