namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>
/// Everything learned about one NCCL process (a <c>---- rank N</c> section, a host:pid, or a
/// <c>[rankN]</c> torch prefix). Processes with the same rank are merged once the scan is done.
/// </summary>
internal sealed class ProcessState
{
    public string? File { get; set; }
    public string? SectionFile { get; init; }
    public string? Host { get; set; }
    public int? Pid { get; set; }
    public int? Rank { get; set; }
    public int? NRanks { get; set; }
    public int? CudaDev { get; set; }
    public int? NvmlDev { get; set; }
    public int? NNodes { get; set; }
    public int? LocalRanks { get; set; }
    public int? LocalRank { get; set; }
    public int? CollChannels { get; set; }
    public string? BusId { get; set; }
    public string? CommId { get; set; }
    public string? NcclVersion { get; set; }
    public string? CudaVersion { get; set; }
    public string? CudaDriverVersion { get; set; }
    public string? NetPlugin { get; set; }
    public string? Bootstrap { get; set; }
    public bool? RdmaDeviceFound { get; set; }
    public long? LastEnqueued { get; set; }
    public long? LastCompleted { get; set; }

    /// <summary>The communicator's <c>MNNVL</c> flag (<c>comm … localRank 0 MNNVL 1</c>), or null when not printed.</summary>
    public int? Mnnvl { get; set; }
    public int? CliqueSize { get; set; }

    /// <summary>The GPU's fabric as NCCL read it: a non-zero cluster UUID with state 3 (COMPLETED) is an NVLink domain.</summary>
    public bool? InFabricDomain { get; set; }
    public Evidence? MnnvlEvidence { get; set; }
    public Evidence? FabricEvidence { get; set; }

    /// <summary><c>MNNVL (cliqueSize N) is available but not working</c>: the IMEX channel (true) or the IMEX daemon (false).</summary>
    public bool? ImexChannelMissing { get; set; }
    public Evidence? ImexEvidence { get; set; }
    public Evidence? NvlsBindEvidence { get; set; }

    public Evidence? VersionEvidence { get; set; }
    public Evidence? InitEvidence { get; set; }
    public Evidence? TopologyEvidence { get; set; }
    public Evidence? NoRdmaDeviceEvidence { get; set; }
    public Evidence? ProgressEvidence { get; set; }
    public Evidence? ErrorTraceEvidence { get; set; }

    public Dictionary<string, EnvSetting> Environment { get; } = new(StringComparer.Ordinal);
    public List<ChannelUse> Channels { get; } = [];
    public SortedSet<string> Files { get; } = new(StringComparer.Ordinal);

    public bool Matches(ReadOnlySpan<char> host, int pid) =>
        SectionFile is null && Pid == pid && host.SequenceEqual(Host);

    public ChannelUse? FindChannel(ReadOnlySpan<char> via)
    {
        foreach (var c in Channels)
        {
            if (via.SequenceEqual(c.Via))
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>Fills what this process does not know from <paramref name="other"/> (same rank).</summary>
    public void MergeFrom(ProcessState other)
    {
        Host ??= other.Host;
        Pid ??= other.Pid;
        NRanks ??= other.NRanks;
        CudaDev ??= other.CudaDev;
        NvmlDev ??= other.NvmlDev;
        NNodes ??= other.NNodes;
        LocalRanks ??= other.LocalRanks;
        LocalRank ??= other.LocalRank;
        CollChannels ??= other.CollChannels;
        BusId ??= other.BusId;
        CommId ??= other.CommId;
        NcclVersion ??= other.NcclVersion;
        CudaVersion ??= other.CudaVersion;
        CudaDriverVersion ??= other.CudaDriverVersion;
        NetPlugin ??= other.NetPlugin;
        Bootstrap ??= other.Bootstrap;
        RdmaDeviceFound ??= other.RdmaDeviceFound;
        LastEnqueued ??= other.LastEnqueued;
        LastCompleted ??= other.LastCompleted;
        Mnnvl ??= other.Mnnvl;
        CliqueSize ??= other.CliqueSize;
        InFabricDomain ??= other.InFabricDomain;
        MnnvlEvidence ??= other.MnnvlEvidence;
        FabricEvidence ??= other.FabricEvidence;
        ImexChannelMissing ??= other.ImexChannelMissing;
        ImexEvidence ??= other.ImexEvidence;
        NvlsBindEvidence ??= other.NvlsBindEvidence;
        VersionEvidence ??= other.VersionEvidence;
        InitEvidence ??= other.InitEvidence;
        TopologyEvidence ??= other.TopologyEvidence;
        NoRdmaDeviceEvidence ??= other.NoRdmaDeviceEvidence;
        ProgressEvidence ??= other.ProgressEvidence;
        ErrorTraceEvidence ??= other.ErrorTraceEvidence;
        foreach (var (name, setting) in other.Environment)
        {
            Environment.TryAdd(name, setting);
        }

        Channels.AddRange(other.Channels);
        Files.UnionWith(other.Files);
    }
}

/// <summary><c>NCCL_P2P_DISABLE set by environment to 1</c>.</summary>
internal sealed record EnvSetting(string Name, string Value, Evidence Evidence);
