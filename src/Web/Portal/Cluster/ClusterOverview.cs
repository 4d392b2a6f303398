using System.Globalization;
using System.Reflection;
using ControlPlane.Health;
using ControlPlane.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Portal.Cluster;

/// <summary>
/// The Cluster page's facts: embedded or cluster mode, the silos and their status from Orleans'
/// membership table, the health thresholds this process classifies with, and the build's version.
/// </summary>
internal sealed class ClusterOverview(IGrainFactory grains, IConfiguration configuration, IOptions<HealthOptions> health)
{
    public string Mode => ClusterSettings.From(configuration).IsEmbedded ? "embedded" : "cluster";

    public string ClusterId => ClusterSettings.From(configuration).ClusterId;

    public static string Version =>
        typeof(ClusterOverview).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public async Task<SiloRow[]> SilosAsync()
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        return [.. hosts
            .OrderBy(h => h.SiloName, StringComparer.Ordinal)
            .Select(h => new SiloRow(h.SiloName, h.SiloAddress.ToString(), h.HostName, h.Status.ToString(), h.StartTime, h.IAmAliveTime))];
    }

    /// <summary>The thresholds in force, as (setting, value) in the order the README lists them.</summary>
    public IReadOnlyList<(string Setting, string Value)> Thresholds()
    {
        var h = health.Value;
        return
        [
            (nameof(h.HeartbeatInterval), h.HeartbeatInterval.ToString("c", CultureInfo.InvariantCulture)),
            (nameof(h.UnknownAfterMissed), $"{h.UnknownAfterMissed} missed ({h.UnknownAfter:c})"),
            (nameof(h.NotReadyAfterMissed), $"{h.NotReadyAfterMissed} missed ({h.NotReadyAfter:c})"),
            (nameof(h.TemperatureDegradedC), $"{h.TemperatureDegradedC} °C"),
            (nameof(h.TemperatureUnhealthyC), $"{h.TemperatureUnhealthyC} °C"),
            (nameof(h.CorrectableEccDegraded), h.CorrectableEccDegraded.ToString(CultureInfo.InvariantCulture)),
            (nameof(h.RetiredPagesDegraded), h.RetiredPagesDegraded.ToString(CultureInfo.InvariantCulture)),
            (nameof(h.XidDegradedWindow), h.XidDegradedWindow.ToString("c", CultureInfo.InvariantCulture)),
            (nameof(h.XidUnhealthyWindow), h.XidUnhealthyWindow.ToString("c", CultureInfo.InvariantCulture)),
        ];
    }
}
