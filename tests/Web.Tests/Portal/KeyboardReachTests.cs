using ControlPlane.Web.Tests.Portal.Components;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>The fleet's count chips and sort headers and the incident filters are reached with Tab and used with Enter.</summary>
[Collection(PortalCollection.Name)]
public sealed class KeyboardReachTests(PortalFixture fixture)
{
    [Fact(Timeout = 90_000)]
    public async Task Tab_reaches_a_health_count_and_a_sort_header_on_the_fleet_page_and_Enter_uses_them()
    {
        var page = await fixture.SignedInPageAsync();
        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");

        var degraded = "#fleet-count [data-count=Degraded]";
        await TabUntilFocusedAsync(page, degraded);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(degraded)).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("#fleet-table tr[data-row=a100-01]")).ToBeVisibleAsync(); // Degraded by its Down mlx5_0
        await Expect(page.Locator("#fleet-table tr[data-row=h20-02]")).ToHaveCountAsync(0);

        var freeHeader = "#fleet-table th[data-sort=FreeGpus] button";
        await TabUntilFocusedAsync(page, freeHeader);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("th[data-sort=FreeGpus]")).ToHaveAttributeAsync("aria-sort", "ascending");
        await Expect(page.Locator("th[data-sort=FreeGpus]")).ToContainTextAsync("▲");
    }

    [Fact(Timeout = 90_000)]
    public async Task Tab_reaches_the_incident_state_filters_and_Enter_selects_one()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/incidents");
        await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-live", "true");

        var resolved = "#state-filter [data-filter=Resolved]";
        await TabUntilFocusedAsync(page, resolved);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(resolved)).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator(resolved)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bselected\b"));
        await Expect(page.Locator("#state-filter [data-filter=All]")).ToHaveAttributeAsync("aria-pressed", "false");
    }

    /// <summary>Presses Tab from where focus is until the element has it; fails when Tab never gets there.</summary>
    private static async Task TabUntilFocusedAsync(IPage page, string selector)
    {
        for (var presses = 0; presses < 80; presses++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"80 Tab presses never focused {selector}");
    }
}
