namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>
/// Multi-node NVLink as NCCL prints it (NVIDIA/nccl at 5067397c2676d5aed50042fc39e5c8ee96eb0027):
/// <list type="bullet">
/// <item><c>MNNVL busId 0x%lx fabric UUID %lx.%lx cliqueId 0x%x state %d healthMask 0x%x</c> (src/init.cc:775): the GPU's
/// fabric; a zero UUID is no domain (src/mnnvl.cc:40), state 3 is NVML_GPU_FABRIC_STATE_COMPLETED;</item>
/// <item><c>MNNVL %d cliqueId %x cliqueSize %d cliqueRank %d nvlDomainSize %d</c> (src/mnnvl.cc:96): MNNVL is on;</item>
/// <item>WARN <c>MNNVL (cliqueSize %d) is available but not working on this system. Check the IMEX channel configuration
/// (/dev/nvidia-caps-imex-channels)…</c> (src/mnnvl.cc:74) or <c>…Check the IMEX configuration (nvidia-imex-ctl -N)…</c>
/// (src/mnnvl.cc:86): fabric memory could not be allocated, or exported and imported, through IMEX;</item>
/// <item>WARN <c>Failed to bind NVLink SHARP (NVLS) Multicast memory of size %ld : CUDA error %d '%s'.</c> (src/transport/nvls.cc:376).</item>
/// </list>
/// The communicator's own flag (<c>comm … MNNVL %d</c>, src/init.cc:1422) is read by <see cref="CommLineParser"/>.
/// </summary>
internal static class MnnvlLineParser
{
    private const int FabricStateCompleted = 3;

    public static void ParseInfo(ReadOnlySpan<char> message, ProcessState process, LineContext line)
    {
        var rest = message["MNNVL ".Length..];
        if (rest.StartsWith("busId ", StringComparison.Ordinal))
        {
            var uuid = SpanText.TokenAfter(message, " fabric UUID ");
            if (uuid.IsEmpty || !SpanText.TryIntAfter(message, " state ", out var state))
            {
                return;
            }

            process.InFabricDomain ??= state == FabricStateCompleted && uuid.ContainsAnyExcept('0', '.');
            process.FabricEvidence ??= line.Keep();
        }
        else if (SpanText.TryLeadingInt(rest, out var on) && rest.Contains(" cliqueSize ", StringComparison.Ordinal))
        {
            process.Mnnvl = on;
            if (SpanText.TryIntAfter(message, " cliqueSize ", out var size))
            {
                process.CliqueSize ??= size;
            }

            process.MnnvlEvidence ??= line.Keep();
        }
    }

    /// <summary>True when the warning was one of these (and is recorded).</summary>
    public static bool ParseWarn(ReadOnlySpan<char> message, ProcessState process, LineContext line)
    {
        if (message.StartsWith("MNNVL (cliqueSize ", StringComparison.Ordinal) && message.Contains("not working", StringComparison.Ordinal))
        {
            process.ImexChannelMissing ??= message.Contains("IMEX channel", StringComparison.Ordinal);
            if (SpanText.TryIntAfter(message, "(cliqueSize ", out var size))
            {
                process.CliqueSize ??= size;
            }

            process.ImexEvidence ??= line.Keep();
            return true;
        }

        if (message.StartsWith("Failed to bind NVLink SHARP (NVLS) Multicast memory", StringComparison.Ordinal))
        {
            process.NvlsBindEvidence ??= line.Keep();
            return true;
        }

        return false;
    }
}
