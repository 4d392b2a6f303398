using ControlPlane.Web.Tests.Portal.Components;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>The Audit page lists what an operator did in the portal, with who, what and how it ended.</summary>
[Collection(PortalCollection.Name)]
public sealed class AuditPageTests(PortalFixture fixture)
{
    [Fact(Timeout = 90_000)]
    public async Task A_cordon_and_uncordon_in_the_portal_are_listed_live_on_the_audit_page_with_who_what_and_outcome()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/nodes/rtx5090-01");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#cordon-reason", "audit page check");
        await page.ClickAsync("#cordon-button");
        await Expect(page.Locator("#cordon-state")).ToContainTextAsync("Cordoned by admin: audit page check");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#cordon-reason", "audit page done");
        await page.ClickAsync("#cordon-button");
        await Expect(page.Locator("#cordon-state")).ToHaveTextAsync("Schedulable");

        var viewer = await fixture.SignedInPageAsync(PortalFixture.ViewerKey);
        await viewer.GotoAsync("/audit");
        var cordon = viewer.Locator("#audit-table tr[data-action=cordon]", new() { HasText = "node rtx5090-01" }).First;
        await Expect(cordon).ToContainTextAsync("admin");
        await Expect(cordon).ToContainTextAsync("ok (200)");
        await Expect(cordon).ToContainTextAsync("portal");
        var uncordon = viewer.Locator("#audit-table tr[data-action=uncordon]", new() { HasText = "node rtx5090-01" }).First;
        await Expect(uncordon).ToHaveAttributeAsync("data-outcome", "ok");
        await Screenshots.TakeAsync(viewer, "audit");

        // The page is live: an action taken while it is open appears without a reload.
        await page.GotoAsync("/nodes/rtx5090-01");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#cordon-reason", "live audit");
        await page.ClickAsync("#cordon-button");
        await Expect(page.Locator("#cordon-state")).ToContainTextAsync("live audit");
        await Expect(viewer.Locator("#audit-table tr[data-action=cordon]", new() { HasText = "node rtx5090-01" })).ToHaveCountAsync(2);
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#cordon-reason", "done");
        await page.ClickAsync("#cordon-button");
        await Expect(page.Locator("#cordon-state")).ToHaveTextAsync("Schedulable");
        await Expect(viewer.Locator("#nav a[href='/audit']")).ToBeVisibleAsync();
    }
}
