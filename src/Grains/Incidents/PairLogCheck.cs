using ControlPlane.Contracts.Incidents;
using ControlPlane.Diagnostics;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Incidents;

namespace ControlPlane.Grains.Incidents;

/// <summary>
/// What a pair's pod logs say, as failure signals: a watchdog timeout blames its straggler, a CUDA failure its rank's GPU,
/// and a wire slower than the tier the pair was placed on (placed on NVLink, NCCL says NET/Socket) is a wire mismatch
/// whose evidence names the settings NCCL reported (whatever explains it). A pair across trays of one NVLink domain is as
/// placed when NCCL runs with multi-node NVLink on (<c>MNNVL 1</c>), and mismatched when it fell back to NET/IB or sockets.
/// </summary>
public static class PairLogCheck
{
    private static readonly Dictionary<string, int> ExpectedSpeed = new(StringComparer.Ordinal)
    {
        ["nvlink"] = Speed(NcclTransport.NvLink),
        // Two trays of one multi-node NVLink domain: NCCL's P2P/NVLS over the NVLink switch, never a NIC or the host.
        ["nvlink-domain"] = Speed(NcclTransport.NvLink),
        ["pcie"] = Speed(NcclTransport.PcieP2p),
        ["rdma"] = Speed(NcclTransport.Rdma),
        ["tcp"] = Speed(NcclTransport.Tcp),
    };

    /// <summary>Null when the wire is as fast as placed, or the logs say nothing about it.</summary>
    private const string MismatchMarker = "but NCCL runs it over";

    /// <summary>Whether a pair's recorded wire check (<see cref="PairView.WireCheck"/>) found a wire slower than placed.</summary>
    public static bool FoundMismatch(string? wireCheck) => wireCheck?.Contains(MismatchMarker, StringComparison.Ordinal) == true;

    public static FailureSignal? WireMismatch(string deployment, PairView pair, NcclDiagnosis diagnosis)
    {
        // Multi-node NVLink on (NCCL's "MNNVL 1") is the path a pair across trays was placed on, whatever else the channels show.
        if (!diagnosis.HasNcclLines || diagnosis.Transport == NcclTransport.Unknown
            || !ExpectedSpeed.TryGetValue(pair.Placement.Tier, out var expected) || Speed(diagnosis.Transport) >= expected
            || (pair.Placement.Tier == "nvlink-domain" && diagnosis.MultiNodeNvlink is { Active: true }))
        {
            return null;
        }

        var transport = Name(diagnosis.Transport);
        return new FailureSignal
        {
            Kind = IncidentKind.WireMismatch,
            Reason = $"{(pair.Index >= 0 ? $"pair {pair.Index}" : PairUnit.Of(pair).Name)} was placed on {pair.Placement.Tier} ({pair.Placement.Wire}) {MismatchMarker} {transport}",
            Blame = [PairBlame.Pair(pair)],
            Pairs = [new PairRef { Deployment = deployment, Pair = pair.Index, Revision = pair.Revision }],
            Evidence = [$"placed: {pair.Placement.Tier} {pair.Placement.Wire}; NCCL transport: {transport} ({diagnosis.BandwidthClass}){Mnnvl(diagnosis)}", .. Evidence(diagnosis.Findings)],
            Actor = "wire-check",

            // A setting or a missing mount explains a slow wire far more often than hardware does: a person looks first.
            Quarantine = false,
            Replace = false,
        };
    }

    /// <summary>Signals from the logs of a pair that turned Degraded or Failed (timeouts, CUDA failures, fallbacks, isolation).</summary>
    public static IEnumerable<FailureSignal> Failures(string deployment, PairView pair, NcclDiagnosis diagnosis)
    {
        var self = new PairRef { Deployment = deployment, Pair = pair.Index, Revision = pair.Revision };
        foreach (var finding in diagnosis.Findings)
        {
            var evidence = Evidence([finding]);
            if (finding.Code == FindingCodes.WatchdogTimeout && finding.Timeout is { Stragglers.Count: > 0 } timeout)
            {
                var blame = PairBlame.ForRank(pair, timeout.Stragglers[0], role: null);
                if (blame.Length > 0)
                {
                    yield return new FailureSignal
                    {
                        Kind = IncidentKind.NcclTimeout,
                        Reason = $"{timeout.Op} (seq {timeout.SeqNum}) timed out after {timeout.TimeoutMs} ms; rank {timeout.Stragglers[0]} never reached it",
                        Blame = blame, Pairs = [self], Evidence = evidence, Actor = "pod-logs",
                    };
                }
            }
            else if (finding.Code == FindingCodes.CudaFailure && finding.Ranks.Count > 0 && PairBlame.ForRank(pair, finding.Ranks[0], role: null) is { Length: > 0 } blame)
            {
                yield return new FailureSignal
                {
                    Kind = IncidentKind.PodFailed, Reason = finding.Message, Blame = blame, Pairs = [self], Evidence = evidence, Actor = "pod-logs",
                };
            }
            else if (finding.Code is FindingCodes.TcpFallback or FindingCodes.GpuIsolation or FindingCodes.IpcNotShared
                or FindingCodes.MnnvlImexUnavailable or FindingCodes.MnnvlNotUsed or FindingCodes.MnnvlDisabledByEnv)
            {
                yield return new FailureSignal
                {
                    Kind = IncidentKind.WireMismatch, Reason = finding.Message, Blame = [PairBlame.Pair(pair)], Pairs = [self], Evidence = evidence,
                    Actor = "pod-logs", Quarantine = false, Replace = false,
                };
            }
        }
    }

    private static string Mnnvl(NcclDiagnosis diagnosis) => diagnosis.MultiNodeNvlink switch
    {
        null => "",
        { ImexFailure: true } => "; MNNVL available but refused by IMEX",
        { Active: true } => "; MNNVL 1",
        { InDomain: true } => "; MNNVL 0 although the GPUs are in an NVLink domain",
        _ => "; MNNVL 0, no NVLink domain",
    };

    private static string[] Evidence(IEnumerable<Finding> findings) =>
        [.. findings.SelectMany(f => f.Evidence.Select(e => $"[{f.Code}] {e.File}:{e.Line}: {e.Text}")).Take(20)];

    private static int Speed(NcclTransport transport) => transport switch
    {
        NcclTransport.NvLink => 5,
        NcclTransport.PcieP2p => 4,
        NcclTransport.Rdma => 3,
        NcclTransport.Shm => 2,
        NcclTransport.Tcp => 1,
        _ => 0,
    };

    private static string Name(NcclTransport transport) => transport switch
    {
        NcclTransport.NvLink => "NVLink (P2P)",
        NcclTransport.PcieP2p => "PCIe P2P",
        NcclTransport.Rdma => "NET/IB (RDMA)",
        NcclTransport.Shm => "SHM",
        NcclTransport.Tcp => "NET/Socket (TCP)",
        _ => "unknown",
    };
}
