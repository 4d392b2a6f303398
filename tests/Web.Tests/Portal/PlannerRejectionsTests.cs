using ControlPlane.Contracts.Deployments;
using ControlPlane.Web.Tests.Portal.Components;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>A pool with no node is a field error; What if? groups the nodes turned away by filter; a refused Create lists them grouped, wrapped in its alert.</summary>
[Collection(PortalCollection.Name)]
public sealed class PlannerRejectionsTests(PortalFixture fixture)
{
    [Fact(Timeout = 90_000)]
    public async Task A_pool_with_no_node_is_an_error_under_pool_naming_the_pools_and_nothing_is_planned_or_created()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/deployments/new");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-name", "no-pool");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-pool", "nosuchpool");
        await page.ClickAsync("#plan-button");

        var pool = page.Locator(".mud-input-control", new() { Has = page.Locator("#field-pool") });
        await Expect(pool).ToContainTextAsync("no node is in pool 'nosuchpool'; pools: ");
        await Expect(pool).ToContainTextAsync("h20");
        Assert.Equal(0, await page.Locator("#plan-result").CountAsync());

        await page.ClickAsync("#apply-button");
        await Expect(page.Locator("#apply-error")).ToContainTextAsync("pool");
        Assert.Null(await fixture.Plane.Grains.GetGrain<IModelDeploymentGrain>("no-pool").GetAsync());
    }

    [Fact(Timeout = 90_000)]
    public async Task What_if_shows_one_expandable_row_per_filter_with_the_count_of_nodes_it_turned_away()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/deployments/new");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-name", "grouped");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-pool", "h20");
        await page.ClickAsync("#plan-button");

        var group = page.Locator("#rejections details[data-rejection-filter=PoolFilter]");
        await Expect(group).ToHaveCountAsync(1);
        var count = int.Parse((await group.Locator("[data-rejection-count]").TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(count > 3, $"PoolFilter turned away {count} nodes");
        await Expect(group.Locator("tr[data-rejected-node]")).ToHaveCountAsync(count);
        await Expect(group.Locator("tr[data-rejected-node]").First).Not.ToBeVisibleAsync();

        await group.Locator("summary").ClickAsync();
        await Expect(group.Locator("tr[data-rejected-node]").First).ToBeVisibleAsync();
        await Expect(group.Locator("tr[data-rejected-node]").First).ToContainTextAsync("spec asks for h20");
    }

    [Fact(Timeout = 90_000)]
    public async Task A_create_that_fits_nowhere_lists_the_filters_inside_an_alert_that_wraps()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/deployments/new");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-name", "fits-nowhere");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-pool", "h20");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-prefill-tp", "8");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-decode-tp", "8");
        await PortalPagesTests.FillWhenInteractiveAsync(page, "#field-pairs", "4");
        await page.ClickAsync("#apply-button");

        var alert = page.Locator("#apply-error");
        await Expect(alert.Locator("#apply-rejections details[data-rejection-filter=PoolFilter]")).ToHaveCountAsync(1);
        var widths = await alert.EvaluateAsync<int[]>("e => [e.scrollWidth, e.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"the alert overflows: {widths[0]}px of content in {widths[1]}px");
        var box = (await alert.BoundingBoxAsync())!;
        Assert.True(box.X + box.Width <= 1600, $"the alert ends at {box.X + box.Width}px");

        // The grain keeps an unplaceable record (it holds no GPU); take it away for the tests that follow.
        await fixture.Plane.Grains.GetGrain<IModelDeploymentGrain>("fits-nowhere").DeleteAsync();
    }
}
