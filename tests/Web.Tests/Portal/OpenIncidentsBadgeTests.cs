using System.Net;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Testing;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Web.Tests.Portal.Components;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>The count of incidents nobody has closed, in the menu and on the fleet page, follows a new incident and its resolve without a reload.</summary>
[Collection(PortalCollection.Name)]
public sealed class OpenIncidentsBadgeTests(PortalFixture fixture)
{
    [Fact(Timeout = 90_000)]
    public async Task A_new_incident_raises_the_badge_in_the_menu_and_on_the_fleet_page_and_its_resolve_lowers_it()
    {
        var page = await fixture.SignedInPageAsync();
        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");
        var nav = page.Locator("#nav-open-incidents");
        var fleet = page.Locator("#fleet-open-incidents");
        await Expect(fleet).ToHaveAttributeAsync("data-open-incidents", new System.Text.RegularExpressions.Regex("^[0-9]+$"));
        var before = await Directory.CountUnresolvedAsync();
        await Expect(fleet).ToHaveAttributeAsync("data-open-incidents", $"{before}");
        await Expect(nav).ToHaveAttributeAsync("data-open-incidents", $"{before}");

        using (var put = await fixture.Plane.PutDeploymentAsync("badge", DeploymentCalls.Spec("h20", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1), RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var admin = fixture.Plane.Client();
        using var failover = await admin.PostAsync(new Uri("/api/v1/deployments/badge/pairs/0:failover", UriKind.Relative), content: null);
        Assert.Equal(HttpStatusCode.Accepted, failover.StatusCode);
        var id = failover.Headers.Location!.OriginalString.Split('/')[^1];

        // The page is not reloaded: both badges are live.
        await Expect(fleet).ToHaveAttributeAsync("data-open-incidents", $"{before + 1}");
        await Expect(nav).ToHaveAttributeAsync("data-open-incidents", $"{before + 1}");
        await Expect(nav).ToHaveTextAsync($"{before + 1} open");

        await fixture.Plane.Grains.GetGrain<IIncidentGrain>(id).ResolveAsync("admin", "badge test");
        await Expect(fleet).ToHaveAttributeAsync("data-open-incidents", $"{before}");
        await Expect(nav).ToHaveAttributeAsync("data-open-incidents", $"{before}");
        await fixture.Plane.Grains.GetGrain<IModelDeploymentGrain>("badge").DeleteAsync();
    }

    private IIncidentDirectoryGrain Directory => fixture.Plane.Grains.GetGrain<IIncidentDirectoryGrain>(IIncidentDirectoryGrain.Key);
}
