namespace ControlPlane.Placement;

/// <summary>
/// The one registration list of placement plugins. A new filter or score is one class (a score declaring its own
/// <see cref="ScoreWeight"/>s) and one line here;
/// the engine runs every plugin by the interfaces it implements, in this order.
/// </summary>
internal static class PlacementPlugins
{
    /// <summary>The plugins with the default weights.</summary>
    public static IReadOnlyList<IPlacementPlugin> Default { get; } = For(new PlacementWeights());

    /// <summary>Every weight a score declares: the keys <c>ControlPlane:Placement:Weights</c> accepts.</summary>
    public static IReadOnlyList<ScoreWeight> Weights { get; } = [.. Default.SelectMany(p => p.Weights)];

    public static IReadOnlyList<IPlacementPlugin> For(PlacementWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return
        [
            new ReadinessFilter(),
            new NodeHealthFilter(),
            new CordonFilter(),
            new PoolFilter(),
            new GpusReportedFilter(),
            new GpuComputeCapabilityFilter(),
            new CudaDriverFilter(),
            new GpuMemoryFilter(),
            new FreeGpuFilter(),
            new NcclCudaMatchFilter(),
            new RdmaNicFilter(),
            new TransferPolicyFilter(),
            new TraySpreadFilter(),
            new KvPathTierScore(weights.Of(KvPathTierScore.TierStep)),
            new KvBandwidthScore(weights.Of(KvBandwidthScore.PerGBps)),
            new TpLocalityScore(weights.Of(TpLocalityScore.InsideNvLink), weights.Of(TpLocalityScore.InsideNuma)),
            new FragmentationScore(weights.Of(FragmentationScore.PerUnit)),
            new NicNearGpusScore(weights.Of(NicNearGpusScore.Near)),
            new MemoryBestFitScore(weights.Of(MemoryBestFitScore.PerGiB)),
            new FailureDomainSpreadScore(weights.Of(FailureDomainSpreadScore.SameDomain)),
            new DegradedNodeScore(weights.Of(DegradedNodeScore.Degraded)),
        ];
    }
}
