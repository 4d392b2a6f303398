namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>
/// The <c>NCCL INFO</c> messages that matter, selected by their first character and prefix so that
/// the common uninteresting lines (ring/tree layouts, plugin probing) cost one comparison.
/// </summary>
internal static class NcclInfoParser
{
    public static void Parse(ReadOnlySpan<char> message, ProcessState? process, LineContext line, ScanFacts facts)
    {
        if (message.IsEmpty)
        {
            return;
        }

        switch (message[0])
        {
            case 'C':
                if (message.StartsWith("Channel ", StringComparison.Ordinal))
                {
                    ChannelLineParser.Parse(message, process, line);
                }

                break;
            case 'N':
                ParseN(message, process, line, facts);
                break;
            case 'M':
                if (process is not null && message.StartsWith("MNNVL ", StringComparison.Ordinal))
                {
                    MnnvlLineParser.ParseInfo(message, process, line);
                }

                break;
            case 'c':
                if (process is null)
                {
                    break;
                }

                if (message.StartsWith("cudaDriverVersion ", StringComparison.Ordinal))
                {
                    if (SpanText.TryLeadingInt(message["cudaDriverVersion ".Length..], out var driver))
                    {
                        process.CudaDriverVersion ??= $"{driver / 1000}.{driver % 1000 / 10}";
                    }
                }
                else if (message.StartsWith("comm ", StringComparison.Ordinal))
                {
                    CommLineParser.ParseTopology(message, process, line);
                }

                break;
            case 'n':
                if (message.StartsWith("ncclCommInit", StringComparison.Ordinal))
                {
                    CommLineParser.ParseInit(message, process, line);
                }
                else if (message.StartsWith("ncclMaxSharedMem ", StringComparison.Ordinal)
                    && message.Contains(" exceeds ", StringComparison.Ordinal))
                {
                    facts.AddComputeCapability(line);
                }

                break;
            case 'U':
                if (process is not null && process.NetPlugin is null
                    && message.StartsWith("Using network ", StringComparison.Ordinal))
                {
                    process.NetPlugin = SpanText.ToStringOrNull(message["Using network ".Length..].Trim());
                }

                break;
            case 'B':
                if (process is not null && message.StartsWith("Bootstrap", StringComparison.Ordinal))
                {
                    ParseBootstrap(message, process, facts);
                }

                break;
            default:
                if (char.IsAsciiDigit(message[0]))
                {
                    ParseChannelCount(message, process);
                }
                else if (message.Length < 64 && message.Contains(".cc:", StringComparison.Ordinal))
                {
                    ParseErrorTrace(message, process, line);
                }

                break;
        }
    }

    private static void ParseN(ReadOnlySpan<char> message, ProcessState? process, LineContext line, ScanFacts facts)
    {
        if (process is null)
        {
            return;
        }

        if (message.StartsWith("NCCL version ", StringComparison.Ordinal))
        {
            if (process.NcclVersion is not null)
            {
                return;
            }

            var version = message["NCCL version ".Length..].Trim();
            var space = version.IndexOf(' ');
            version = space < 0 ? version : version[..space];
            var plus = version.IndexOf("+cuda", StringComparison.Ordinal);
            process.NcclVersion = SpanText.ToStringOrNull(plus < 0 ? version : version[..plus]);
            process.CudaVersion ??= plus < 0 ? null : SpanText.ToStringOrNull(version[(plus + "+cuda".Length)..]);
            process.VersionEvidence ??= line.Keep();
        }
        else if (message.StartsWith("NET/", StringComparison.Ordinal))
        {
            NetLineParser.ParseNet(message, process, line, facts);
        }
        else if (message.StartsWith("NCCL_", StringComparison.Ordinal))
        {
            EnvironmentLineParser.Parse(message, process, line);
        }
    }

    private static void ParseBootstrap(ReadOnlySpan<char> message, ProcessState process, ScanFacts facts)
    {
        // "Bootstrap: Using eth0:…" (older NCCL: "Bootstrap : Using [0]eth0:…")
        var rest = message["Bootstrap".Length..].TrimStart(' ');
        if (!rest.StartsWith(": Using ", StringComparison.Ordinal))
        {
            return;
        }

        var address = rest[": Using ".Length..].Trim();
        process.Bootstrap ??= SpanText.ToStringOrNull(address);
        NetLineParser.ParseBootstrap(address, facts);
    }

    private static void ParseChannelCount(ReadOnlySpan<char> message, ProcessState? process)
    {
        // "24 coll channels, 24 collnet channels, 0 nvls channels, 32 p2p channels, ..."
        var digits = SpanText.LeadingDigits(message);
        if (process is not null && process.CollChannels is null
            && message[digits..].StartsWith(" coll channels", StringComparison.Ordinal)
            && SpanText.TryLeadingInt(message, out var channels))
        {
            process.CollChannels = channels;
        }
    }

    private static void ParseErrorTrace(ReadOnlySpan<char> message, ProcessState? process, LineContext line)
    {
        // "group.cc:242 -> 1": an NCCL call returned ncclUnhandledCudaError (1) up the stack.
        var arrow = message.IndexOf(" -> ", StringComparison.Ordinal);
        if (process is not null && process.ErrorTraceEvidence is null && arrow > 0
            && SpanText.TryLeadingInt(message[(arrow + 4)..], out var result) && result == 1)
        {
            process.ErrorTraceEvidence = line.Keep();
        }
    }
}
