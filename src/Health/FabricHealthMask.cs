namespace ControlPlane.Health;

/// <summary>
/// NVML's GPU fabric health mask (nvml.h, R560 and later; DEGRADED_BW since R550): two-bit fields, each
/// NOT_SUPPORTED (0), TRUE (1) or FALSE (2), at shifts 0 (<c>DEGRADED_BW</c>), 2 (<c>ROUTE_RECOVERY</c>),
/// 4 (<c>ROUTE_UNHEALTHY</c>) and 6 (<c>ACCESS_TIMEOUT_RECOVERY</c>), width 0x3.
/// </summary>
internal static class FabricHealthMask
{
    public const int DegradedBandwidth = 0;
    public const int RouteRecovery = 2;
    public const int RouteUnhealthy = 4;
    public const int AccessTimeoutRecovery = 6;

    private const long True = 1;

    /// <summary>Whether the field at <paramref name="shift"/> says TRUE (not FALSE, not unsupported).</summary>
    public static bool Says(long mask, int shift) => ((mask >> shift) & 0x3) == True;
}
