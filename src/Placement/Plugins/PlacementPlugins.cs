namespace ControlPlane.Placement;

/// <summary>
/// The one registration list of placement plugins. A new filter or score is one class and one line here;
/// the engine runs every plugin by the interfaces it implements, in this order.
/// </summary>
internal static class PlacementPlugins
{
    /// <summary>The plugins with the default weights.</summary>
    public static IReadOnlyList<IPlacementPlugin> Default { get; } = For(new PlacementWeights());

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
            new KvPathTierScore(weights.TierStep),
            new KvBandwidthScore(weights.BandwidthPerGBps),
            new TpLocalityScore(weights.TpInsideNvLink, weights.TpInsideNuma),
            new FragmentationScore(weights.FragmentationPerUnit),
            new NicNearGpusScore(weights.NicNearGpus),
            new MemoryBestFitScore(weights.MemorySlackPerGiB),
            new FailureDomainSpreadScore(weights.SameFailureDomain),
            new DegradedNodeScore(weights.DegradedNode),
        ];
    }
}
