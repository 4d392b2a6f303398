using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Testing;
using ControlPlane.Web.Portal.Actions;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Web.Tests.Portal.Components;
using ControlPlane.Wire.Incidents;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>
/// An incident from end to end in real headless Chromium: a simulated fatal XID under a deployment's pair, the incident
/// reaching recovered on the Incidents page (plan-only: the replacement is placed at once), resolved in the browser.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class IncidentsPageTests(PortalFixture fixture)
{
    private const string Deployment = "inc-portal";

    /// <summary>The failover runs through the simulator's reports (one a second) and the page polls: allow it time on a busy machine.</summary>
    private static readonly LocatorAssertionsToHaveAttributeOptions Slowly = new() { Timeout = 30_000 };

    [Fact(Timeout = 180_000)]
    public async Task A_fatal_xid_under_a_pair_shows_its_incident_recovering_live_and_an_operator_resolves_it_in_the_browser()
    {
        // One TP1+TP1 pair on an H200 node (the pool's other node takes the replacement).
        using (var put = await fixture.Plane.PutDeploymentAsync(Deployment, DeploymentCalls.Spec("h200", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1), RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var placed = (await fixture.Plane.Grains.GetGrain<IModelDeploymentGrain>(Deployment).GetAsync())!.Pairs[0].Placement.Prefill;
        var (node, gpu) = (placed.Node, placed.GpuIndices[0]);
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/incidents");
        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");

        using var admin = fixture.Plane.Client();
        string id;
        try
        {
            using (var fault = await admin.PostAsJsonAsync(new Uri($"/api/v1/simulator/nodes/{node}/faults", UriKind.Relative), new { kind = "xid", gpu, xid = 48 }))
            {
                Assert.Equal(HttpStatusCode.Accepted, fault.StatusCode);
            }

            // The incident appears on the open page without a reload.
            var row = page.Locator("#incidents-table tr[data-incident]", new() { HasText = $"{Deployment}/pair-0" });
            await Expect(row).ToHaveAttributeAsync("data-incident", new System.Text.RegularExpressions.Regex("^inc-"), Slowly);
            id = (await row.GetAttributeAsync("data-incident"))!;
            await row.Locator("a").ClickAsync();
            await Expect(page.Locator("#incident-detail")).ToHaveAttributeAsync("data-incident", id);
            await Expect(page.Locator("#incident-blamed")).ToHaveTextAsync($"GPU {gpu} of {node}");

            await Expect(page.Locator("#incident-stages [data-stage=recovered]")).ToHaveAttributeAsync("data-stage-state", "done", Slowly);
            await Expect(page.Locator("#incident-state")).ToHaveAttributeAsync("data-state", nameof(IncidentState.Recovered));
            foreach (var stage in new[] { "signal", "blame", "quarantine", "re-place" })
            {
                await Expect(page.Locator($"#incident-stages [data-stage={stage}]")).ToHaveAttributeAsync("data-stage-state", "done");
            }

            await Expect(page.Locator("#incident-timeline li[data-step=signal] ul.evidence")).ToContainTextAsync("xid-48");
            await Expect(page.Locator($"#affected-pairs tr[data-affected-pair='{Deployment}/pair-0']")).ToHaveAttributeAsync("data-progress", "recovered");
        }
        finally
        {
            using var cleared = await admin.DeleteAsync(new Uri($"/api/v1/simulator/nodes/{node}/faults", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        }

        var steps = (await Incident(id).GetAsync())!.Timeline.Select(s => s.Step).ToArray();
        Assert.Equal(["signal", "blame", "quarantine", "re-place"], steps.Where(s => s is "signal" or "blame" or "quarantine" or "re-place").Distinct());
        Assert.Equal(steps.Length, await page.Locator("#incident-timeline > li").CountAsync());

        await page.ClickAsync("#acknowledge-button");
        await Expect(page.Locator("#incident-ack")).ToHaveTextAsync("Acknowledged by admin:admin");
        await Screenshots.TakeAsync(page, "incidents");

        // A viewer sees the incident but no button, and the server refuses a viewer's resolve anyway.
        var viewer = await fixture.SignedInPageAsync(PortalFixture.ViewerKey);
        await viewer.GotoAsync($"/incidents/{id}");
        await Expect(viewer.Locator("#incident-ack")).ToHaveTextAsync("Acknowledged by admin:admin");
        Assert.Equal(0, await viewer.Locator("#resolve-button, #acknowledge-button").CountAsync());
        var refused = await AsViewer(actions => actions.ResolveIncidentAsync(id, "not mine to close"));
        Assert.False(refused.Succeeded);

        // The note follows the API's rule; a refused resolve changes nothing.
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#resolve-note", new string('x', 513));
        await page.ClickAsync("#resolve-button");
        await Expect(page.Locator("#incident-controls")).ToContainTextAsync("Note is at most 512 characters");
        Assert.Equal(IncidentState.Recovered, (await Incident(id).GetAsync())!.State);

        await PortalPagesTests.FillWhenInteractiveAsync(page, "#resolve-note", "ECC DIMM replaced");
        await page.ClickAsync("#resolve-button");
        await Expect(page.Locator("#incident-state")).ToHaveAttributeAsync("data-state", nameof(IncidentState.Resolved));
        await Expect(page.Locator("#incident-timeline li[data-step=resolved]")).ToContainTextAsync("resolved by admin:admin: ECC DIMM replaced");
        Assert.Equal(0, await page.Locator("#resolve-button").CountAsync());
        Assert.Equal(IncidentState.Resolved, (await Incident(id).GetAsync())!.State);

        await page.ClickAsync("#state-filter [data-filter=Open]");
        await Expect(page.Locator($"#incidents-table tr[data-incident='{id}']")).ToHaveCountAsync(0);
        await page.ClickAsync("#state-filter [data-filter=Resolved]");
        await Expect(page.Locator($"#incidents-table tr[data-incident='{id}'][data-state=Resolved]")).ToHaveCountAsync(1);
    }

    [Fact(Timeout = 120_000)]
    public async Task Fail_over_pair_on_the_deployment_page_opens_a_manual_incident_for_that_pair()
    {
        using (var put = await fixture.Plane.PutDeploymentAsync("fo-button", DeploymentCalls.Spec("h100", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1), RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/deployments/fo-button");
        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");
        await page.ClickAsync("#failover-pair-0");
        await ConfirmationDialogTests.AnswerAsync(page, "Fail over pair");

        var link = page.Locator("#failover-incident a");
        await Expect(link).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^inc-"));
        var id = await link.TextContentAsync();
        var incident = (await Incident(id!).GetAsync())!;
        Assert.Equal(IncidentKind.Manual, incident.Kind);
        Assert.Equal(("fo-button", 0, 0), (incident.Pairs[0].Deployment, incident.Pairs[0].Pair, incident.Pairs[0].Revision));
        Assert.Equal("failover of pair 0 asked by admin:admin", incident.Title);
        Assert.DoesNotContain(incident.Timeline, s => s.Step == "quarantine");

        // The replacement carries the incident; the pairs table links to it.
        await Expect(page.Locator($"#pairs tr[data-pair='0'] a[data-pair-incident='{id}']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    [Fact(Timeout = 90_000)]
    public async Task A_replaced_pairs_incident_says_where_it_ran_before_lists_its_timeline_by_time_and_marks_recovered_by_its_entry()
    {
        using (var put = await fixture.Plane.PutDeploymentAsync("before-after", DeploymentCalls.Spec("h20", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1), RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var before = (await fixture.Plane.Grains.GetGrain<IModelDeploymentGrain>("before-after").GetAsync())!.Pairs[0].Placement;
        using var admin = fixture.Plane.Client();
        using var failover = await admin.PostAsync(new Uri("/api/v1/deployments/before-after/pairs/0:failover", UriKind.Relative), content: null);
        Assert.Equal(HttpStatusCode.Accepted, failover.StatusCode);
        var id = failover.Headers.Location!.OriginalString.Split('/')[^1];

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/incidents/{id}");
        var pair = page.Locator("#affected-pairs tr[data-affected-pair='before-after/pair-0']");
        await Expect(pair).ToHaveAttributeAsync("data-progress", "recovered", new() { Timeout = 30_000 });
        await Expect(pair.Locator("[data-before]")).ToHaveTextAsync(
            $"prefill {before.Prefill.Node} GPU {string.Join(",", before.Prefill.GpuIndices)} · decode {before.Decode.Node} GPU {string.Join(",", before.Decode.GpuIndices)}");
        var after = (await fixture.Plane.Grains.GetGrain<IModelDeploymentGrain>("before-after").GetAsync())!.Pairs[0].Placement;
        await Expect(pair.Locator("[data-after]")).ToContainTextAsync($"prefill {after.Prefill.Node} GPU {string.Join(",", after.Prefill.GpuIndices)}");

        await Expect(page.Locator("#incident-timeline li[data-step=recovered]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#incident-stages [data-stage=recovered]")).ToHaveAttributeAsync("data-stage-state", "done");
        var times = await page.Locator("#incident-timeline > li").EvaluateAllAsync<string[]>("items => items.map(li => li.dataset.at)");
        Assert.Equal(times.Order(StringComparer.Ordinal), times);
        Assert.Equal((await Incident(id).GetAsync())!.Timeline.Length, times.Length);
        await fixture.Plane.Grains.GetGrain<IModelDeploymentGrain>("before-after").DeleteAsync();
    }

    private IIncidentGrain Incident(string id) => fixture.Plane.Grains.GetGrain<IIncidentGrain>(id);

    /// <summary>Calls the portal's actions as a circuit whose user is a viewer (the buttons are hidden; this is the server's own check).</summary>
    private async Task<PortalOutcome<T>> AsViewer<T>(Func<PortalActions, Task<PortalOutcome<T>>> act)
    {
        await using var scope = fixture.Plane.App.Services.CreateAsyncScope();
        var state = (ServerAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        state.SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "viewer"), new Claim(ClaimTypes.Role, "viewer")], "portal")))));
        return await act(scope.ServiceProvider.GetRequiredService<PortalActions>());
    }
}
