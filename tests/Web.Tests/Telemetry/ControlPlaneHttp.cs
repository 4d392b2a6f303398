using System.Net;
using System.Text;
using System.Text.Json;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Web.Tests.Telemetry;

/// <summary>What the telemetry tests ask of a control plane running as a process of its own, over HTTP.</summary>
internal static class ControlPlaneHttp
{
    /// <summary>Whether <c>/healthz</c> answers 2xx; false while nothing listens yet.</summary>
    public static async Task<bool> HealthyAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Sends one probe report as an agent would; anything but 200 fails the test.</summary>
    public static async Task PutProbeAsync(HttpClient client, ProbeReport report)
    {
        using var response = await client.PutAsync(new Uri($"/api/v1/nodes/{report.Node}/probe", UriKind.Relative),
            new StringContent(JsonSerializer.Serialize(report, ApiJson.Options), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
