namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>
/// <c>ncclCommInitRankConfig comm 0x.. rank 0 nranks 2 cudaDev 0 nvmlDev 0 busId 60 commId 0x.. - Init START</c>
/// and <c>comm 0x.. rank 0 nRanks 2 nNodes 1 localRanks 2 localRank 0 MNNVL 0</c>.
/// </summary>
internal static class CommLineParser
{
    public static void ParseInit(ReadOnlySpan<char> message, ProcessState? process, LineContext line)
    {
        if (process is null || !SpanText.TryIntAfter(message, " rank ", out var rank))
        {
            return;
        }

        // A second communicator in the same process has its own rank numbering: keep the first.
        if (process.InitEvidence is not null && process.Rank != rank)
        {
            return;
        }

        process.Rank ??= rank;
        if (SpanText.TryIntAfter(message, " nranks ", out var nranks))
        {
            process.NRanks ??= nranks;
        }

        if (SpanText.TryIntAfter(message, " cudaDev ", out var cudaDev))
        {
            process.CudaDev ??= cudaDev;
        }

        if (SpanText.TryIntAfter(message, " nvmlDev ", out var nvmlDev))
        {
            process.NvmlDev ??= nvmlDev;
        }

        process.BusId ??= SpanText.ToStringOrNull(SpanText.TokenAfter(message, " busId "));
        process.CommId ??= SpanText.ToStringOrNull(SpanText.TokenAfter(message, " commId "));
        process.InitEvidence ??= line.Keep();
    }

    public static void ParseTopology(ReadOnlySpan<char> message, ProcessState process, LineContext line)
    {
        if (!SpanText.TryIntAfter(message, " nNodes ", out var nNodes)
            || !SpanText.TryIntAfter(message, " rank ", out var rank))
        {
            return;
        }

        if (process.Rank is { } known && known != rank)
        {
            return;
        }

        process.Rank ??= rank;
        process.NNodes ??= nNodes;
        if (SpanText.TryIntAfter(message, " nRanks ", out var nranks))
        {
            process.NRanks ??= nranks;
        }

        if (SpanText.TryIntAfter(message, " localRanks ", out var localRanks))
        {
            process.LocalRanks ??= localRanks;
        }

        if (SpanText.TryIntAfter(message, " localRank ", out var localRank))
        {
            process.LocalRank ??= localRank;
        }

        // init.cc:1422 ends the line with "MNNVL %d": whether the communicator uses multi-node NVLink.
        if (SpanText.TryIntAfter(message, " MNNVL ", out var mnnvl))
        {
            process.Mnnvl ??= mnnvl;
        }

        process.TopologyEvidence ??= line.Keep();
    }
}
