using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Silo.Telemetry;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Web.Tests.Portal.Components;
using ControlPlane.Wire.Incidents;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>The incident page names the trace of the signal that opened the incident, the same one REST answers.</summary>
[Collection(PortalCollection.Name)]
public sealed class IncidentTracePageTests(PortalFixture fixture)
{
    [Fact(Timeout = 90_000)]
    public async Task A_manual_failovers_incident_page_shows_the_trace_id_rest_answers()
    {
        // Tracing is on while something listens to the control plane's sources (in production: the OTLP exporter).
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => TelemetryConfiguration.TraceSources.Contains(source.Name),
            Sample = (ref _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        using (var put = await fixture.Plane.PutDeploymentAsync("traced-page", DeploymentCalls.Spec("h20", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1), RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var admin = fixture.Plane.Client();
        using var failover = await admin.PostAsync(new Uri("/api/v1/deployments/traced-page/pairs/0:failover", UriKind.Relative), content: null);
        Assert.Equal(HttpStatusCode.Accepted, failover.StatusCode);
        var id = failover.Headers.Location!.OriginalString.Split('/')[^1];
        var incident = (await admin.GetFromJsonAsync<IncidentView>(new Uri($"/api/v1/incidents/{id}", UriKind.Relative), ApiJson.Options))!;
        Assert.Matches("^[0-9a-f]{32}$", incident.TraceId);

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/incidents/{id}");
        await Expect(page.Locator("#incident-trace")).ToHaveTextAsync(incident.TraceId!);
        await fixture.Plane.Grains.GetGrain<IModelDeploymentGrain>("traced-page").DeleteAsync();
    }
}
